package dev.kiln.platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import dev.kiln.probe.ProbeMain;
import org.junit.jupiter.api.Test;

/** What an operator sees when the JVM is started wrongly or without privileges. */
class ForkedJvmTest {
    static String classPath() throws Exception {
        Path main = Path.of(LinuxClock.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path test = Path.of(ProbeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return main + File.pathSeparator + test;
    }

    static Netns.Result java(List<String> prefix, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(args));
        return Netns.run(cmd);
    }

    @Test
    void deniedNativeAccessExplainsTheFlag() throws Exception {
        var r = java(List.of(), "--illegal-native-access=deny", "-cp", classPath(), ProbeMain.class.getName(), "entropy");
        assertEquals(3, r.exit(), r.out());
        assertTrue(r.out().contains("native access to the operating system is denied")
                && r.out().contains("--enable-native-access=kiln.platform")
                && r.out().contains("--enable-native-access=ALL-UNNAMED"), r.out());
        assertTrue(!r.out().contains("\tat "), "no stack trace: " + r.out());
    }

    @Test
    void enabledNativeAccessWorks() throws Exception {
        var r = java(List.of(), "--illegal-native-access=deny", "--enable-native-access=ALL-UNNAMED", "-cp", classPath(),
                ProbeMain.class.getName(), "entropy");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().startsWith("ok "), r.out());
    }

    @Test
    void hotPathErrnoIsRightInAColdJvm() throws Exception {
        var r = java(List.of(), "--enable-native-access=ALL-UNNAMED", "-cp", classPath(), ProbeMain.class.getName(), "errno");
        assertEquals(0, r.exit(), r.out());
        assertEquals("ok -1 EBADF", r.out().strip());
    }

    @Test
    void modulePathNeedsTheModuleName() throws Exception {
        Path main = Path.of(LinuxClock.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path test = Path.of(ProbeMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        var ok = java(List.of(), "--illegal-native-access=deny", "--enable-native-access=kiln.platform",
                "-p", main.toString(), "--add-modules", "kiln.platform", "-cp", test.toString(), ProbeMain.class.getName(), "entropy");
        assertEquals(0, ok.exit(), ok.out());
        var denied = java(List.of(), "--illegal-native-access=deny",
                "-p", main.toString(), "--add-modules", "kiln.platform", "-cp", test.toString(), ProbeMain.class.getName(), "entropy");
        assertEquals(3, denied.exit(), denied.out());
        assertTrue(denied.out().contains("--enable-native-access=kiln.platform"), denied.out());
    }

    @Test
    void unprivilegedUserIsToldToUseRoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to drop to user nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        var r = java(List.of("/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all"),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath(), ProbeMain.class.getName(), "tap", "kt-nobody");
        assumeTrue(!r.out().contains("ClassNotFoundException") && !r.out().contains("Could not find or load"),
                "user nobody cannot read the build directory: " + r.out());
        assertEquals(3, r.exit(), r.out());
        assertTrue(r.out().contains("EACCES") && r.out().contains("run as root or grant CAP_NET_ADMIN"), r.out());
    }
}

package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An option the JDK does not take stops the image build before any stage runs, naming where it came from and the
 * option at fault; one it knows passes (this runs {@code java -version}, well under a second each).
 */
class JvmOptionsCheckTest {
    @TempDir
    Path dir;

    private ImageSpec spec(List<String> options) throws Exception {
        Path jar = Files.writeString(dir.resolve("app.jar"), "not really a jar");
        Path data = Files.writeString(dir.resolve("zones.kzone"), "baked");
        return ImageSpec.of("dns", List.of(jar), "dev.kiln.generated.DnsMain", data)
                .withJvmOptions(options, "examples/dns/appliance.properties:11");
    }

    @Test
    void anUnknownOptionFailsTheBuildNamingTheLineAndTheOption() throws Exception {
        ImageSpec spec = spec(List.of("-XX:PerMethodTrapLimit=0", "-XX:+NoSuchKilnOption"));
        Path out = dir.resolve("image");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BuildException e = assertThrows(BuildException.class,
                () -> ImageBuilder.build(spec, out, new PrintStream(log, true, StandardCharsets.UTF_8)));
        String m = e.getMessage();
        assertTrue(m.startsWith("examples/dns/appliance.properties:11: the image's JVM"), m);
        assertTrue(m.contains("Unrecognized VM option 'NoSuchKilnOption'"), m);
        assertTrue(m.contains("fix or remove -XX:+NoSuchKilnOption"), m);
        assertFalse(Files.exists(out), "nothing was built");
    }

    @Test
    void knownOptionsPass() throws Exception {
        JvmOptionsCheck.check(Path.of(System.getProperty("java.home")),
                spec(List.of("-XX:PerMethodTrapLimit=0", "-Xss1m", "-Dkiln.test=1", "-Xlog:gc")), new LayoutSeed(3));
    }

    @Test
    void whatTheJvmSaysIsReadForTheOptionAtFault() throws Exception {
        ImageSpec spec = spec(List.of("-XX:PerMethodTrapLimit=x", "-Xss1q", "-Xlog:nosuchtag", "-XX:MetaspaceReclaimPolicy=none"));
        String improper = JvmOptionsCheck.refusal("Improperly specified VM option 'PerMethodTrapLimit=x'\n"
                + "Error: Could not create the Java Virtual Machine.\nError: A fatal exception has occurred. Program will exit.\n", 1);
        assertEquals("Improperly specified VM option 'PerMethodTrapLimit=x' (exit 1)", improper);
        assertTrue(JvmOptionsCheck.message(spec, improper).contains("fix or remove -XX:PerMethodTrapLimit=x"));
        assertTrue(JvmOptionsCheck.message(spec, "Invalid thread stack size: -Xss1q (exit 1)").contains("fix or remove -Xss1q"));
        String log = JvmOptionsCheck.refusal("[0.001s][info][gc] Using Serial\n[0.001s][error][logging] Invalid tag 'nosuchtag'"
                + " in log selection.\nInvalid -Xlog option '-Xlog:nosuchtag', see error log for details.\n", 1);
        assertFalse(log.contains("Using Serial"), log);
        assertTrue(JvmOptionsCheck.message(spec, log).contains("fix or remove -Xlog:nosuchtag"), log);
        String ignored = JvmOptionsCheck.refusal("OpenJDK 64-Bit Server VM warning: Ignoring option MetaspaceReclaimPolicy;"
                + " support was removed in 21.0\nopenjdk version \"25\"\n", 0);
        assertTrue(JvmOptionsCheck.message(spec, ignored).contains("fix or remove -XX:MetaspaceReclaimPolicy=none"), ignored);
        assertNull(JvmOptionsCheck.refusal("OpenJDK 64-Bit Server VM warning: Option Foo was deprecated in version 25.0\n", 0));
    }
}

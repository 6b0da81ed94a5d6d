package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.build.BuildException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The descriptor's {@code jvm-options=} on both ways to boot: {@code kiln run DIR}'s java command puts them after
 * Kiln's flags and before {@code KILN_JAVA_OPTS}; {@code kiln build} of a descriptor whose option the JDK does not
 * know stops (after configure, before jlink: seconds) naming the descriptor's line and the option.
 */
class JvmOptionsBuildTest {
    @TempDir
    Path tmp;

    @Test
    void runDirectoryPutsTheAppliancesOptionsBetweenKilnsAndTheOperators() {
        List<String> cmd = ApplianceProcess.javaCommand(128, List.of("-XX:PerMethodTrapLimit=0"), List.of("-XX:PerMethodTrapLimit=9"));
        int kilnLast = cmd.indexOf("-XX:InitialCodeCacheSize=64m");
        assertTrue(kilnLast > 0 && cmd.contains("-Xmx128m"), cmd.toString());
        assertEquals(List.of("-XX:PerMethodTrapLimit=0", "-XX:PerMethodTrapLimit=9"), cmd.subList(kilnLast + 1, cmd.size()), cmd.toString());
        assertEquals(kilnLast + 1, ApplianceProcess.javaCommand(128, List.of(), List.of()).size());
    }

    @Test
    void buildWithAnOptionTheJdkDoesNotKnowNamesTheLine() throws Exception {
        Path dns = Path.of("..", "examples", "dns");
        Path app = tmp.resolve("dns");
        Files.createDirectories(app.resolve("target/lib"));
        Files.createDirectories(app.resolve("zones"));
        try (var zones = Files.list(dns.resolve("zones"))) {
            for (Path z : zones.toList()) Files.copy(z, app.resolve("zones").resolve(z.getFileName()));
        }
        // the example's built jars (no pom.xml here: nothing to recompile)
        for (Path jar : ApplianceDir.open(dns).classPath()) {
            Path at = jar.getParent().getFileName().toString().equals("lib") ? app.resolve("target/lib") : app.resolve("target");
            Files.copy(jar, at.resolve(jar.getFileName()));
        }
        String descriptor = Files.readString(dns.resolve("appliance.properties")) + "jvm-options=-XX:PerMethodTrapLimit=0 -XX:+NoSuchKilnOption\n";
        Files.writeString(app.resolve("appliance.properties"), descriptor);
        int line = (int) descriptor.lines().count();

        Path out = tmp.resolve("image");
        BuildException e = assertThrows(BuildException.class, () -> BuildCommand.build(app, "host", out, false, false, 0));
        String m = e.getMessage();
        assertTrue(m.startsWith(app.resolve("appliance.properties") + ":" + line + ": the image's JVM"), m);
        assertTrue(m.contains("Unrecognized VM option 'NoSuchKilnOption'") && m.contains("fix or remove -XX:+NoSuchKilnOption"), m);
        assertFalse(Files.exists(out.resolve("runtime")), "stopped before jlink");
    }
}

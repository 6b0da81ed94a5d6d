package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher passes the appliance's own JVM options after Kiln's flags and before {@code KILN_JAVA_OPTS}, as the
 * words they are (run through {@code sh} with a stand-in {@code java} that prints its arguments); they count in the
 * build id.
 */
class LauncherScriptTest {
    private static final String ID = "0123456789abcdef".repeat(4);

    @TempDir
    Path dir;

    private ImageSpec spec(List<String> options) throws Exception {
        Path jar = Files.writeString(dir.resolve("app.jar"), "not really a jar");
        Path data = Files.writeString(dir.resolve("site.ksite"), "baked");
        return ImageSpec.of("www", List.of(jar), "dev.kiln.generated.WwwMain", data).withData("--site", data)
                .withHeapMb(128).withJvmOptions(options, "appliance.properties:12");
    }

    @Test
    void optionsComeAfterKilnsFlagsAndBeforeTheOperatorsAsTheyAre() throws Exception {
        ImageSpec spec = spec(List.of("-XX:PerMethodTrapLimit=0", "-Xlog:gc*"));
        LayoutSeed layout = new LayoutSeed(7);
        Path image = dir.resolve("image");
        Files.createDirectories(image.resolve("bin"));
        Files.createDirectories(image.resolve("runtime/bin"));
        Path java = image.resolve("runtime/bin/java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(image.resolve(LauncherScript.PATH), LauncherScript.render(spec, layout, List.of("00-app.jar"), "site.ksite", ID));
        Files.writeString(dir.resolve("-Xlog:gc-a-file-a-glob-would-match"), ""); // in the launcher's working directory

        ProcessBuilder pb = new ProcessBuilder("sh", image.resolve(LauncherScript.PATH).toString(), "--port", "80")
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("KILN_JAVA_OPTS", "-XX:PerMethodTrapLimit=100 -Xlog:disable");
        pb.environment().put("KILN_AOT", "off");
        Process p = pb.start();
        List<String> args = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), args.toString());

        List<String> kiln = LauncherScript.jvmFlags(spec, layout);
        assertEquals(kiln, args.subList(0, kiln.size()), "Kiln's flags first");
        assertEquals(List.of("-XX:PerMethodTrapLimit=0", "-Xlog:gc*", "-XX:PerMethodTrapLimit=100", "-Xlog:disable", "-cp"),
                args.subList(kiln.size(), kiln.size() + 5), "then the appliance's (unglobbed), then KILN_JAVA_OPTS, so the operator's win");
        assertEquals(List.of("--port", "80"), args.subList(args.size() - 2, args.size()));
        assertEquals(LauncherScript.allFlags(spec, layout), args.subList(0, kiln.size() + 2));
    }

    @Test
    void withoutOptionsTheLauncherIsAsBefore() throws Exception {
        ImageSpec spec = spec(List.of());
        LayoutSeed layout = new LayoutSeed(7);
        assertEquals(LauncherScript.jvmFlags(spec, layout), LauncherScript.allFlags(spec, layout));
        String script = LauncherScript.render(spec, layout, List.of("00-app.jar"), "site.ksite", ID);
        assertTrue(script.contains(String.join(" ", LauncherScript.jvmFlags(spec, layout)) + " $AOT $KILN_JAVA_OPTS"), script);
        assertFalse(script.contains("'-"), script);
    }

    @Test
    void optionsArePartOfTheBuildId() throws Exception {
        String none = ImageBuilder.buildId(spec(List.of()));
        String one = ImageBuilder.buildId(spec(List.of("-XX:PerMethodTrapLimit=0")));
        assertNotEquals(none, one);
        assertEquals(one, ImageBuilder.buildId(spec(List.of("-XX:PerMethodTrapLimit=0"))));
        assertNotEquals(one, ImageBuilder.buildId(spec(List.of("-XX:PerMethodTrapLimit=1"))));
        assertEquals(one, ImageBuilder.buildId(spec(List.of()).withJvmOptions(List.of("-XX:PerMethodTrapLimit=0"), "elsewhere:3")),
                "where they came from is not part of it");
    }

    @Test
    void theSpecRefusesWhatAShellLineCannotCarry() throws Exception {
        for (String bad : List.of("-Dx='y'", "-Dx=a b", "-Dx=\\n", "XX:+Foo", "-", "-D\"x\"=1", "-Dx=" + "v".repeat(200))) {
            BuildException e = assertThrows(BuildException.class, () -> spec(List.of(bad)), bad);
            assertTrue(e.getMessage().startsWith("appliance.properties:12: "), e.getMessage());
        }
        List<String> many = java.util.Collections.nCopies(ImageSpec.JVM_OPTIONS_MAX + 1, "-Xlog");
        assertThrows(BuildException.class, () -> spec(many));
    }
}

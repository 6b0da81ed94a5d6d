package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.build.BuiltImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * SLOW (jlink: tens of seconds): {@code kiln build examples/dns --target host --no-aot -o TMP}, then
 * {@code kiln run TMP}: the image boots its generated main, seals itself and answers.
 * Skip with {@code -DexcludedGroups=slow}.
 */
@Tag("slow")
class BuildAndRunImageSlowTest {
    @TempDir
    Path tmp;

    @Test
    void dnsExampleBuildsIntoAnImageThatBootsSealedAndAnswers() throws Exception {
        BuiltImage img = BuildCommand.build(Path.of("..", "examples", "dns"), "host", tmp.resolve("img"), false, false, 0);
        assertEquals("dev.kiln.generated.DnsMain", img.manifest().get("main.class"));
        assertTrue(img.stageMillis().containsKey("jlink"), img.stageMillis().toString());

        TargetOptions wrong = new TargetOptions();
        new CommandLine(wrong).parseArgs("--target", "tap");
        UserError e = assertThrows(UserError.class, () -> Boot.start(img.dir(), wrong, System.out));
        assertTrue(e.getMessage().contains("built for the host target"), e.getMessage());

        TargetOptions o = new TargetOptions();
        new CommandLine(o).parseArgs("--port", String.valueOf(DnsAsk.freePort()));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8); Boot boot = Boot.start(img.dir(), o, out)) {
            byte[] r = DnsAsk.askA(o.port, "www.example.com");
            String banner = log.toString(StandardCharsets.UTF_8);
            assertEquals(0, r[3] & 0x0f, "NOERROR\n" + banner);
            assertEquals(2, r[7], "two A records for www.example.com\n" + banner);
            assertTrue(banner.contains("sealed   yes"), banner);
            assertTrue(banner.contains("booting image"), banner);
        }
    }
}

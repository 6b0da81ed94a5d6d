package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kiln new hello} gives a project that compiles (Maven, in a child process), configures and
 * boots on the host target, and answers a DNS query for its zone; the same path {@code kiln run DIR} takes.
 */
class NewProjectTest {
    @TempDir
    Path tmp;

    @Test
    void scaffoldedProjectBuildsBootsAndAnswers() throws Exception {
        Path dir = NewCommand.create(tmp, "hello");
        assertTrue(Files.isRegularFile(dir.resolve("appliance.properties")));
        TargetOptions o = new TargetOptions();
        new CommandLine(o).parseArgs("--target", "host", "--port", String.valueOf(DnsAsk.freePort()), "--no-seal");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8); Boot boot = Boot.start(dir, o, out)) {
            byte[] r = DnsAsk.askA(o.port, "www.hello.test");
            String banner = log.toString(StandardCharsets.UTF_8);
            assertEquals(0x12, r[0] & 0xff, "same id");
            assertEquals(0, r[3] & 0x0f, "NOERROR\n" + banner);
            assertEquals(1, r[7], "one answer (www.hello.test A)\n" + banner);
            assertTrue(banner.contains("DNS for hello.test on UDP port " + o.port), banner);
            assertTrue(banner.contains("sealed   no"), banner);
        }
    }

    @Test
    void refusesBadNamesAndExistingDirectories() {
        assertThrows(UserError.class, () -> NewCommand.create(tmp, "Bad Name"));
        assertThrows(UserError.class, () -> NewCommand.create(tmp, "int"));
        NewCommand.create(tmp, "twice");
        UserError e = assertThrows(UserError.class, () -> NewCommand.create(tmp, "twice"));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }
}

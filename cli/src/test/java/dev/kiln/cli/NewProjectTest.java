package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
        new CommandLine(o).parseArgs("--target", "host", "--port", String.valueOf(freePort()), "--no-seal");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
             Boot boot = Boot.start(dir, o, out);
             DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            byte[] q = query("www.hello.test");
            s.setSoTimeout(5000);
            s.send(new DatagramPacket(q, q.length, InetAddress.getLoopbackAddress(), o.port));
            byte[] buf = new byte[512];
            DatagramPacket r = new DatagramPacket(buf, buf.length);
            s.receive(r);
            String banner = log.toString(StandardCharsets.UTF_8);
            assertEquals(0x12, buf[0] & 0xff, "same id");
            assertEquals(0, buf[3] & 0x0f, "NOERROR\n" + banner);
            assertEquals(1, buf[7], "one answer (www.hello.test A)\n" + banner);
            assertTrue(banner.contains("DNS for hello.test on UDP port " + o.port), banner);
        }
    }

    @Test
    void refusesBadNamesAndExistingDirectories() {
        assertThrows(UserError.class, () -> NewCommand.create(tmp, "Bad Name"));
        NewCommand.create(tmp, "twice");
        UserError e = assertThrows(UserError.class, () -> NewCommand.create(tmp, "twice"));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }

    /** A standard query (id 0x1234, RD) for NAME IN A. */
    private static byte[] query(String name) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(new byte[] {0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0});
        for (String label : name.split("\\.")) {
            b.write(label.length());
            b.writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        b.writeBytes(new byte[] {0, 0, 1, 0, 1});
        return b.toByteArray();
    }

    private static int freePort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }
}

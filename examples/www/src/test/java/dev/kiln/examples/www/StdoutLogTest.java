package dev.kiln.examples.www;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kiln.http.AccessEntry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The buffered access log: nothing is written until flush (or 32 KiB), then the lines in order. */
class StdoutLogTest {
    @Test
    void linesWaitForFlushThenComeOutInOrder() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(bytes, false, StandardCharsets.UTF_8));
            StdoutLog log = new StdoutLog();
            AccessEntry a = new AccessEntry("192.0.2.1", 0, "GET", "/a", "HTTP/1.1", 200, 5, null);
            AccessEntry b = new AccessEntry("192.0.2.1", 0, "GET", "/b", "HTTP/1.1", 404, 0, null);
            log.log(a);
            log.log(b);
            assertEquals(0, bytes.size(), "buffered until flush");
            log.flush();
            assertEquals(a.commonLogFormat() + "\n" + b.commonLogFormat() + "\n", bytes.toString(StandardCharsets.UTF_8));
            log.flush();
            assertEquals(2, bytes.toString(StandardCharsets.UTF_8).lines().count(), "a second flush writes nothing");
            bytes.reset();
            int n = 0;
            while (bytes.size() == 0) { log.log(a); n++; }
            assertEquals(n, bytes.toString(StandardCharsets.UTF_8).lines().count(), "32 KiB piled up: written without a flush");
        } finally {
            System.setOut(saved);
        }
    }
}

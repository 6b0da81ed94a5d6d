package dev.kiln.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link HttpSession#peekOutput}/{@link HttpSession#skip}: a large body is offered in place, and the bytes equal drain's. */
class HttpSessionPeekTest {
    static final HttpLimits LIMITS = new HttpLimits(8192, 16384, 100, 1 << 20, 30_000_000_000L, 256 << 10);
    static final byte[] BODY = new byte[100_000];
    static { for (int i = 0; i < BODY.length; i++) BODY[i] = (byte) (i * 31 + 7); }

    static HttpSession session() {
        HttpServer s = new HttpServer(r -> Response.of(200, "application/octet-stream", BODY), LIMITS, WallClock.NONE, AccessLog.NONE);
        HttpSession c = s.accept("p", 0);
        byte[] req = "GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        assertEquals(req.length, c.receive(req, 0, req.length, 0));
        return c;
    }

    /** Like SessionHandler: peeked chunks taken {@code step} bytes at a time, the rest through a small drain buffer. */
    static byte[] sendAll(HttpSession c, int step, boolean peek) {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer scratch = ByteBuffer.allocate(1000);
        while (c.pendingOutput() > 0) {
            ByteBuffer big = peek ? c.peekOutput() : null;
            if (big != null) {
                assertTrue(big.remaining() >= HttpSession.PEEK_BYTES_MIN, "only large chunks are offered in place");
                int k = Math.min(step, big.remaining());
                byte[] b = new byte[k];
                big.get(b); // a view: reading it does not consume
                got.writeBytes(b);
                c.skip(k, 1);
                continue;
            }
            scratch.clear();
            int n = c.drain(scratch, 1);
            got.write(scratch.array(), 0, n);
        }
        return got.toByteArray();
    }

    @Test
    void peekAndSkipSendTheSameBytesAsDrain() {
        byte[] drained = sendAll(session(), 0, false);
        assertTrue(drained.length > 2 * BODY.length && drained.length < 2 * BODY.length + 400, "two heads and two bodies");
        assertArrayEquals(drained, sendAll(session(), 4096, true));
        assertArrayEquals(drained, sendAll(session(), 65536, true));
    }

    @Test
    void headersAreNotOfferedInPlaceAndSkipChecksItsCount() {
        HttpSession c = session();
        assertNull(c.peekOutput(), "the head block is small: it goes through drain, coalesced");
        ByteBuffer head = ByteBuffer.allocate(100);
        while (c.peekOutput() == null) { head.clear(); c.drain(head.limit(1), 1); }
        ByteBuffer big = c.peekOutput();
        assertEquals(BODY.length, big.remaining());
        assertThrows(IllegalArgumentException.class, () -> c.skip(BODY.length + 1, 1));
        assertThrows(IllegalArgumentException.class, () -> c.skip(-1, 1));
        c.skip(BODY.length, 1);
        assertNull(c.peekOutput(), "next: the second response's head");
    }
}

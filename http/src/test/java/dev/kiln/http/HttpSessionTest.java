package dev.kiln.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Golden response bytes of the connection session: persistence, pipelining, errors, limits, idle time. */
class HttpSessionTest {
    static final String DATE = "Date: Sat, 28 Nov 2026 12:00:01 GMT\r\n";

    static String ok(String body, String conn) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + body.length() + "\r\n"
                + DATE + conn + "\r\n" + body;
    }

    @Test
    void http11KeepsTheConnectionAndAnswersPipelinedRequestsInOrder() {
        Wire w = new Wire(Wire::echo);
        String out = w.send("GET /a HTTP/1.1\r\nHost: h\r\n\r\nPOST /b?q HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhelloHEAD /c HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(ok("GET /a ", "") + ok("POST /b?q hello", "")
                + "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 8\r\n" + DATE + "\r\n", out);
        assertFalse(w.session.shouldClose());
        assertEquals("192.0.2.9 - - [28/Nov/2026:12:00:01 +0000] \"POST /b?q HTTP/1.1\" 200 15", w.log.get(1).commonLogFormat());
        assertEquals(3, w.log.size());
    }

    @Test
    void connectionCloseAndHttp10Rules() {
        Wire w = new Wire(Wire::echo);
        assertEquals(ok("GET / ", "Connection: close\r\n"), w.send("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\nGET /ignored HTTP/1.1\r\n"));
        assertTrue(w.session.shouldClose());
        Wire w10 = new Wire(Wire::echo);
        assertEquals(ok("GET / ", "Connection: close\r\n"), w10.send("GET / HTTP/1.0\r\n\r\n"));
        assertTrue(w10.session.shouldClose());
        Wire ka = new Wire(Wire::echo);
        assertEquals(ok("GET / ", "Connection: keep-alive\r\n"), ka.send("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
        assertFalse(ka.session.shouldClose());
    }

    @Test
    void errorsAreAnsweredThenTheConnectionCloses() {
        Wire w = new Wire(Wire::echo);
        String out = w.send("GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/3.0\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(ok("GET / ", "") + "HTTP/1.1 505 HTTP Version Not Supported\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: 27\r\n" + DATE + "Connection: close\r\n\r\nHTTP Version Not Supported\n", out);
        assertTrue(w.session.shouldClose());
        assertEquals("192.0.2.9 - - [28/Nov/2026:12:00:01 +0000] \"-\" 505 27", w.log.get(1).commonLogFormat());
        assertEquals("unsupported HTTP major version", w.log.get(1).note());
    }

    @Test
    void chunkedBodiesAreDecoded() {
        Wire w = new Wire(Wire::echo);
        String out = w.send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n");
        assertEquals(ok("POST /c hello world", ""), out);
        Wire bad = new Wire(Wire::echo);
        assertTrue(bad.send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n").startsWith("HTTP/1.1 400 "));
        Wire cr = new Wire(Wire::echo);
        assertTrue(cr.send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;a\rb\r\nx\r\n0\r\n\r\n").startsWith("HTTP/1.1 400 "), "bare CR in an extension");
        Wire big = new Wire(Wire::echo, new HttpLimits(8192, 16384, 100, 4, 1_000_000_000L, 1 << 16));
        assertTrue(big.send("POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n").startsWith("HTTP/1.1 413 "));
    }

    @Test
    void expectContinueGetsAnInterimResponse() {
        Wire w = new Wire(Wire::echo);
        assertEquals("HTTP/1.1 100 Continue\r\n\r\n", w.send("PUT /u HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n"));
        assertEquals(ok("PUT /u ok", ""), w.send("ok"));
    }

    @Test
    void handlerFailuresAre500AndClose() {
        Wire w = new Wire(r -> { throw new IllegalStateException("bug"); });
        assertTrue(w.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n").startsWith("HTTP/1.1 500 Internal Server Error\r\n"));
        assertTrue(w.session.shouldClose());
    }

    @Test
    void idleConnectionsCloseAndPartialRequestsGet408() {
        Wire quiet = new Wire(Wire::echo);
        assertEquals(Wire.T0 + HttpLimits.DEFAULTS.idleNs(), quiet.session.pollAtNs());
        quiet.session.poll(quiet.session.pollAtNs() - 1);
        assertFalse(quiet.session.shouldClose());
        quiet.session.poll(quiet.session.pollAtNs());
        assertTrue(quiet.session.shouldClose());
        assertEquals("", quiet.drain());

        Wire partial = new Wire(Wire::echo);
        partial.send("GET / HTTP/1.1\r\nHo");
        long at = partial.session.pollAtNs();
        partial.session.poll(at);
        assertTrue(partial.drain().startsWith("HTTP/1.1 408 Request Timeout\r\n"));
        assertTrue(partial.session.shouldClose());
    }

    @Test
    void aPeerThatStopsReadingStopsTheReadingOfRequests() {
        HttpLimits small = new HttpLimits(1024, 2048, 10, 1024, 1_000_000_000L, 1024);
        HttpServer s = new HttpServer(r -> Response.text(200, "x".repeat(600)), small, WallClock.NONE, AccessLog.NONE);
        HttpSession c = s.accept("p", 0);
        byte[] req = "GET / HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] many = new byte[req.length * 400];
        for (int i = 0; i < 400; i++) System.arraycopy(req, 0, many, i * req.length, req.length);
        int taken = c.receive(many, 0, many.length, 0);
        assertTrue(taken < many.length, "input is bounded: took " + taken);
        assertTrue(c.pendingOutput() <= 1024 + 700, "output is bounded: " + c.pendingOutput());
        // draining lets it go on
        long before = c.pendingOutput();
        c.drain(ByteBuffer.allocate(1 << 20), 0);
        assertTrue(c.pendingOutput() > 0 && before > 0);
        // idle peer that never reads: closed at the deadline, output dropped
        c.poll(c.pollAtNs());
        c.poll(c.pollAtNs());
        assertTrue(c.shouldClose());
    }

    @Test
    void eofAfterCompleteRequestsStillAnswersThem() {
        Wire w = new Wire(Wire::echo);
        byte[] b = "GET /x HTTP/1.1\r\nHost: h\r\n\r\nGET /y HT".getBytes(StandardCharsets.US_ASCII);
        w.session.receive(b, 0, b.length, Wire.T0);
        w.session.receiveEof(Wire.T0);
        assertEquals(ok("GET /x ", ""), w.drain());
        assertTrue(w.session.shouldClose());
    }

    @Test
    void largeBodiesArriveInAnyPieces() {
        String body = "0123456789abcdef".repeat(6400);                  // 100 KiB: the body buffer grows
        Wire w = new Wire(r -> Response.text(200, Integer.toString(r.body().length) + " " + new String(r.body(), StandardCharsets.ISO_8859_1).equals(body)));
        byte[] req = ("POST /big HTTP/1.1\r\nHost: h\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(w.send(req, new int[] {1, 7, 1500, 65536, 3}).endsWith("\r\n\r\n102400 true"));
    }

    @Test
    void aHeadThatTricklesInStillMustCompleteWithinTheIdleTime() {
        Wire w = new Wire(Wire::echo);
        long idle = HttpLimits.DEFAULTS.idleNs(), now = Wire.T0;
        byte[] b = "GET / HTTP/1.1\r\nHost: h\r\nX: y".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < b.length && now < Wire.T0 + idle; i++, now += idle / 4) {
            w.session.receive(b, i, 1, now);
            w.session.poll(now);
        }
        assertEquals(Wire.T0 + idle, w.session.pollAtNs(), "bytes did not extend the head's deadline");
        w.session.poll(Wire.T0 + idle);
        assertTrue(w.drain().startsWith("HTTP/1.1 408 Request Timeout\r\n"));
        assertTrue(w.session.shouldClose());
    }

    @Test
    void byteBuffersAreTakenFromTheirPosition() {
        Wire w = new Wire(Wire::echo);
        ByteBuffer src = ByteBuffer.allocateDirect(64).put("GET /d HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).flip();
        assertEquals(src.limit(), w.session.receive(src, Wire.T0));
        assertFalse(src.hasRemaining());
        assertEquals(ok("GET /d ", ""), w.drain());
    }
}

package dev.kiln.http;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;

/**
 * Jazzer: the request parser never throws and never reads past its limits; a session fed any bytes
 * in any pieces never throws, answers only with well-formed status lines and keeps its buffers bounded.
 */
class RequestParserFuzzTest {
    static final HttpLimits SMALL = new HttpLimits(256, 1024, 16, 2048, 1_000_000_000L, 4096);

    @FuzzTest(maxDuration = "10s")
    void parserNeverThrows(byte[] data) {
        RequestParser p = new RequestParser(SMALL);
        ParseResult r = p.parse(data, 0, data.length);
        if (r.complete()) {
            assertTrue(r.headBytes() <= Math.min(data.length, SMALL.headerBytesMax()));
            assertTrue(r.head().bodyLength() <= SMALL.bodyBytesMax());
        } else if (r.needMore()) {
            assertTrue(data.length <= SMALL.headerBytesMax());
        } else {
            assertTrue(r.status() >= 400 && r.status() <= 505, "status " + r.status());
        }
    }

    @FuzzTest(maxDuration = "10s")
    void sessionNeverThrows(FuzzedDataProvider in) {
        HttpServer s = new HttpServer(r -> Response.of(200, "text/plain", r.body()), SMALL, WallClock.fixedOffset(0), e -> { });
        HttpSession c = s.accept("peer", 0);
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        long now = 0;
        while (in.remainingBytes() > 0 && !c.shouldClose()) {
            byte[] piece = in.consumeBytes(in.consumeInt(1, 300));
            now += in.consumeInt(0, 400_000_000);
            c.receive(piece, 0, piece.length, now);
            if (in.consumeBoolean()) c.drain(out.clear(), now);
            c.poll(now);
            assertTrue(c.pendingOutput() <= SMALL.outputBytesMax() + SMALL.bodyBytesMax() + 512, "output bounded");
        }
        c.receiveEof(now);
        out.clear();
        c.drain(out, now);
        if (out.position() >= 9) assertTrue(new String(out.array(), 0, 9, java.nio.charset.StandardCharsets.US_ASCII).equals("HTTP/1.1 "));
    }
}

package dev.kiln.http.tls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kiln.http.AccessLog;
import dev.kiln.http.HttpLimits;
import dev.kiln.http.HttpServer;
import dev.kiln.http.Response;
import dev.kiln.http.WallClock;
import java.nio.ByteBuffer;
import java.security.SecureRandom;

/**
 * Jazzer: a TLS session fed any bytes (records or not, cut anywhere, with EOF and idle time between)
 * never throws, never takes more than it was given, and closes once the engine has refused the input.
 * The adapter parses no record itself (the SSLEngine does): this checks that no exception or state
 * of the engine escapes it. The seed corpus starts with a real ClientHello.
 */
class TlsSessionFuzzTest {
    static final TlsServer TLS = TlsServer.create(TestIdentity.of("EC"), new SecureRandom());
    static final HttpServer HTTP = new HttpServer(r -> Response.text(200, "x"), HttpLimits.DEFAULTS, WallClock.NONE, AccessLog.NONE);

    @FuzzTest(maxDuration = "10s")
    void anyBytesNeverThrow(FuzzedDataProvider in) {
        TlsSession s = TLS.open(HTTP.accept("p", 0), "p", 1);
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        long now = 0;
        while (in.remainingBytes() > 0 && !s.shouldClose()) {
            byte[] piece = in.consumeBytes(in.consumeInt(1, 2000));
            ByteBuffer b = ByteBuffer.wrap(piece);
            int took = s.receive(b, now);
            assertTrue(took >= 0 && took <= piece.length && b.position() == took);
            now += in.consumeInt(0, 2_000_000_000);
            s.drain(out.clear(), now);
            if (in.consumeBoolean()) s.poll(now);
            if (in.remainingBytes() < 4 && in.consumeBoolean()) s.receiveEof(now);
        }
        for (int i = 0; i < 8 && !s.shouldClose(); i++) s.drain(out.clear(), now);
        assertTrue(s.pendingOutput() >= 0);
    }
}

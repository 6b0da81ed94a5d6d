package dev.kiln.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP service: the handler, the limits, the wall clock and the access log, shared by its
 * connections' {@link HttpSession}s. Driven by one loop thread (not thread-safe), like a stack.
 */
public final class HttpServer {
    final Handler handler;
    final HttpLimits limits;
    final WallClock clock;
    final AccessLog log;
    private long dateSecond = Long.MIN_VALUE;
    private ByteBuffer dateLine = EMPTY;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    public HttpServer(Handler handler, HttpLimits limits, WallClock clock, AccessLog log) {
        if (handler == null || limits == null || clock == null || log == null) throw new IllegalArgumentException("HttpServer needs a handler, limits, a clock (or WallClock.NONE) and a log (or AccessLog.NONE)");
        this.handler = handler; this.limits = limits; this.clock = clock; this.log = log;
    }

    /** A new connection from {@code peer}, accepted at {@code nowNs}. */
    public HttpSession accept(String peer, long nowNs) { return new HttpSession(this, peer, nowNs); }

    /** "Date: …\r\n" for this second, formatted once per second (read-only: sessions queue it as it is); empty without a clock. */
    ByteBuffer dateLine(long epochSeconds) {
        if (epochSeconds < 0) return EMPTY;
        if (epochSeconds != dateSecond) {
            dateSecond = epochSeconds;
            dateLine = ByteBuffer.wrap(("Date: " + HttpDate.format(epochSeconds) + "\r\n").getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
        }
        return dateLine;
    }
}

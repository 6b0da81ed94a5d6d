package dev.kiln.http;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * One connection's protocol, sans-I/O, as a transport drives it: bytes in, bytes out, time in, the
 * next deadline out. {@link HttpSession} is one; {@link dev.kiln.http.tls.TlsSession} wraps one in TLS.
 * A transport offers what it received to {@link #receive}, moves {@link #drain}ed bytes to the peer
 * while the peer takes them, calls {@link #poll} at {@link #pollAtNs}, and closes once {@link #shouldClose}.
 */
public interface ByteSession {
    /** Takes bytes from {@code src}'s position on (advancing it); may take fewer when its buffers are full. */
    int receive(ByteBuffer src, long nowNs);

    /**
     * Takes bytes from the start of {@code src}, as {@link #receive(ByteBuffer, long)}; returns how many. The default
     * wraps {@code src} in a buffer (an object per call); a session that copies straight from it need not.
     */
    default int receive(MemorySegment src, long nowNs) {
        ByteBuffer b = src.asByteBuffer();
        receive(b, nowNs);
        return b.position();
    }

    /** The peer will send no more bytes. */
    void receiveEof(long nowNs);

    /** Copies bytes to send into {@code dst} (up to its remaining space); returns how many. */
    int drain(ByteBuffer dst, long nowNs);

    /**
     * The next queued output bytes when they are worth sending from where they lie (a large body slice),
     * else null: a transport then writes them straight into its send buffer and calls {@link #skip},
     * one copy instead of two through {@link #drain}. The buffer is a view: do not keep it.
     */
    default ByteBuffer peekOutput() { return null; }

    /**
     * As {@link #drain}, but stops before a chunk {@link #peekOutput} would offer once it copied something: a
     * transport that lends such chunks drains the head that precedes a body, then lends the body, instead of
     * copying the body's first part along with the head. The default is {@link #drain}.
     */
    default int drainToLendable(ByteBuffer dst, long nowNs) { return drain(dst, nowNs); }

    /** Marks {@code n} bytes of {@link #peekOutput()} as sent (as if {@link #drain} had copied them). */
    default void skip(int n, long nowNs) { throw new UnsupportedOperationException("skip without peekOutput"); }

    /**
     * Told by a TLS session around this one once its handshake completed: the server_name the client
     * sent (SNI), or "" if it sent none. A session that logs requests records it; others ignore it.
     */
    default void tlsServerName(String serverName) { }

    /** Bytes (or at least one byte's worth of work) waiting for {@link #drain}; 0 when there is nothing to send. */
    long pendingOutput();

    /** True once everything was drained and the connection should be closed. */
    boolean shouldClose();

    /** When {@link #poll} has work (an idle deadline). */
    long pollAtNs();

    /** Enforces deadlines. */
    void poll(long nowNs);
}

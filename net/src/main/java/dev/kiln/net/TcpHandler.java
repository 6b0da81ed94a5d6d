package dev.kiln.net;

import java.lang.foreign.MemorySegment;

/**
 * The application's side of the TCP connections a listener accepts: callbacks on the loop thread.
 *
 * <h2>Contract (both targets implement exactly this)</h2>
 * <ul>
 * <li><b>Threading.</b> Every callback runs on the stack's loop thread, inside {@code doWork},
 *     never concurrently and never from inside a {@link TcpConnection} method (no re-entry).
 *     Other threads reach a connection only through {@link TcpListener#execute} (or
 *     {@link NetStack#execute} for connections it opened).</li>
 * <li><b>Order, per connection.</b> {@code onAccepted} first (for {@link NetStack#tcpConnect}: once the
 *     handshake completes; a connection that never gets there has {@code onClosed} alone, with
 *     {@link TcpCloseReason#REFUSED} or {@link TcpCloseReason#TIMED_OUT}); then any of {@code onReadable},
 *     {@code onWritable}, {@code onTimer}; {@code onPeerClosed} at most once, after which no
 *     {@code onReadable}; {@code onClosed} exactly once and last, for every accepted connection,
 *     however it ended (also after the application's own {@code close}/{@code abort}).
 *     {@code onTimer} only after {@code onAccepted}.</li>
 * <li><b>Buffers.</b> The stack owns both buffers. {@code data} in {@code onReadable} is a view of
 *     the receive buffer, valid only during the call: copy what you keep. The send buffer is filled
 *     only by {@link TcpConnection#write}, which copies. Both are fixed-size ({@link TcpOptions}): flow
 *     control is the return value of {@code onReadable} on the way in and of {@code write} on the way out.</li>
 * <li><b>Exceptions.</b> A callback that throws gets its connection aborted and counted
 *     ({@code drop.tcp_handler_error}); the stack carries on.</li>
 * <li><b>Time.</b> {@code nowNs} is the loop's clock as given to {@code doWork}.</li>
 * <li><b>Silent peers.</b> A peer that vanishes while the connection is idle (powered off, unplugged) is
 *     not noticed by default: RFC 1122 §4.2.3.6 has keep-alives off unless asked for. Switch them on per
 *     connection with {@link TcpConnection#keepAlive(TcpKeepAlive)} (e.g. in {@code onAccepted}, or right after
 *     {@code tcpConnect}); {@code onClosed} then comes with {@link TcpCloseReason#TIMED_OUT} once the probes go
 *     unanswered. An application timeout ({@link TcpConnection#timerAt}) bounds idle peers as well.</li>
 * </ul>
 */
public interface TcpHandler {
    /** A new connection (accepted, or established after {@link NetStack#tcpConnect}). The handler may write, pause, set a timer, attach state, or close it. */
    void onAccepted(TcpConnection c, long nowNs);

    /**
     * Bytes arrived. {@code data} holds every received byte not yet consumed, oldest first. Return
     * how many of them (a prefix) you consumed, 0..{@code data.byteSize()}; the rest is offered again
     * with more bytes behind it, so a parser can wait for a whole message. Not called while paused.
     */
    int onReadable(TcpConnection c, MemorySegment data, long nowNs);

    /** Room opened in the send buffer after a {@link TcpConnection#write} took less than offered. */
    default void onWritable(TcpConnection c, long nowNs) { }

    /**
     * The peer sent FIN: no more bytes will come. Bytes still unconsumed (an incomplete message) are
     * dropped. The connection can still write; call {@code close} when done.
     */
    default void onPeerClosed(TcpConnection c, long nowNs) { c.close(); }

    /** The timer set with {@link TcpConnection#timerAt} is due. */
    default void onTimer(TcpConnection c, long nowNs) { }

    /** The connection is over; the handle is dead after this returns. */
    default void onClosed(TcpConnection c, TcpCloseReason reason, long nowNs) { }
}

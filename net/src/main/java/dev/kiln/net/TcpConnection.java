package dev.kiln.net;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * One accepted TCP connection. Used on the loop thread only (from {@link TcpHandler} callbacks or
 * tasks given to {@link TcpListener#execute}); see {@link TcpHandler} for the whole contract.
 *
 * <p>No method here calls back into the handler: what they cause is reported by a later callback.
 * After {@link TcpHandler#onClosed} every method but the accessors throws {@link IllegalStateException}.
 */
public interface TcpConnection {
    /** The peer's IPv4 address (host order). */
    int remoteAddress();

    int remotePort();

    int localPort();

    /**
     * Copies up to {@code len} bytes from {@code src} at {@code offset} into the send buffer.
     * Never blocks and never grows the buffer: it takes what fits ({@link #writable()} bytes).
     * When it took less than offered, {@link TcpHandler#onWritable} follows once room opens.
     *
     * @return the number of bytes taken, 0..len; 0 also after {@link #shutdownOutput} or {@link #close}
     */
    int write(MemorySegment src, long offset, int len);

    /**
     * Like {@link #write}, but lends the bytes instead of copying them: the stack keeps a reference to
     * {@code src[offset, offset + len)} and reads it whenever it sends (or resends) those bytes, so they
     * can go from where they lie to the network with no copy of the stack's (on a device that gathers
     * and completes checksums, e.g. a TAP with offloads: one {@code writev}, the kernel's copy only).
     * For bytes that never change: a baked site's files, a block built at start-up.
     *
     * <p>The contract, which the stack cannot check: the bytes must not change, and {@code src} must stay
     * alive (its arena open) for as long as the connection lives, i.e. until {@link TcpHandler#onClosed}
     * (after which the stack holds no reference). Fine: {@link Arena#global()}, {@link Arena#ofAuto()} (the
     * stack's reference keeps it reachable), a direct or read-only mapped buffer; not a confined or shared
     * arena closed earlier. Bytes changed meanwhile may reach the peer changed, or differ between a segment
     * and its retransmission; a segment of a closed arena is refused when a frame is sent (an exception).
     *
     * <p>Takes what fits, exactly as {@link #write} (the lent bytes count toward {@code txBufferBytes}),
     * with the same back-pressure: when it took less than offered, {@link TcpHandler#onWritable} follows once
     * room opens. It may take less than {@link #writable} says when the connection already holds many
     * separate lent ranges (a bounded table); consecutive ranges of one segment count once. A heap segment
     * is copied, as by {@link #write}; the host target always copies (the kernel's socket takes the bytes).
     *
     * @return the number of bytes taken, 0..len; 0 also after {@link #shutdownOutput} or {@link #close}
     */
    default int writeImmutable(MemorySegment src, long offset, int len) {
        return write(src, offset, len);
    }

    /** Free space in the send buffer now: what {@link #write} would take. */
    int writable();

    /** Bytes written but not yet handed to the network (host target: to the kernel). */
    int unsent();

    /**
     * Stops {@link TcpHandler#onReadable} until {@link #resumeReading}; bytes that arrive meanwhile
     * stay in the receive buffer, and when it is full the stack stops reading (the peer's window
     * closes). A peer's FIN is not reported while paused: a paused connection does not lose data to
     * {@link TcpHandler#onPeerClosed}.
     */
    void pauseReading();

    /** Undoes {@link #pauseReading}; buffered bytes are offered again at the next turn. */
    void resumeReading();

    /** Sends FIN once the send buffer is empty (half-close); the connection can still receive. */
    void shutdownOutput();

    /**
     * Closes in order: what was written is still sent, then FIN; nothing more is read or reported
     * but {@link TcpHandler#onClosed} ({@link TcpCloseReason#CLOSED}) once it is done. A peer that
     * never reads keeps a closing connection (and its buffers) alive: bound that with a
     * {@link #timerAt timer} and {@link #abort}, as the DNS appliance's idle timeout does.
     */
    void close();

    /** Discards both buffers and resets the peer (RST); {@link TcpHandler#onClosed} follows with {@link TcpCloseReason#ABORTED}. */
    void abort();

    /**
     * Switches keep-alives for this connection on with {@code settings}, or off with null (RFC 1122
     * §4.2.3.6: they are off by default and must be switchable per connection). On, a peer that vanished
     * without a word is noticed: the connection ends with {@link TcpHandler#onClosed}
     * ({@link TcpCloseReason#TIMED_OUT}) {@link TcpKeepAlive#deadPeerNs} after the peer last spoke. Takes
     * effect at once, also on an active open not yet established; switching on again restarts the idle time.
     * Host target: {@code SO_KEEPALIVE} with {@code TCP_KEEPIDLE}, {@code TCP_KEEPINTVL} and {@code TCP_KEEPCNT}.
     */
    void keepAlive(TcpKeepAlive settings);

    /** {@link #keepAlive(TcpKeepAlive)} with {@link TcpKeepAlive#defaults()} (two hours idle) when {@code on}, else off. */
    default void keepAlive(boolean on) { keepAlive(on ? TcpKeepAlive.defaults() : null); }

    /** The keep-alive settings in force (host target: as the kernel reports them), or null when off. */
    TcpKeepAlive keepAlive();

    /**
     * Asks for one {@link TcpHandler#onTimer} at or after {@code atNs} (the loop's clock, as handed to
     * {@code doWork}); replaces an earlier request. {@link Long#MAX_VALUE} cancels. Idle timeouts use this.
     */
    void timerAt(long atNs);

    /** The application's state for this connection (null until set). */
    Object attachment();

    void attach(Object attachment);
}

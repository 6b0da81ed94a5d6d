package dev.kiln.examples.www;

import dev.kiln.http.ByteSession;
import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.function.Predicate;

/**
 * Drives one {@link ByteSession} per TCP connection (plain HTTP or TLS around it) from the TCP API's
 * callbacks. Output: a large body slice the session offers ({@link ByteSession#peekOutput}) is written
 * straight from where it lies — lent to the stack ({@link TcpConnection#writeImmutable}: no copy at all on
 * a gathering device) when {@code lendable} says it is immutable (a baked site's body), else copied once
 * into the send buffer; the rest is drained into one scratch buffer shared by every connection of
 * the listener (the loop is one thread), never more than {@link TcpConnection#writable} bytes, so a
 * write always takes all it is given; when the send buffer is full and the session still has output,
 * a one-byte write that takes nothing asks for {@link TcpHandler#onWritable} (back-pressure: the
 * session keeps its queue, bounded by its own limits). Input: a session that takes fewer bytes than
 * offered (its input buffer is full while its output waits) pauses reading until output moves.
 * The idle deadline is the connection's timer; a peer that stopped reading is aborted at it.
 */
final class SessionHandler implements TcpHandler {
    /** Makes the session for a new connection. */
    interface Factory {
        ByteSession open(TcpConnection c, long nowNs);
    }

    private final Factory factory;
    private final ByteBuffer scratch;
    private final MemorySegment scratchSeg;
    private final Runnable afterCallback;
    private final Predicate<MemorySegment> lendable;
    private long accepted, closedByIdle, aborted, writableWaits;

    /** {@code lendable}: whether output bytes never change and outlive every connection (e.g. {@link dev.kiln.http.site.StaticSite#holds}). */
    SessionHandler(Factory factory, int scratchBytes, Runnable afterCallback, Predicate<MemorySegment> lendable) {
        this.factory = factory;
        this.lendable = lendable;
        this.afterCallback = afterCallback;
        this.scratch = ByteBuffer.allocate(scratchBytes);
        this.scratchSeg = MemorySegment.ofArray(scratch.array());
    }

    private static ByteSession of(TcpConnection c) { return (ByteSession) c.attachment(); }

    @Override
    public void onAccepted(TcpConnection c, long nowNs) {
        accepted++;
        ByteSession s = factory.open(c, nowNs);
        c.attach(s);
        next(c, s, nowNs);
    }

    @Override
    public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
        ByteSession s = of(c);
        int used = s.receive(data, nowNs);
        if (used < data.byteSize()) c.pauseReading(); // resumed once output moved (onWritable / next)
        next(c, s, nowNs);
        return used;
    }

    @Override
    public void onWritable(TcpConnection c, long nowNs) {
        ByteSession s = of(c);
        if (!next(c, s, nowNs)) c.resumeReading(); // output moved: offer the input the session could not take before
    }

    @Override
    public void onPeerClosed(TcpConnection c, long nowNs) {
        ByteSession s = of(c);
        s.receiveEof(nowNs);
        next(c, s, nowNs);
    }

    @Override
    public void onTimer(TcpConnection c, long nowNs) {
        ByteSession s = of(c);
        s.poll(nowNs);
        if (s.shouldClose() && (c.unsent() > 0 || s.pendingOutput() > 0)) {
            closedByIdle++;
            aborted++;
            c.abort(); // the peer stopped reading: do not wait for it
            afterCallback.run();
            return;
        }
        if (s.shouldClose()) closedByIdle++;
        next(c, s, nowNs);
    }

    @Override
    public void onClosed(TcpConnection c, TcpCloseReason reason, long nowNs) {
        c.attach(null);
    }

    /** After the session ran: move its output into the send buffer, close when it is done (true), else re-arm the timer. */
    private boolean next(TcpConnection c, ByteSession s, long nowNs) {
        try {
            return move(c, s, nowNs);
        } finally {
            afterCallback.run();
        }
    }

    private boolean move(TcpConnection c, ByteSession s, long nowNs) {
        while (true) {
            int room = c.writable();
            if (room == 0) {
                if (s.pendingOutput() > 0) {
                    writableWaits++;
                    c.write(scratchSeg, 0, 1); // takes nothing: asks for onWritable
                }
                break;
            }
            ByteBuffer big = s.peekOutput(); // a large body slice: straight into the send buffer, no scratch copy
            if (big != null) {
                MemorySegment bytes = MemorySegment.ofBuffer(big);
                int want = Math.min(room, big.remaining());
                int k = lendable.test(bytes) ? c.writeImmutable(bytes, 0, want) : c.write(bytes, 0, want);
                if (k == 0) break; // the send buffer took nothing: onWritable follows
                s.skip(k, nowNs);
                continue;
            }
            scratch.clear().limit(Math.min(room, scratch.capacity()));
            int n = s.drainToLendable(scratch, nowNs); // a head; the body after it is lent in the next round
            if (n == 0) break;
            c.write(scratchSeg, 0, n);
        }
        if (s.shouldClose()) {
            c.close();
            return true;
        }
        c.timerAt(s.pollAtNs());
        return false;
    }

    /** Counters: connections accepted, closed at the idle deadline, aborted because the peer stopped reading, waits for send-buffer room. */
    java.util.Map<String, Long> counters() {
        return java.util.Map.of("accepted", accepted, "idle_closed", closedByIdle, "aborted_unread", aborted, "writable_waits", writableWaits);
    }
}

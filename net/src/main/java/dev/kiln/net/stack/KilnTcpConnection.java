package dev.kiln.net.stack;

import dev.kiln.net.Ipv4;
import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpKeepAlive;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.tcp.Tcb;
import dev.kiln.net.tcp.TcpEvent;
import dev.kiln.net.tcp.TcpState;
import java.lang.foreign.MemorySegment;

/**
 * One connection on a {@link KilnStack}: a {@link Tcb} and the {@link TcpHandler} contract around it.
 *
 * <p>Received bytes stay in the TCB's receive buffer ({@code rxBufferBytes}, linear: the unread bytes
 * are contiguous) and {@code onReadable} is offered all of them in place, without a copy; what it
 * consumes frees window, so when the application does not consume, the TCB's window closes. {@code write} copies into the TCB's send queue ({@code txBufferBytes}); {@code writeImmutable} puts a reference there. Application calls
 * only change state and put the connection on the layer's pending list; {@link #settle} (inside
 * {@code doWork}) does the rest and makes the callbacks, so none runs inside a connection method.
 *
 * <p>After {@code onClosed} the TCB may live on without the application (FIN-WAIT-2 after a close,
 * waiting for the peer's FIN): bytes still arriving are read and discarded, and the TCB goes to the
 * TIME-WAIT table or away.
 */
final class KilnTcpConnection implements TcpConnection {
    final TcpLayer layer;
    final KilnTcpListener listener; // null for an active open
    final TcpHandler handler;
    final Tcb tcb;
    private final int txBytes;
    private int counted; // readable bytes already added to rx.tcp_bytes
    private int offered; // readable bytes offered and not consumed: offered again only with more behind them
    boolean pending, gone, stretched, awaitingBudget;
    long scheduledAtNs = Long.MAX_VALUE; // the deadline TcpTimers has it under (MAX: not filed)
    int timerSlot = -1; // its place in TcpTimers' heap (-1: not filed)
    private long timerNs = Long.MAX_VALUE;
    private boolean handed, accepted, finished;
    private boolean paused, offerDue, finSeen, finReported, outShut, closing, closeIssued, aborting, wantWritable, writableDue, outputDue;
    private TcpCloseReason endReason;
    private Object attachment;

    KilnTcpConnection(TcpLayer layer, KilnTcpListener listener, TcpHandler handler, TcpOptions options, Tcb tcb) {
        this.layer = layer;
        this.listener = listener;
        this.handler = handler;
        this.tcb = tcb;
        this.txBytes = options.txBufferBytes();
        this.handed = listener == null; // an active open's handle is the caller's from the start
    }

    @Override public int remoteAddress() { return tcb.tuple().remoteIp(); }
    @Override public int remotePort() { return tcb.tuple().remotePort(); }
    @Override public int localPort() { return tcb.tuple().localPort(); }
    @Override public Object attachment() { return attachment; }
    @Override public void attach(Object a) { attachment = a; }

    boolean handed() { return handed; }

    private void live() {
        if (finished) throw new IllegalStateException("TCP connection " + this + " is closed");
    }

    @Override
    public int write(MemorySegment src, long offset, int len) { return write(src, offset, len, false); }

    /** Lent bytes stay where they are: the send buffer holds a reference, frames gather it (see {@link SuperSegments}). */
    @Override
    public int writeImmutable(MemorySegment src, long offset, int len) { return write(src, offset, len, true); }

    private int write(MemorySegment src, long offset, int len, boolean byReference) {
        live();
        if (len < 0 || offset < 0 || offset + len > src.byteSize()) {
            throw new IndexOutOfBoundsException("write of " + len + " bytes at " + offset + " is outside the source (" + src.byteSize() + " bytes)");
        }
        if (outShut || closing || aborting) return 0;
        int room = Math.max(0, txBytes - tcb.unacknowledged()); // its own buffer's room
        int n = Math.max(0, tcb.enqueue(src, offset, len, byReference)); // segments are cut in settle, over every write of the turn
        if (n > 0) outputDue = true;
        if (n < len) {
            wantWritable = true;
            // its own buffer had room: the stack-wide send budget was spent (copied bytes only; lent ones cost none)
            if (n < room && !byReference) layer.awaitBudget(this);
        }
        if (n > 0) layer.pending(this);
        return n;
    }

    /**
     * What {@link #write} takes now: the send buffer's room, less when the stack-wide send budget or the buffer's
     * extent table has less (a caller that drains that many bytes from its own queue must not lose any).
     */
    @Override
    public int writable() {
        if (finished || outShut || closing || aborting) return 0;
        return Math.max(0, Math.min(txBytes - tcb.unacknowledged(), tcb.copyable()));
    }

    /** Bytes written and not yet acknowledged by the peer (sent or not): the TCB keeps them until then. */
    @Override public int unsent() { return tcb.unacknowledged(); }

    @Override public void pauseReading() { live(); paused = true; }

    @Override
    public void resumeReading() {
        live();
        paused = false;
        offerDue = true;
        layer.pending(this);
    }

    @Override public void shutdownOutput() { live(); outShut = true; layer.pending(this); }
    @Override public void close() { live(); closing = true; layer.pending(this); }
    @Override public void abort() { live(); aborting = true; layer.pending(this); }

    @Override
    public void keepAlive(TcpKeepAlive k) {
        live();
        if (k == null) tcb.setKeepAlive(0, 0, 0, layer.nowNs());
        else tcb.setKeepAlive(k.idleSeconds() * SECOND, k.intervalSeconds() * SECOND, k.probes(), layer.nowNs());
        layer.pending(this); // the connection's deadline moved
    }

    @Override
    public TcpKeepAlive keepAlive() {
        if (tcb.keepAliveIdleNs() == 0) return null;
        return new TcpKeepAlive(seconds(tcb.keepAliveIdleNs()), seconds(tcb.keepAliveIntervalNs()), Math.min(127, tcb.keepAliveProbesMax()));
    }

    private static final long SECOND = 1_000_000_000L;

    /** A stack-wide setting in nanoseconds as the API's whole seconds, rounded up into its range. */
    private static int seconds(long ns) { return (int) Math.clamp((ns + SECOND - 1) / SECOND, 1, 32767); }

    @Override
    public void timerAt(long atNs) {
        live();
        timerNs = atNs;
        layer.pending(this);
    }

    // ---- driven by the layer, inside doWork ----

    /** The listener hands the established connection to the application. */
    void accept(long nowNs) {
        handed = true;
        accepted = true;
        if (listener != null) listener.opened();
        layer.counters.inc(listener != null ? Counter.TCP_ACCEPTED : Counter.TCP_CONNECTED);
        try {
            handler.onAccepted(this, nowNs);
        } catch (RuntimeException e) {
            handlerFailed();
        }
        layer.pending(this);
    }

    void onTimer(long nowNs) {
        if (gone) return;
        if (tcb.pollAtNs() <= nowNs) tcb.onTimer(nowNs);
        if (accepted && !finished && timerNs <= nowNs) {
            timerNs = Long.MAX_VALUE;
            try {
                handler.onTimer(this, nowNs);
            } catch (RuntimeException e) {
                handlerFailed();
            }
        }
        layer.pending(this);
    }

    /**
     * A segment left in-order bytes in the frame ({@link Tcb#onSegmentLending}): the application reads them
     * there, now, and the TCB copies only what it leaves.
     */
    void received(long nowNs) {
        if (accepted && !finished && !closing && !aborting) read(nowNs);
        tcb.settleLent();
    }

    /** Events, the application's requests, reading and offering, segments out, and the end. */
    void settle(long nowNs) {
        if (gone) return;
        events(nowNs);
        if (accepted && !finished) {
            if (aborting) {
                tcb.abort(nowNs);
                layer.drain(tcb, nowNs);
                finish(TcpCloseReason.ABORTED, nowNs);
            } else {
                if (!closing) read(nowNs);
                if ((outShut || closing) && !closeIssued) { closeIssued = true; tcb.close(nowNs); }
                if (closing) tcb.orphan(nowNs); // a full close: FIN-WAIT-2 is bounded; a half-close keeps receiving
                if (writableDue && wantWritable && !outShut && !closing && !aborting && !finished) {
                    writableDue = wantWritable = false;
                    try {
                        handler.onWritable(this, nowNs);
                    } catch (RuntimeException e) {
                        handlerFailed();
                    }
                }
            }
        } else if (handed && !finished && (aborting || closing)) { // an active open ended before it was established
            tcb.abort(nowNs);
            finish(aborting ? TcpCloseReason.ABORTED : TcpCloseReason.CLOSED, nowNs);
        }
        if (finished || closing) discard(nowNs);
        if (outputDue) {
            outputDue = false;
            if (!finished) tcb.pushOutput(nowNs);
        }
        layer.drain(tcb, nowNs);
        end(nowNs);
    }

    /** The send budget has room again after a write found it spent: {@link TcpHandler#onWritable} is due. */
    void budgetFreed() {
        writableDue = true;
        layer.pendingFirst(this);
    }

    private void events(long nowNs) {
        for (TcpEvent e; (e = tcb.pollEvent()) != null; ) {
            switch (e) {
                case ESTABLISHED -> {
                    if (listener != null) listener.acceptReady(nowNs); // the listen queue's established ones, oldest first
                    if (!accepted && !finished) accept(nowNs); // an active open, or one that never queued (a SYN cookie's)
                }
                case READABLE -> { } // read() offers whenever more bytes are readable than were offered
                case WRITABLE -> writableDue = true;
                case PEER_CLOSED -> finSeen = true;
                case REFUSED -> endReason = TcpCloseReason.REFUSED;
                case RESET -> { endReason = TcpCloseReason.RESET; layer.counters.inc(Counter.DROP_TCP_RESET); }
                case TIMED_OUT -> { endReason = TcpCloseReason.TIMED_OUT; layer.counters.inc(Counter.DROP_TCP_TIMED_OUT); }
                case UNREACHABLE -> { endReason = TcpCloseReason.UNREACHABLE; layer.counters.inc(Counter.DROP_TCP_UNREACHABLE); }
                case CLOSED -> { }
            }
        }
    }

    /** Offers the TCB's unread bytes in place, and reports the peer's FIN once everything before it was offered. */
    private void read(long nowNs) {
        int readable = tcb.readable();
        if (readable > counted) {
            layer.counters.add(Counter.RX_TCP_BYTES, readable - counted);
            counted = readable;
        }
        if (!finished && !aborting && !finReported && !paused && readable > 0 && (readable > offered || offerDue)) {
            offerDue = false;
            int used;
            try {
                used = handler.onReadable(this, tcb.readView(), nowNs);
            } catch (RuntimeException e) {
                handlerFailed();
                return;
            }
            if (used < 0 || used > readable) { handlerFailed(); return; } // consumed bytes it was not given
            tcb.consume(used, nowNs);
            counted -= used;
            offered = readable - used;
        }
        // the FIN once every byte before it was offered (and consumed, or left as an incomplete message)
        if (finSeen && !finReported && !paused && !aborting && !closing && !finished && tcb.readable() <= offered) {
            finReported = true;
            discard(nowNs); // an incomplete message left unconsumed is dropped (TcpHandler.onPeerClosed)
            try {
                handler.onPeerClosed(this, nowNs);
            } catch (RuntimeException e) {
                handlerFailed();
            }
        }
    }

    /** Nobody reads any more: bytes still arriving are dropped, so the peer is not stalled by a closed window. */
    private void discard(long nowNs) {
        tcb.consume(tcb.readable(), nowNs);
        counted = offered = 0;
    }

    /** Reports the end when it came, and hands the TCB to TIME-WAIT or drops it; else files its next deadline. */
    private void end(long nowNs) {
        TcpState s = tcb.state();
        boolean over = s == TcpState.CLOSED || s == TcpState.TIME_WAIT;
        // a half-closed connection reaches TIME-WAIT on the peer's FIN while the application may still
        // hold back (paused) bytes before it: keep the handle until they and onPeerClosed are delivered
        if (over && accepted && !finished && finSeen && !finReported && endReason == null && !closing && !aborting) {
            layer.schedule(this, deadline());
            return;
        }
        if (handed && !finished) {
            if (over) finish(endReason != null ? endReason : TcpCloseReason.CLOSED, nowNs);
            else if (closing && closeIssued && s == TcpState.FIN_WAIT_2) finish(TcpCloseReason.CLOSED, nowNs); // all sent and acknowledged
        }
        if (s == TcpState.TIME_WAIT) layer.toTimeWait(this);
        else if (s == TcpState.CLOSED) layer.remove(this);
        else layer.schedule(this, deadline());
    }

    /** The next time this connection needs a turn: the TCB's timers, and the application's while it holds the handle. */
    long deadline() {
        if (gone) return Long.MAX_VALUE;
        return Math.min(tcb.pollAtNs(), accepted && !finished ? timerNs : Long.MAX_VALUE);
    }

    private void handlerFailed() {
        layer.counters.inc(Counter.DROP_TCP_HANDLER_ERROR);
        aborting = true;
        layer.pending(this);
    }

    private void finish(TcpCloseReason reason, long nowNs) {
        if (finished) return;
        finished = true;
        if (accepted && listener != null) listener.finished();
        layer.counters.inc(Counter.TCP_CLOSED);
        try {
            handler.onClosed(this, reason, nowNs);
        } catch (RuntimeException e) {
            layer.counters.inc(Counter.DROP_TCP_HANDLER_ERROR);
        }
    }

    /** The listener or the stack closes: reset the peer, report {@code reason} if the application holds the handle. */
    void kill(TcpCloseReason reason, long nowNs) {
        if (gone) return;
        tcb.abort(nowNs);
        layer.drain(tcb, nowNs);
        if (handed) finish(reason, nowNs);
        layer.remove(this);
    }

    @Override
    public String toString() { return "kiln-tcp:" + Ipv4.format(remoteAddress()) + ":" + remotePort() + "<->" + localPort() + " " + tcb.state(); }
}

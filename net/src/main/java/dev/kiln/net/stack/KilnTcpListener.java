package dev.kiln.net.stack;

import static dev.kiln.net.wire.TcpPacket.ACK;
import static dev.kiln.net.wire.TcpPacket.FIN;
import static dev.kiln.net.wire.TcpPacket.RST;
import static dev.kiln.net.wire.TcpPacket.SYN;

import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.tcp.ListenEndpoint;
import dev.kiln.net.tcp.OutSegment;
import dev.kiln.net.tcp.Resets;
import dev.kiln.net.tcp.Tcb;
import dev.kiln.net.tcp.TcpContext;
import dev.kiln.net.tcp.TcpTuple;
import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * A listening port on a {@link KilnStack}: a {@link ListenEndpoint} (backlog from the options) plus
 * the limits of {@link TcpOptions}. Limits are checked at the SYN, before a TCB (and its buffers)
 * exists: every connection this listener owns — half-open, open, or closing after the application
 * let go — counts against {@code connectionsMax} and {@code buffersBytesMax}; a SYN over either is
 * answered with RST and counted ({@code drop.tcp_conn_limit}, {@code drop.tcp_buffer_limit}).
 */
final class KilnTcpListener implements TcpListener {
    final TcpLayer layer;
    final TcpOptions options;
    final TcpHandler handler;
    private final int port;
    private final ListenEndpoint endpoint;
    private final Set<KilnTcpConnection> owned = new LinkedHashSet<>();
    private final long needBytes;
    private long bufferBytes;
    private int open;
    private boolean closed;

    KilnTcpListener(TcpLayer layer, int port, TcpOptions options, TcpHandler handler, TcpContext ctx, int localIp) {
        this.layer = layer;
        this.port = port;
        this.options = options;
        this.handler = handler;
        this.endpoint = new ListenEndpoint(ctx, localIp, port);
        this.needBytes = (long) options.rxBufferBytes() + options.txBufferBytes();
    }

    @Override public int port() { return port; }

    @Override public int connections() { return open; }

    /** Connections in the listen queue: half-open, or established and not yet accepted (at most the backlog). */
    int queued() { return endpoint.queued(); }

    @Override
    public void execute(Runnable task) {
        if (closed) throw new RejectedExecutionException("TCP listener on port " + port + " is closed");
        layer.post(task);
    }

    /** A segment to our port that no connection or TIME-WAIT entry took (RFC 9293 §3.10.7.2). */
    void onSegment(TcpTuple tuple, TcpRepr seg, MemorySegment payload, long nowNs) {
        // a SYN, or an ACK that may return a SYN cookie (RFC 4987 §3.6), would make a connection: check the limits first
        boolean opens = !seg.has(RST) && (seg.has(SYN) ? !seg.has(ACK) : seg.has(ACK) && !seg.has(FIN) && endpoint.cookiesRecent(nowNs));
        if (opens) {
            if (owned.size() >= options.connectionsMax()) { refuse(tuple, seg, Counter.DROP_TCP_CONN_LIMIT, nowNs); return; }
            if (bufferBytes + needBytes > options.buffersBytesMax()) { refuse(tuple, seg, Counter.DROP_TCP_BUFFER_LIMIT, nowNs); return; }
        }
        long dropped = endpoint.droppedSyns(), cookies = endpoint.cookiesSent(), valid = endpoint.cookiesValidated(), bad = endpoint.cookiesFailed();
        Tcb t = endpoint.onSegment(tuple.remoteIp(), seg, payload, nowNs);
        if (endpoint.droppedSyns() != dropped) layer.counters.inc(Counter.DROP_TCP_BACKLOG);
        if (endpoint.cookiesSent() != cookies) layer.counters.inc(Counter.TX_TCP_SYN_COOKIES);
        if (endpoint.cookiesValidated() != valid) layer.counters.inc(Counter.TCP_SYN_COOKIES_VALID);
        if (endpoint.cookiesFailed() != bad) layer.counters.inc(Counter.DROP_TCP_SYN_COOKIE_BAD);
        for (OutSegment o; (o = endpoint.pollSegment()) != null; ) layer.transmit(o, nowNs);
        if (t == null) return;
        if (owned.size() >= options.connectionsMax() || bufferBytes + needBytes > options.buffersBytesMax()) {
            // not from a SYN (a SYN cookie's ACK, RFC 4987 §3.6): the same limits, checked now
            layer.counters.inc(owned.size() >= options.connectionsMax() ? Counter.DROP_TCP_CONN_LIMIT : Counter.DROP_TCP_BUFFER_LIMIT);
            t.abort(nowNs);
            layer.drain(t, nowNs);
            return;
        }
        KilnTcpConnection c = new KilnTcpConnection(layer, this, handler, options, t);
        owned.add(c);
        bufferBytes += needBytes;
        layer.add(c);
    }

    private void refuse(TcpTuple tuple, TcpRepr seg, Counter why, long nowNs) {
        layer.counters.inc(why);
        OutSegment r = Resets.forClosed(tuple, seg);
        if (r != null) layer.transmit(r, nowNs);
    }

    /** A connection reached ESTABLISHED: hand every completed one over, oldest first. */
    void acceptReady(long nowNs) {
        for (Tcb t; (t = endpoint.accept()) != null; ) {
            KilnTcpConnection c = layer.find(t.tuple());
            if (c != null && !c.handed()) c.accept(nowNs);
        }
    }

    void opened() { open++; }

    void finished() { open--; }

    /** The connection's TCB is gone: its share of the limits is free again. */
    void released(KilnTcpConnection c) {
        if (!owned.remove(c)) return;
        bufferBytes -= needBytes;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (KilnTcpConnection c : owned.toArray(KilnTcpConnection[]::new)) c.kill(TcpCloseReason.STACK_CLOSED, layer.nowNs());
        layer.unlisten(this);
    }

    @Override
    public String toString() { return "kiln-tcp-listener:" + port; }
}

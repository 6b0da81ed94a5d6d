package dev.kiln.net.tcp;

import static dev.kiln.net.wire.TcpPacket.*;

import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * OPEN, passive: a LISTEN endpoint on one local address and port with a listen queue bounded by
 * {@link TcpConfig#backlog} (half-open plus established-not-yet-accepted connections). Segments that no
 * connection claims come to {@link #onSegment} (RFC 9293 §3.10.7.2); a SYN creates a connection in
 * SYN-RECEIVED, which the stack then demultiplexes by its tuple and {@link #accept} hands over once
 * established. A connection reset in SYN-RECEIVED simply leaves the queue ("returns to LISTEN").
 * With {@link TcpConfig#synCookies} a SYN that finds the queue full is answered statelessly with a SYN
 * cookie ({@link SynCookies}, RFC 4987 §3.6); the ACK that returns a valid one creates the connection,
 * already ESTABLISHED, if the queue has room by then.
 */
public final class ListenEndpoint {
    private final TcpContext ctx;
    private final int localIp, localPort;
    private final List<Tcb> queue = new ArrayList<>();
    private final ArrayDeque<OutSegment> out = new ArrayDeque<>();
    private long droppedSyns, cookiesSent, cookiesValidated, cookiesFailed;
    private long lastCookieNs = Long.MIN_VALUE;

    public ListenEndpoint(TcpContext ctx, int localIp, int localPort) {
        this.ctx = ctx;
        this.localIp = localIp;
        this.localPort = localPort;
    }

    /** A segment to our port from {@code remoteIp} that no connection took. @return a new connection, or null */
    public Tcb onSegment(int remoteIp, TcpRepr seg, long nowNs) { return onSegment(remoteIp, seg, null, nowNs); }

    /**
     * As {@link #onSegment(int, TcpRepr, long)}, with the payload: text in an ACK that completes a SYN-cookie
     * handshake is then taken (without it the peer resends it).
     */
    public Tcb onSegment(int remoteIp, TcpRepr seg, MemorySegment payload, long nowNs) {
        TcpTuple tuple = new TcpTuple(localIp, localPort, remoteIp, seg.srcPort());
        if (seg.has(RST)) return null; // first: ignore an RST
        if (seg.has(ACK)) { // second: nothing here can be acknowledged, unless it returns a SYN cookie
            Tcb t = seg.has(SYN) || seg.has(FIN) ? null : cookieAck(tuple, seg, payload, nowNs);
            if (t == null) out.add(Resets.forClosed(tuple, seg));
            return t;
        }
        if (!seg.has(SYN)) return null; // fourth: anything else is dropped
        prune();
        if (queue.size() >= ctx.config().backlog()) { // listen queue full: a SYN cookie, or drop and the peer retransmits
            if (ctx.config().synCookies()) {
                out.add(SynCookies.synAck(ctx, tuple, seg, nowNs));
                cookiesSent++;
                lastCookieNs = nowNs;
            } else droppedSyns++;
            return null;
        }
        Tcb t = Handshake.passive(ctx, tuple, seg, nowNs);
        queue.add(t);
        return t;
    }

    /** Whether SYN cookies were sent recently enough that an ACK to this port may return one. */
    public boolean cookiesRecent(long nowNs) {
        return ctx.config().synCookies() && lastCookieNs != Long.MIN_VALUE && nowNs - lastCookieNs <= SynCookies.MAX_AGE * SynCookies.COUNT_NS;
    }

    /** RFC 4987 §3.6: an ACK while cookies are recent may carry one; a valid one makes an ESTABLISHED connection. */
    private Tcb cookieAck(TcpTuple tuple, TcpRepr seg, MemorySegment payload, long nowNs) {
        if (!cookiesRecent(nowNs)) return null;
        Tcb t = SynCookies.accept(ctx, tuple, seg, nowNs);
        if (t == null) {
            cookiesFailed++;
            return null;
        }
        cookiesValidated++;
        prune();
        if (queue.size() >= ctx.config().backlog()) { // still full: as Linux, drop; the peer's data or ACK comes again
            t.abortSilently();
            return null;
        }
        queue.add(t);
        if (payload != null && seg.payloadLen() > 0) t.onSegment(seg, payload, nowNs);
        return t;
    }

    /** The oldest connection past the handshake, removed from the listen queue; null if none. */
    public Tcb accept() {
        prune();
        for (Iterator<Tcb> it = queue.iterator(); it.hasNext(); ) {
            Tcb t = it.next();
            if (t.state() != TcpState.SYN_RECEIVED) {
                it.remove();
                return t;
            }
        }
        return null;
    }

    /** Connections in the listen queue (half-open or waiting for {@link #accept}). */
    public int queued() {
        prune();
        return queue.size();
    }

    /** SYNs dropped because the listen queue was full (and SYN cookies were off). */
    public long droppedSyns() { return droppedSyns; }
    /** SYN-ACKs sent with a SYN cookie because the listen queue was full. */
    public long cookiesSent() { return cookiesSent; }
    /** ACKs that returned a valid SYN cookie. */
    public long cookiesValidated() { return cookiesValidated; }
    /** ACKs checked for a SYN cookie that held none (forged, stale or stray): answered with RST. */
    public long cookiesFailed() { return cookiesFailed; }

    /** The next segment to send (resets for stray ACKs), or null. */
    public OutSegment pollSegment() { return out.poll(); }

    public int localPort() { return localPort; }

    private void prune() { queue.removeIf(t -> t.state() == TcpState.CLOSED); }
}

package dev.kiln.net.tcp;

import static dev.kiln.net.wire.TcpPacket.*;

import dev.kiln.net.wire.TcpRepr;
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
 */
public final class ListenEndpoint {
    private final TcpContext ctx;
    private final int localIp, localPort;
    private final List<Tcb> queue = new ArrayList<>();
    private final ArrayDeque<OutSegment> out = new ArrayDeque<>();
    private long droppedSyns;

    public ListenEndpoint(TcpContext ctx, int localIp, int localPort) {
        this.ctx = ctx;
        this.localIp = localIp;
        this.localPort = localPort;
    }

    /** A segment to our port from {@code remoteIp} that no connection took. @return a new connection, or null */
    public Tcb onSegment(int remoteIp, TcpRepr seg, long nowNs) {
        TcpTuple tuple = new TcpTuple(localIp, localPort, remoteIp, seg.srcPort());
        if (seg.has(RST)) return null; // first: ignore an RST
        if (seg.has(ACK)) { // second: nothing here can be acknowledged
            out.add(Resets.forClosed(tuple, seg));
            return null;
        }
        if (!seg.has(SYN)) return null; // fourth: anything else is dropped
        prune();
        if (queue.size() >= ctx.config().backlog()) { // listen queue full: drop, the peer retransmits
            droppedSyns++;
            return null;
        }
        Tcb t = Handshake.passive(ctx, tuple, seg, nowNs);
        queue.add(t);
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

    /** SYNs dropped because the listen queue was full. */
    public long droppedSyns() { return droppedSyns; }

    /** The next segment to send (resets for stray ACKs), or null. */
    public OutSegment pollSegment() { return out.poll(); }

    public int localPort() { return localPort; }

    private void prune() { queue.removeIf(t -> t.state() == TcpState.CLOSED); }
}

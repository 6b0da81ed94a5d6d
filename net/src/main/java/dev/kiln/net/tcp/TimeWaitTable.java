package dev.kiln.net.tcp;

import static dev.kiln.net.wire.TcpPacket.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The stack's TIME-WAIT connections, kept small: the TCB is dropped and only what TIME-WAIT needs stays
 * (RFC 9293 §3.10.7.4 in TIME-WAIT: acknowledge a retransmitted FIN and restart the 2 MSL timer; an RST
 * at RCV.NXT ends it). Bounded by {@link TcpConfig#timeWaitMax}: when full, the entry nearest its end
 * is dropped and counted. Entries are kept in expiry order (a restart moves an entry to the back).
 * A new SYN for a tuple in TIME-WAIT gets an ACK (RFC 6191 reuse is not implemented).
 */
public final class TimeWaitTable {
    private record Entry(TcpTuple tuple, int sndNxt, int rcvNxt, int window, boolean ts, int tsOffset, int tsRecent, long expiresNs) {
        Entry restart(long nowNs, long twoMslNs) { return new Entry(tuple, sndNxt, rcvNxt, window, ts, tsOffset, tsRecent, nowNs + twoMslNs); }
    }

    private final LinkedHashMap<TcpTuple, Entry> entries = new LinkedHashMap<>();
    private final int max;
    private final long twoMslNs;
    private long evicted;

    public TimeWaitTable(TcpConfig cfg) {
        this.max = cfg.timeWaitMax();
        this.twoMslNs = 2 * cfg.mslNs();
    }

    /** Takes over a TCB in TIME-WAIT (its remaining time included). @return false if it is not in TIME-WAIT or the table holds none */
    public boolean add(Tcb t) {
        if (t.state() != TcpState.TIME_WAIT || max == 0) return false;
        if (entries.size() >= max && !entries.containsKey(t.tuple)) {
            Iterator<TcpTuple> it = entries.keySet().iterator();
            it.next();
            it.remove();
            evicted++;
        }
        entries.remove(t.tuple);
        entries.put(t.tuple, new Entry(t.tuple, t.sndNxt, t.rcvNxt, Math.min(t.rcvWnd() >> t.rcvShift, 0xFFFF), t.tsOk,
                t.tsOffset, t.tsRecent, t.closeAtNs));
        return true;
    }

    public boolean contains(TcpTuple tuple) { return entries.containsKey(tuple); }

    /** A segment for a tuple in the table. @return the ACK to send, or null (also when the tuple is not here) */
    public OutSegment onSegment(TcpTuple tuple, TcpRepr seg, long nowNs) {
        Entry e = entries.get(tuple);
        if (e == null) return null;
        if (seg.has(RST)) {
            if (seg.seq() == e.rcvNxt) entries.remove(tuple);
            return null;
        }
        if (seg.segLen() == 0 && seg.seq() == e.rcvNxt) return null; // an acceptable bare ACK needs nothing
        if (seg.has(FIN)) {
            entries.remove(tuple);
            e = e.restart(nowNs, twoMslNs);
            entries.put(tuple, e);
        }
        TcpOptionsRepr o = e.ts ? TcpOptionsRepr.EMPTY.withTimestamps((int) (nowNs / 1_000_000) + e.tsOffset, e.tsRecent) : TcpOptionsRepr.EMPTY;
        TcpRepr ack = new TcpRepr(tuple.localPort(), tuple.remotePort(), e.sndNxt, e.rcvNxt, ACK, e.window, 0, o, 0);
        return new OutSegment(tuple, ack, new byte[0]);
    }

    /** Drops the entries whose 2 MSL has passed. */
    public void expire(long nowNs) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresNs > nowNs) break;
            it.remove();
        }
    }

    /** When the oldest entry expires ({@code Long.MAX_VALUE} if empty). */
    public long pollAtNs() { return entries.isEmpty() ? Long.MAX_VALUE : entries.firstEntry().getValue().expiresNs; }

    public int size() { return entries.size(); }

    /** Entries dropped early because the table was full. */
    public long evicted() { return evicted; }
}

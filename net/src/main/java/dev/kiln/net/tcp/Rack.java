package dev.kiln.net.tcp;

/**
 * RFC 8985 §6 RACK, the time-based half of {@link SackScoreboard}'s loss marking: a segment is lost once a
 * segment sent after it has been delivered (SACKed or cumulatively acknowledged) and a reordering window
 * has passed since: {@code xmit + RACK.rtt + RACK.reo_wnd <= now}. Original transmissions are logged here in
 * sequence order (their send times only grow with the sequence number, so what RACK finds lost among them is
 * a prefix, {@link #lostBelow}); retransmissions carry their own times in {@link RetransmitLog}.
 *
 * <p>RACK.reo_wnd (§6.2 step 4) is RACK.min_RTT / 4 times a multiplier that each D-SACK round raises (RFC 2883:
 * the peer got something twice, so the loss was not one) and that falls back to 1 after 16 recoveries without
 * (recoveries undone as spurious do not count, as in Linux: {@link #onRecoveryEnd});
 * it is 0 while no reordering has been seen and the connection is recovering or DupThresh segments are SACKed;
 * never more than SRTT. Fixed arrays ({@code max} segments); when full, the newest entry grows, which only
 * makes RACK slower to mark its first bytes lost.
 */
final class Rack {
    static final long NONE = Long.MIN_VALUE;
    /** RFC 8985 §6.2 step 4: recoveries without a D-SACK after which the multiplier falls back to 1. */
    static final int PERSIST = 16;
    /** The largest multiplier (Linux's reo_wnd_steps is a byte); RACK.reo_wnd is at most SRTT anyway. */
    static final int MULT_MAX = 255;
    /** Stamps of one burst differ by nanoseconds: deadlines within this of each other are one deadline. */
    static final long SLACK_NS = 1_000;
    private final int[] end;
    private final long[] sentNs;
    private final boolean[] resent;
    private int head, n;
    private long lastStampNs = NONE + 1;
    long xmitNs = NONE, rttNs, minRttNs = Long.MAX_VALUE; // RACK.xmit_ts, RACK.rtt, RACK.min_RTT
    int endSeq, fack; // RACK.end_seq; RACK.fack: the highest byte delivered, + 1
    int lostBelow; // original transmissions below this are lost (SACKed bytes excepted)
    boolean reorderingSeen, fackSet;
    int reoWndMult = 1, reoWndPersist, dsackRound;
    boolean dsackRoundSet;

    Rack(int max, int firstSeq) {
        end = new int[max];
        sentNs = new long[max];
        resent = new boolean[max];
        reset(firstSeq);
    }

    void reset(int firstSeq) {
        head = n = 0;
        xmitNs = NONE;
        minRttNs = Long.MAX_VALUE;
        lostBelow = fack = firstSeq;
        fackSet = reorderingSeen = dsackRoundSet = false;
        reoWndMult = 1;
        reoWndPersist = 0;
    }

    private int at(int i) { // i < end.length: no division on the per-segment path
        int k = head + i;
        return k >= end.length ? k - end.length : k;
    }

    /**
     * A send time for a transmission now: strictly after the previous one, so that transmissions in one burst
     * (the same {@code nowNs}) keep their order — a retransmission sent after new data must not look older. A
     * burst's stamps run a few ns ahead of the clock; deadlines allow {@link #SLACK_NS} for that.
     */
    long stamp(long nowNs) {
        lastStampNs = Math.max(nowNs, lastStampNs + 1);
        return lastStampNs;
    }

    /** New data up to {@code sndMax} left at {@code nowNs}. */
    void onSent(int sndMax, long nowNs) {
        if (n > 0 && !Seq.gt(sndMax, end[at(n - 1)])) return;
        nowNs = stamp(nowNs);
        if (n == end.length) { // full: the newest entry grows
            end[at(n - 1)] = sndMax;
            sentNs[at(n - 1)] = nowNs;
            return;
        }
        end[at(n)] = sndMax;
        sentNs[at(n)] = nowNs;
        resent[at(n)] = false;
        n++;
    }

    /**
     * New data [{@code from}, {@code from + count * seg}) left at {@code nowNs} in {@code count} segments of
     * {@code seg} bytes: one entry each, as {@code count} calls of {@link #onSent} would make them.
     */
    void onSentRun(int from, int seg, int count, long nowNs) {
        int e = from + seg;
        if (n > 0) { // skip what is already logged (as onSent would)
            int last = end[at(n - 1)];
            while (count > 0 && !Seq.gt(e, last)) { e += seg; count--; }
        }
        for (int i = at(n); count > 0 && n < end.length; count--, e += seg) {
            end[i] = e;
            sentNs[i] = stamp(nowNs);
            resent[i] = false;
            n++;
            if (++i == end.length) i = 0;
        }
        for (; count > 0; count--, e += seg) onSent(e, nowNs); // full: the newest entry grows (rare)
    }

    /** [from, upTo) was resent after a retransmission timeout, now: its entries count as sent now (and resent). */
    void onResent(int from, int upTo, long nowNs) {
        nowNs = stamp(nowNs);
        for (int i = Math.max(0, index(from)); i < n; i++) {
            sentNs[at(i)] = nowNs;
            resent[at(i)] = true;
            if (!Seq.lt(end[at(i)], upTo)) return;
        }
    }

    /** A retransmission timeout: what was found lost is being resent; RACK marks anew from the new send times. */
    void onTimeout(int una) { lostBelow = una; }

    /** Was the entry holding {@code seq} resent after a timeout? */
    boolean resent(int seq) {
        int i = index(seq);
        return i >= 0 && resent[at(i)];
    }

    /** Forgets entries wholly below SND.UNA. */
    void trim(int una) {
        while (n > 0 && !Seq.gt(end[head], una)) {
            head = (head + 1) % end.length;
            n--;
        }
        if (Seq.lt(lostBelow, una)) lostBelow = una;
    }

    /** The index of the entry holding {@code seq}, or -1. */
    private int index(int seq) {
        int lo = 0, hi = n - 1, found = -1;
        while (lo <= hi) { // the first entry ending above seq
            int mid = (lo + hi) >>> 1;
            if (Seq.gt(end[at(mid)], seq)) { found = mid; hi = mid - 1; } else lo = mid + 1;
        }
        return found;
    }

    /** When the original transmission holding {@code seq} left, or {@link #NONE}. */
    long sentNsOf(int seq) {
        int i = index(seq);
        return i < 0 ? NONE : sentNs[at(i)];
    }

    /**
     * RFC 8985 §6.2 step 2: a segment sent at {@code sentNs} ending at {@code segEnd} was delivered now. A retransmitted
     * one is ambiguous (the original may be what arrived) if it seems to have crossed the path faster than RACK.min_RTT,
     * or — Kiln's addition, see {@link SackScoreboard#onAck(int, int, int[], int, long, long)} — in less than half of
     * RACK.rtt, the round trip of the segments around it.
     */
    void onDelivered(long sentNs, int segEnd, boolean retransmitted, long nowNs) {
        if (sentNs == NONE) return;
        long rtt = nowNs - sentNs;
        if (retransmitted && (rtt < minRttNs || (xmitNs != NONE && rtt < rttNs / 2))) return;
        if (rtt >= 0) minRttNs = Math.min(minRttNs, rtt);
        if (xmitNs == NONE || sentNs > xmitNs || (sentNs == xmitNs && Seq.gt(segEnd, endSeq))) {
            xmitNs = sentNs;
            endSeq = segEnd;
            rttNs = Math.max(0, rtt);
        }
    }

    /** RFC 8985 §6.2 step 2 (reordering) and RACK.fack: {@code segEnd} was delivered, never retransmitted. */
    void onDeliveredOriginal(int segEnd) {
        if (fackSet && Seq.lt(segEnd, fack)) reorderingSeen = true;
        if (!fackSet || Seq.gt(segEnd, fack)) fack = segEnd;
        fackSet = true;
    }

    /** RFC 8985 §6.2 step 4: a D-SACK arrived while SND.UNA was {@code una} and HighData {@code highData}. */
    void onDsack(int una, int highData) {
        reorderingSeen = true;
        if (dsackRoundSet && Seq.lt(una, dsackRound)) return; // once per round trip
        dsackRoundSet = true;
        dsackRound = highData;
        reoWndMult = Math.min(reoWndMult + 1, MULT_MAX);
        reoWndPersist = PERSIST;
    }

    /**
     * RFC 8985 §6.2 step 4: a recovery ended (fast, or by a retransmission timeout) without being found spurious:
     * 16 of them without a D-SACK restore the window's multiplier. As Linux (tcp_try_undo_recovery), a recovery
     * undone as spurious does not count: under reordering most are, each ending early, and counting them reset the
     * multiplier every 16 of them, faster than the D-SACK rounds (one per round trip) raised it.
     */
    void onRecoveryEnd() {
        if (reoWndPersist > 0 && --reoWndPersist == 0) reoWndMult = 1;
    }

    /** A recovery was found spurious by D-SACKs or timestamps ({@link Undo}): the multiplier persists one more (Linux's tcp_try_undo_dsack). */
    void onUndo() {
        if (reoWndMult > 1) reoWndPersist = Math.min(PERSIST, reoWndPersist + 1);
    }

    /** RACK.reo_wnd (RFC 8985 §6.2 step 4). */
    long reoWndNs(long srttNs, boolean recovering, boolean dupThreshSacked) {
        if (!reorderingSeen && (recovering || dupThreshSacked)) return 0;
        if (minRttNs == Long.MAX_VALUE) return 0;
        long w = minRttNs / 4 * reoWndMult;
        return srttNs > 0 ? Math.min(w, srttNs) : w;
    }

    /** Was a segment sent at {@code t} ending at {@code e} sent before RACK's segment (RFC 8985 RACK_sent_after)? */
    boolean sentBefore(long t, int e) {
        return xmitNs != NONE && (t < xmitNs || (t == xmitNs && Seq.le(e, endSeq)));
    }

    /**
     * RFC 8985 §6.2 step 5 over the original transmissions: moves {@link #lostBelow} up over every entry sent before
     * RACK's segment whose reordering window has passed. Returns when the next such entry's window passes
     * (the reordering timer), or {@link Tcb#NEVER}.
     */
    long detect(long nowNs, long reoWndNs) {
        if (xmitNs == NONE) return Tcb.NEVER;
        for (int i = Math.max(0, index(lostBelow)); i >= 0 && i < n; i++) {
            int k = at(i);
            if (!sentBefore(sentNs[k], end[k])) return Tcb.NEVER;
            long due = sentNs[k] + rttNs + reoWndNs;
            if (due - SLACK_NS > nowNs) return due;
            if (Seq.gt(end[k], lostBelow)) lostBelow = end[k];
        }
        return Tcb.NEVER;
    }
}

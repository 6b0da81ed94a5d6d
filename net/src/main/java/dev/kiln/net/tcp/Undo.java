package dev.kiln.net.tcp;

import dev.kiln.net.wire.TcpRepr;

/**
 * Undo of a spurious fast retransmit: detection by timestamps (RFC 3522 Eifel: the ACK of the first retransmitted
 * segment echoes a timestamp older than the retransmission, so the original arrived) or by D-SACKs (RFC 3708: every
 * retransmitted segment of the episode was reported as a duplicate, RFC 2883); the response of RFC 4015 §3: the
 * congestion window and slow-start threshold go back to what they were before the episode, and recovery ends (a
 * real loss found later starts a new one). Reordering beyond RACK's window made Kiln halve its window for losses
 * that were none.
 *
 * <p>It also tells RACK how recoveries end ({@link #recoveryEnded}, {@link SackScoreboard#onUndo}): only those not
 * undone wear down the widened reordering window (RFC 8985 §6.2 step 4).
 *
 * <p>An episode starts with a fast retransmit (a recovery); a retransmission timeout ends it without undo (Kiln
 * does not undo timeouts: RFC 4015's timeout response is not implemented). Counts segments as Linux's undo_retrans.
 */
final class Undo {
    boolean armed; // an episode that may still prove spurious
    private boolean recovering; // its recovery has not been seen to end
    private boolean proven; // it proved spurious
    private boolean eifel; // its first retransmission's ACK is awaited (timestamps negotiated)
    private int priorCwnd, priorSsthresh, firstSeq, rtxEnd, eifelSeq, eifelTs, retrans; // resent: [firstSeq, rtxEnd)
    long undone; // reductions undone (for tests and counters)

    /** A recovery began at SND.UNA {@code una}; before it the window was {@code cwnd}, the threshold {@code ssthresh}. */
    void start(int una, int cwnd, int ssthresh) {
        armed = recovering = true;
        proven = eifel = false;
        priorCwnd = cwnd;
        priorSsthresh = ssthresh;
        retrans = 0;
        firstSeq = rtxEnd = una;
    }

    /** A retransmission timeout: the episode can no longer be undone (and its recovery gives way to the timeout's). */
    void cancel() { armed = recovering = false; }

    /**
     * Has the episode's recovery just ended ({@code inRecovery} is false now) without proving spurious? Once per
     * episode; an episode undone later (its D-SACKs came after the ACK that ended it) is then counted by {@link #check}.
     */
    boolean recoveryEnded(boolean inRecovery) {
        if (!recovering || inRecovery) return false;
        recovering = false;
        return !proven;
    }

    /** {@code len} bytes from {@code seq} were resent in segments of {@code mss}, with timestamp {@code tsVal} (if {@code ts}). */
    void onRetransmit(int seq, int len, int mss, boolean ts, int tsVal) {
        if (!armed) return;
        if (retrans == 0) {
            eifel = ts;
            firstSeq = rtxEnd = eifelSeq = seq;
            eifelTs = tsVal;
        }
        if (Seq.lt(seq, firstSeq)) firstSeq = seq;
        if (Seq.gt(seq + len, rtxEnd)) rtxEnd = seq + len;
        retrans += (len + mss - 1) / mss;
    }

    /**
     * An ACK of {@code ack} (before SND.UNA moves) echoing {@code tsEcr} (if {@code ts}), with a D-SACK block
     * [{@code dsackLeft}, {@code dsackRight}) (empty for none) counted in segments of {@code mss}. Only a D-SACK within
     * what the episode resent counts (a duplicate the network made of an original is no evidence). Returns whether
     * the episode proved spurious now.
     */
    boolean onAck(int ack, boolean ts, int tsEcr, int dsackLeft, int dsackRight, int mss) {
        if (!armed || retrans == 0) return false;
        if (eifel && Seq.gt(ack, eifelSeq)) { // RFC 3522 §3.2: the ACK of the first retransmission
            eifel = false;
            if (ts && Seq.lt(tsEcr, eifelTs)) return spurious();
        }
        if (!Seq.lt(dsackLeft, dsackRight) || Seq.lt(dsackLeft, firstSeq) || Seq.gt(dsackRight, rtxEnd)) return false;
        retrans -= (Seq.diff(dsackLeft, dsackRight) + mss - 1) / mss;
        return retrans <= 0 && spurious(); // RFC 3708 §3: every retransmission was a duplicate
    }

    /** RFC 3522 / RFC 3708 detection for the ACK {@code seg} with the D-SACK [{@code dsackLeft}, {@code dsackRight}), and the RFC 4015 response. */
    static void check(Tcb t, TcpRepr seg, int dsackLeft, int dsackRight) {
        boolean ts = t.tsOk && seg.options().timestamps();
        if (t.undo.onAck(seg.ack(), ts, ts ? seg.options().tsEcr() : 0, dsackLeft, dsackRight, t.sendMss())) {
            t.cc.undo(t.undo.priorCwnd, t.undo.priorSsthresh);
            if (t.sackOk) t.board.onUndo();
        }
    }

    private boolean spurious() {
        armed = false;
        proven = true;
        undone++;
        return true;
    }
}

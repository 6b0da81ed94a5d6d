package dev.kiln.net.tcp;

/**
 * NewReno: slow start and congestion avoidance per RFC 5681 §3.1 with byte counting (RFC 3465) and no
 * per-ACK limit L in slow start, as Linux counts: one ACK of a TSO super-frame (GRO at the receiver)
 * covers tens of segments, and growing one MSS per such ACK kept a fresh connection in slow start for
 * tens of round trips; an ACK covers at most the flight, so cwnd still at most doubles per round trip,
 * fast retransmit/fast recovery per RFC 6582 §3.2 (recover point, partial ACKs deflate and
 * retransmit, full ACK sets cwnd = min(ssthresh, max(FlightSize, SMSS) + SMSS)), SACK recovery
 * entry per RFC 6675 §5 (cwnd = ssthresh, no inflation), RFC 6928 initial window. Subclasses
 * replace the reduction ({@link #ssthresholdOnLoss}) and the growth ({@link #congestionAvoidance}).
 * Not implemented: RFC 6582 §4.1 heuristic for multiple fast retransmits, RFC 5681 §4.1 restart
 * after idle, RFC 3042 limited transmit (the connection's job).
 */
public class NewReno implements CongestionControl {
    static final int CWND_MAX = 1 << 30; // the largest window scaling can advertise
    protected int mss; // changes only with the path MTU (onMssChanged)
    protected int cwnd, ssthresh = CWND_MAX;
    private int recover, dupAcks, caBytes;
    private boolean recoverSet, recovering, inflating, timedOut;

    public NewReno(int mss) {
        if (mss <= 0 || mss > 65_535) throw new IllegalArgumentException("MSS must be 1..65535 bytes, got " + mss);
        this.mss = mss;
        this.cwnd = CongestionControl.initialWindow(mss);
    }

    @Override public int cwnd() { return cwnd; }
    @Override public int ssthresh() { return ssthresh; }
    @Override public boolean inRecovery() { return recovering; }

    @Override
    public boolean onAck(int ack, int bytesAcked, int flightBytes, long rttNs, long nowNs) {
        dupAcks = 0;
        if (bytesAcked <= 0) return false;
        timedOut = false;
        if (recovering) {
            if (Seq.ge(ack, recover)) { // full ACK: RFC 6582 §3.2 step 3, option (1)
                recovering = false;
                cwnd = Math.max(mss, Math.min(ssthresh, Math.max(flightBytes, mss) + mss));
                return false;
            }
            if (!inflating) return false; // RFC 6675: pipe governs sending during SACK recovery
            cwnd = Math.max(mss, cwnd - bytesAcked + (bytesAcked >= mss ? mss : 0)); // step 5: deflate
            return true;
        }
        int slowStart = cwnd < ssthresh ? Math.min(bytesAcked, ssthresh - cwnd) : 0; // what slow start takes up to ssthresh
        cwnd = Math.min(CWND_MAX, cwnd + slowStart);
        if (bytesAcked > slowStart) congestionAvoidance(bytesAcked - slowStart, rttNs, nowNs); // the rest beyond ssthresh

        return false;
    }

    @Override
    public boolean onDupAck(int sndUna, int sndNxt, int flightBytes, long nowNs) {
        if (recovering) {
            if (inflating) cwnd = Math.min(CWND_MAX, cwnd + mss); // RFC 5681 §3.2 step 4
            return false;
        }
        // RFC 6582 §3.2 step 2: no new recovery unless the ACK covers more than recover.
        if (++dupAcks != 3 || (recoverSet && !Seq.gt(sndUna, recover))) return false;
        enter(sndNxt, flightBytes, nowNs, true);
        return true;
    }

    @Override
    public boolean onSackLoss(int sndUna, int sndNxt, int flightBytes, long nowNs) {
        if (recovering || (recoverSet && Seq.lt(sndUna, recover))) return false; // RFC 6675 §5.1
        enter(sndNxt, flightBytes, nowNs, false);
        return true;
    }

    @Override
    public void onTailLossRepaired(int flightBytes, long nowNs) {
        if (recovering) return; // the recovery's own reduction stands
        ssthresh = ssthresholdChecked(Math.max(flightBytes, cwnd), nowNs);
        cwnd = Math.max(mss, Math.min(cwnd, ssthresh));
        caBytes = 0;
    }

    @Override
    public void undo(int priorCwnd, int priorSsthresh) {
        cwnd = Math.max(cwnd, Math.min(CWND_MAX, priorCwnd));
        ssthresh = Math.max(ssthresh, priorSsthresh);
        recovering = inflating = recoverSet = false;
        caBytes = 0;
        undoGrowth();
    }

    /** {@link #undo}: the growth function forgets the reduction too (CUBIC's W_max). */
    protected void undoGrowth() {}

    @Override
    public void onRetransmitTimeout(int sndNxt, int flightBytes, long nowNs) {
        // RFC 5681 §3.1: a segment already retransmitted by the timer keeps ssthresh constant.
        if (!timedOut) ssthresh = ssthresholdChecked(flightBytes, nowNs);
        timedOut = true;
        cwnd = mss; // loss window
        recovering = false;
        recover = sndNxt; // RFC 6582 §3.2 step 4
        recoverSet = true;
        dupAcks = 0;
        caBytes = 0;
    }

    @Override
    public void onMssChanged(int newMss) {
        if (newMss <= 0 || newMss > 65_535) throw new IllegalArgumentException("MSS must be 1..65535 bytes, got " + newMss);
        cwnd = (int) Math.max(newMss, Math.min(CWND_MAX, (long) cwnd * newMss / mss));
        if (ssthresh < CWND_MAX) ssthresh = (int) Math.max(2L * newMss, Math.min(CWND_MAX, (long) ssthresh * newMss / mss));
        caBytes = (int) ((long) caBytes * newMss / mss);
        mss = newMss;
    }

    private void enter(int sndNxt, int flightBytes, long nowNs, boolean inflate) {
        ssthresh = ssthresholdChecked(flightBytes, nowNs);
        cwnd = inflate ? Math.min(CWND_MAX, ssthresh + 3 * mss) : ssthresh;
        recover = sndNxt;
        recoverSet = true;
        recovering = true;
        inflating = inflate;
        caBytes = 0;
    }

    private int ssthresholdChecked(int flightBytes, long nowNs) {
        return Math.max(2 * mss, Math.min(CWND_MAX, ssthresholdOnLoss(Math.max(0, flightBytes), nowNs)));
    }

    /** RFC 5681 eq. (4): FlightSize / 2 (the caller enforces at least 2 MSS). */
    protected int ssthresholdOnLoss(int flightBytes, long nowNs) {
        return flightBytes / 2;
    }

    /** RFC 5681 §3.1 with byte counting: one MSS per cwnd of bytes ACKed. */
    protected void congestionAvoidance(int bytesAcked, long rttNs, long nowNs) {
        caBytes += bytesAcked;
        if (caBytes >= cwnd) {
            caBytes = Math.min(caBytes - cwnd, cwnd);
            cwnd = Math.min(CWND_MAX, cwnd + mss);
        }
    }
}

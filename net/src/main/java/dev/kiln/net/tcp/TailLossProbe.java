package dev.kiln.net.tcp;

import static dev.kiln.net.wire.TcpPacket.*;

/**
 * RFC 8985 §7 Tail Loss Probe: when no ACK comes for a probe timeout (PTO = 2·SRTT, plus
 * {@link #WC_DEL_ACK_NS} when one segment is in flight, never past the RTO), one segment goes out to
 * draw an ACK — new data if the peer's window allows, else the highest unSACKed segment sent again — so that a
 * lost tail (the last segments, or the ACK that covered them) is repaired by SACK recovery instead of
 * a retransmission timeout. One probe per episode; the RTO is armed after it. An episode whose probe
 * was a retransmission ends with a congestion response unless the peer's D-SACK shows the probe was
 * not needed (§7.4).
 *
 * <p>As RFC 8985 §7.2 says, no PTO during loss recovery or while SACKed data is outstanding (RACK's reordering
 * timer covers that case). Probing then too was tried: the simulator found transfers that stalled after a
 * partition (seed 1013180515088939042 of TcpTransferSimTest).
 */
final class TailLossProbe {
    /** RFC 8985 §7.2 WCDelAckT: the worst-case delayed ACK timer of the peer (RFC 5681: 200 ms). */
    static final long WC_DEL_ACK_NS = 200_000_000L;
    /** Added to 2·SRTT, as Linux adds two timer ticks: timestamps give SRTT in whole milliseconds. */
    static final long SLACK_NS = 2_000_000L;
    /** RFC 8985 §7.2: the PTO without an RTT sample (TimeoutInit). */
    static final long NO_SAMPLE_NS = 1_000_000_000L;

    int endSeq; // TLP.end_seq: the end of the probe's data (of a resent FIN: its number)
    boolean active; // an episode is open: its probe's ACK is awaited
    boolean retrans; // TLP.is_retrans: the probe resent the last segment
    long probes, repairs;

    private TailLossProbe() {}

    static TailLossProbe create() { return new TailLossProbe(); }

    /**
     * RFC 8985 §7.2: (re)arms the PTO after data went out or an ACK arrived, when data is in flight, no recovery
     * is under way, nothing is SACKed, no probe is awaited and no timeout has fired since the last progress (the backed-off
     * RTO alone retries then); else disarms it. The PTO is never later than the RTO.
     */
    static void schedule(Tcb t, long nowNs) {
        t.ptoAtNs = Tcb.NEVER;
        if (!t.sackOk || t.cc.inRecovery() || t.board.ranges() > 0 || t.afterTimeout || t.tlp.active || t.rtxCount > 0 || !t.state.synchronizedState() || t.sndUna == t.sndNxt) return;
        long pto = t.rto.hasSample() ? 2 * t.rto.srttNs() + SLACK_NS : NO_SAMPLE_NS;
        boolean finInFlight = t.finSent && !t.finAcked(); // a FIN is acknowledged at once, not delayed
        if (t.flight() <= t.sendMss() && !finInFlight) pto += WC_DEL_ACK_NS;
        // never past the RTO: as Linux (tcp_schedule_loss_probe), the probe then goes just before it would fire
        t.ptoAtNs = Math.min(nowNs + pto, t.rtxAtNs - 1);
    }

    /** RFC 8985 §7.3: the PTO fired: send one probe, then wait for the RTO. */
    static void onTimer(Tcb t, long nowNs) {
        t.ptoAtNs = Tcb.NEVER;
        if (t.sndUna == t.sndNxt || t.afterTimeout || !t.state.synchronizedState()) return;
        TailLossProbe p = t.tlp;
        int mss = t.sendMss();
        boolean newData = Seq.diff(t.sndNxt, t.sndUna + t.sndWnd) >= Math.min(mss, t.sendQ.unsent())
                && Output.sendNew(t, mss, nowNs);
        if (!newData) { // the highest unSACKed segment (the last one unless SACKed; RFC 6675 §4's rescue choice)
            int end = t.board.unsackedEnd(t.dataHigh()), len = Math.min(mss, Seq.diff(t.sendBase(), end));
            if (len > 0) p.endSeq = end;
            if (len > 0) t.board.onProbeResent(end - len, Recovery.resend(t, end - len, len, nowNs), nowNs);
            else if (t.finSent && !t.finAcked()) Output.segment(t, p.endSeq = t.finSeq, FIN | ACK, 0, nowNs);
            else return;
            t.timing = false;
        }
        p.active = true;
        p.retrans = !newData;
        if (newData) p.endSeq = t.sndNxt;
        p.probes++;
        t.rtxAtNs = nowNs + t.rto.rtoNs();
    }

    /**
     * RFC 8985 §7.4, for an ACK of {@code ack} that acknowledged or SACKed new data ({@code dsack}: it carried a
     * D-SACK block): the probe drew feedback, so the episode ends (and another probe may follow, e.g. for a FIN
     * the peer dropped out of order); a resent probe acknowledged cumulatively and not reported as a duplicate
     * repaired a loss, and congestion control reduces the window once for it.
     */
    static void onAck(Tcb t, int ack, boolean dsack, long nowNs) {
        TailLossProbe p = t.tlp;
        if (!p.active) return;
        p.active = false;
        if (p.retrans && !dsack && Seq.ge(ack, p.endSeq)) {
            p.repairs++;
            t.cc.onTailLossRepaired(t.flight(), nowNs);
        }
    }

    /** A retransmission timeout ends any episode. */
    static void onRetransmitTimeout(Tcb t) {
        t.tlp.active = false;
        t.ptoAtNs = Tcb.NEVER;
    }
}

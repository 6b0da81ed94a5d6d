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
 * <p>Deviation: RFC 8985 §7.2 arms no PTO during loss recovery or while SACKed data is outstanding. Then a lost
 * retransmission at the end of a recovery, or a lost last segment or ACK, waited for the RTO (at 5 % loss most of
 * Kiln's timeouts). So the PTO is armed then too, with two limits: one probe per advance of SND.UNA, and the probe
 * leaves the RTO timer as it was (RFC 6298 §5.3 restarts it only for an ACK of new data). The probe's SACK is a
 * delivery after the lost retransmission, so RACK marks it lost (RFC 8985 §6.2) and recovery resends it. Without
 * the limits the simulator found a transfer that crawled after a partition (seed 1013180515088939042 of
 * TcpTransferSimTest, before RACK-TLP was merged): each probe resent the highest unSACKed segment, its SACK counted
 * as feedback, the next PTO sent another, and as each probe re-armed the RTO the timer never fired — while the
 * holes below HighRxt, whose retransmissions were lost and no longer tracked, only a timeout would resend: one
 * segment per PTO (3 s at the inflated SRTT) moved.
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
    boolean probedInRecovery; // a probe went during recovery (or with SACKed data) at SND.UNA probedUna
    int probedUna;
    long probes, repairs;

    private TailLossProbe() {}

    static TailLossProbe create() { return new TailLossProbe(); }

    /**
     * RFC 8985 §7.2: (re)arms the PTO after data went out or an ACK arrived, when data is in flight, no probe is
     * awaited and no timeout has fired since the last progress (the backed-off RTO alone retries then); else disarms
     * it. Outside recovery the PTO is never later than the RTO (as Linux's tcp_schedule_loss_probe: the probe goes
     * just before the RTO would fire); in recovery or with SACKed data only one probe per SND.UNA, and only if it
     * comes before the RTO.
     */
    static void schedule(Tcb t, long nowNs) {
        t.ptoAtNs = Tcb.NEVER;
        TailLossProbe p = t.tlp;
        if (!t.sackOk || t.afterTimeout || p.active || t.rtxCount > 0 || !t.state.synchronizedState() || t.sndUna == t.sndNxt) return;
        boolean recovering = recovering(t);
        if (recovering && p.probedInRecovery && p.probedUna == t.sndUna) return;
        long pto = t.rto.hasSample() ? 2 * t.rto.srttNs() + SLACK_NS : NO_SAMPLE_NS;
        boolean finInFlight = t.finSent && !t.finAcked(); // a FIN is acknowledged at once, not delayed
        if (t.flight() <= t.sendMss() && !finInFlight) pto += WC_DEL_ACK_NS;
        if (!recovering) t.ptoAtNs = Math.min(nowNs + pto, t.rtxAtNs - 1);
        else if (nowNs + pto < t.rtxAtNs) t.ptoAtNs = nowNs + pto;
    }

    /** In loss recovery, or SACKed data outstanding: where RFC 8985 §7.2 would not probe. */
    private static boolean recovering(Tcb t) { return t.cc.inRecovery() || t.board.ranges() > 0; }

    /** RFC 8985 §7.3: the PTO fired: send one probe, then wait for the RTO (re-armed only outside recovery). */
    static void onTimer(Tcb t, long nowNs) {
        t.ptoAtNs = Tcb.NEVER;
        if (t.sndUna == t.sndNxt || t.afterTimeout || !t.state.synchronizedState()) return;
        TailLossProbe p = t.tlp;
        boolean recovering = recovering(t);
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
        p.probedInRecovery = recovering;
        p.probedUna = t.sndUna;
        if (!recovering) t.rtxAtNs = nowNs + t.rto.rtoNs();
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

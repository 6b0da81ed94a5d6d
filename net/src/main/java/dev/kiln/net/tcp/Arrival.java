package dev.kiln.net.tcp;

import static dev.kiln.net.wire.TcpPacket.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;

/** SEGMENT ARRIVES in SYN-RECEIVED and the synchronized states (RFC 9293 §3.10.7.4), with RFC 5961 and RFC 7323 checks. */
final class Arrival {
    private Arrival() {}

    /** The segment {@code seg} with its payload at {@code frame[payloadOff..]}. */
    static void segment(Tcb t, TcpRepr seg, MemorySegment frame, long payloadOff, long nowNs) {
        if (t.state == TcpState.SYN_RECEIVED && seg.has(SYN) && !seg.has(RST) && seg.seq() == t.irs) {
            if (!seg.has(ACK)) { // the peer's SYN again: our SYN-ACK was lost
                Output.synAck(t, nowNs);
                return;
            }
            // simultaneous open: the peer's SYN-ACK; its SYN is the one we have; go on with its ACK
            seg = new TcpRepr(seg.srcPort(), seg.dstPort(), seg.seq() + 1, seg.ack(), seg.flags() & ~SYN, seg.window(),
                    seg.urgent(), seg.options(), seg.payloadLen());
        }
        TcpOptionsRepr o = seg.options();
        boolean rst = seg.has(RST);
        // RFC 7323 §5.3 PAWS: a timestamp older than TS.Recent is an old duplicate
        if (t.tsOk && o.timestamps() && !rst && Seq.lt(o.tsVal(), t.tsRecent)) {
            t.rx.duplicate(seg.seq(), seg.payloadLen()); // RFC 2883: reported by D-SACK
            unacceptableAck(t, seg, nowNs);
            return;
        }
        // first: sequence acceptability; with a zero window an in-sequence segment still counts for its ACK
        boolean ackOnly = false;
        if (!acceptable(t, seg)) {
            if (!rst && !seg.has(SYN) && t.rcvWnd() == 0 && seg.seq() == t.rcvNxt) ackOnly = true;
            else {
                if (!rst) t.rx.duplicate(seg.seq(), seg.payloadLen()); // an old duplicate: RFC 2883 D-SACK
                if (!rst) unacceptableAck(t, seg, nowNs);
                if (!rst && t.state == TcpState.TIME_WAIT && seg.has(FIN)) t.closeAtNs = nowNs + 2 * t.cfg.mslNs(); // FIN again
                return;
            }
        }
        // second: RFC 5961 §3.2 — only an RST at exactly RCV.NXT resets; one elsewhere in the window is challenged
        if (rst) {
            if (seg.seq() != t.rcvNxt) Output.challengeAck(t, nowNs);
            else t.enterClosed(switch (t.state) {
                case SYN_RECEIVED -> t.passive ? null : TcpEvent.REFUSED; // passive: back to LISTEN, the user need not know
                case ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> TcpEvent.RESET;
                default -> null; // CLOSING, LAST-ACK, TIME-WAIT
            });
            return;
        }
        if (t.keepAliveAtNs != Tcb.NEVER) KeepAlive.heard(t, nowNs);
        // RFC 7323 §4.3: remember the timestamp to echo
        if (t.tsOk && o.timestamps() && Seq.le(seg.seq(), t.lastAckSent) && Seq.ge(o.tsVal(), t.tsRecent)) t.tsRecent = o.tsVal();
        // fourth: a SYN in a synchronized state (RFC 5961 §4; RFC 9293: a passive SYN-RECEIVED returns to LISTEN)
        if (seg.has(SYN)) {
            if (t.state == TcpState.SYN_RECEIVED && t.passive) t.enterClosed(null);
            else Output.challengeAck(t, nowNs);
            return;
        }
        // fifth: the ACK
        if (!seg.has(ACK)) return;
        if (t.state == TcpState.SYN_RECEIVED) {
            if (!(Seq.lt(t.sndUna, seg.ack()) && Seq.le(seg.ack(), t.sndNxt))) {
                Output.rst(t, seg.ack());
                return;
            }
            t.enterEstablished(nowNs);
        }
        // RFC 5961 §5.2: SND.UNA - MAX.SND.WND =< SEG.ACK =< SND.NXT, else challenge (blind data injection)
        if (Seq.gt(seg.ack(), t.sndNxt) || Seq.lt(seg.ack(), t.sndUna - t.maxSndWnd)) {
            Output.challengeAck(t, nowNs);
            return;
        }
        acknowledge(t, seg, nowNs);
        switch (t.state) {
            case FIN_WAIT_1 -> {
                if (t.finAcked()) {
                    t.state = TcpState.FIN_WAIT_2;
                    if (t.orphaned) t.closeAtNs = nowNs + t.cfg.finWait2TimeoutNs();
                }
            }
            case CLOSING -> { if (t.finAcked()) t.enterTimeWait(nowNs); }
            case LAST_ACK -> {
                if (t.finAcked()) {
                    t.enterClosed(null);
                    return;
                }
            }
            default -> { }
        }
        // sixth: URG is not implemented (the urgent pointer is ignored, RFC 6093 §5 discourages its use)
        // seventh: text; out-of-order text is kept (bounded) and the ACK below names it in SACK blocks
        int len = seg.payloadLen(), rcvBefore = t.rcvNxt, holesBefore = t.rx.intervals();
        if (len > 0 && !ackOnly && t.state.receivesText()) {
            // FIN-WAIT-2's timeout counts from the peer's last text: a half-closed connection the peer still sends on lives
            if (t.state == TcpState.FIN_WAIT_2 && t.orphaned) t.closeAtNs = nowNs + t.cfg.finWait2TimeoutNs();
            if (t.lending) t.rx.lend(seg.seq(), frame, payloadOff, len);
            else t.rx.receive(seg.seq(), frame, payloadOff, len);
            if (t.rx.rcvNxt() != t.rcvNxt) {
                t.rcvNxt = t.rx.rcvNxt();
                t.events.add(TcpEvent.READABLE);
            }
        }
        // eighth: FIN, when everything before it has arrived
        if (seg.has(FIN) && !ackOnly && seg.seq() + len == t.rcvNxt) {
            t.rcvNxt += 1;
            t.events.add(TcpEvent.PEER_CLOSED);
            switch (t.state) {
                case SYN_RECEIVED, ESTABLISHED -> t.state = TcpState.CLOSE_WAIT;
                case FIN_WAIT_1 -> { if (t.finAcked()) t.enterTimeWait(nowNs); else t.state = TcpState.CLOSING; }
                case FIN_WAIT_2 -> t.enterTimeWait(nowNs);
                default -> { }
            }
        }
        if (seg.segLen() > 0) scheduleAck(t, seg, len, ackOnly || seg.seq() != rcvBefore || holesBefore > 0, nowNs);
        Output.push(t, nowNs); // data sent now carries the ACK
        if (t.ackOwed) Output.ack(t, nowNs);
    }

    /**
     * RFC 9293 §3.8.6.3, RFC 5681 §4.2: in-order text is acknowledged within {@code delayedAckNs}, or at once
     * when it makes two full-sized segments unacknowledged; out-of-order text, text that fills a hole
     * (or leaves one), a FIN, or text not taken is acknowledged at once. An ACK that leaves before the
     * timer (on data, a window update) cancels it.
     *
     * <p>Stretch ACKs for aggregates (received super-frames, larger than our MSS: each is many segments):
     * after {@link Tcb#QUICK_ACKS} of them, an aggregate at least half as large as the largest yet is
     * acknowledged once {@link Tcb#stretchAckBytes} are unacknowledged, within {@link Tcb#STRETCH_ACK_NS}, as
     * long as the window the peer knows still takes two more. A smaller aggregate (the end of the peer's
     * flight) is acknowledged at once as two full-sized segments are. A stretch ACK waits only while more
     * frames are already waiting at the device ({@link Tcb#endOfBatch}): when the peer sends faster than we
     * take, aggregates share an ACK; when we keep up, each is acknowledged as Linux does after GRO, and the
     * peer's flight never waits out the timer.
     */
    private static void scheduleAck(Tcb t, TcpRepr seg, int len, boolean outOfOrder, long nowNs) {
        if (len > 0) WindowReopen.heard(t);
        boolean delay = t.cfg.delayedAckNs() > 0 && !outOfOrder && !seg.has(FIN) && len > 0 && t.rx.intervals() == 0
                && t.rcvNxt == seg.seq() + len;
        long wait = t.cfg.delayedAckNs();
        if (delay) {
            boolean full = 2 * len >= t.rcvMss; // sizes vary with the sender's pacing: at least half the largest counts
            t.rcvMss = Math.max(t.rcvMss, len);
            int unacked = Seq.diff(t.lastAckSent, t.rcvNxt), mss = Math.min(t.rcvMss, t.cfg.mss());
            delay = unacked < 2 * mss;
            if (!delay && t.rcvMss > t.cfg.mss()) { // an aggregate
                if (t.quickAcks > 0) t.quickAcks--;
                else if (full && unacked < t.stretchAckBytes() && Seq.diff(t.rcvNxt, t.rcvAdv) >= 2 * t.rcvMss) {
                    delay = true;
                    wait = Math.min(wait, Tcb.STRETCH_ACK_NS);
                    t.stretchAck = true; // Tcb.endOfBatch sends it once the device has nothing more
                }
            }
        }
        if (!delay) t.ackOwed = true;
        else if (t.ackAtNs == Tcb.NEVER || t.ackAtNs - nowNs > wait) t.ackAtNs = nowNs + wait;
    }

    /**
     * The ACK RFC 9293 §3.10.7.4 (and RFC 7323 §5.3 for PAWS) sends in reply to an unacceptable segment. For one that
     * carries no data, SYN or FIN and lies beyond the window, at most one per {@link #UNACCEPTABLE_ACK_NS} (as Linux's
     * tcp_oow_rate_limited): two ends that each find the other's ACKs beyond their window (both receive buffers full
     * of out-of-order data, so each window is closed) otherwise answer each other's ACKs forever (seed 53 of
     * TcpTransferSimTest). An old one (below RCV.NXT: an ACK overtaken by data) is still answered each time: limiting
     * those too made the netem reordering case take 57 s instead of 16 s (timeouts at the peer).
     */
    private static void unacceptableAck(Tcb t, TcpRepr seg, long nowNs) {
        if (seg.segLen() == 0 && !Seq.lt(seg.seq(), t.rcvNxt)) {
            if (t.unacceptableAckNs != Tcb.NEVER && nowNs - t.unacceptableAckNs < UNACCEPTABLE_ACK_NS) return;
            t.unacceptableAckNs = nowNs;
        }
        Output.ack(t, nowNs);
    }

    /** Linux's net.ipv4.tcp_invalid_ratelimit. */
    static final long UNACCEPTABLE_ACK_NS = 500_000_000L;

    /** RFC 9293 §3.10.7.4 first: the four cases of segment length and window. */
    static boolean acceptable(Tcb t, TcpRepr seg) {
        int len = seg.segLen(), wnd = t.rcvWnd(), seq = seg.seq();
        if (len == 0) return wnd == 0 ? seq == t.rcvNxt : Seq.inWindow(seq, t.rcvNxt, wnd);
        if (wnd == 0) return false;
        return Seq.inWindow(seq, t.rcvNxt, wnd) || Seq.inWindow(seq + len - 1, t.rcvNxt, wnd);
    }

    /** An acceptable ACK: SND.UNA moves, acknowledged bytes leave the queue, the send window may update. */
    private static void acknowledge(Tcb t, TcpRepr seg, long nowNs) {
        int ack = seg.ack();
        // RFC 5681 §2 duplicate ACK: nothing new, no text, no SYN/FIN, same window, data outstanding
        boolean dup = ack == t.sndUna && seg.segLen() == 0 && t.sndUna != t.sndNxt && (seg.window() << t.sndShift) == t.sndWnd;
        Recovery.onAck(t, seg, dup, nowNs);
        if (Seq.gt(ack, t.sndUna)) {
            int acked = Seq.diff(t.sndUna, ack);
            int dataEnd = t.finSent && Seq.gt(ack, t.finSeq) ? t.finSeq : ack;
            if (t.sendQ.ack(dataEnd) > 0) t.events.add(TcpEvent.WRITABLE);
            t.sndUna = ack;
            t.rtxCount = 0;
            t.dupAcks = 0;
            t.rttSample(seg, nowNs);
            t.rtxAtNs = t.sndUna == t.sndNxt ? Tcb.NEVER : nowNs + t.rto.rtoNs();
            // the smoothed RTT stands in for the sample (Cubic's RTT-dependent growth); a partial ACK in recovery resends
            if (t.cc.onAck(ack, acked, t.flight(), t.rto.hasSample() ? t.rto.srttNs() : 0, nowNs)) Recovery.retransmitFirst(t, nowNs);
        }
        // RFC 9293 §3.10.7.4 fifth: window update from a newer segment (SND.WL1, SND.WL2)
        if (Seq.lt(t.sndWl1, seg.seq()) || (t.sndWl1 == seg.seq() && Seq.le(t.sndWl2, ack))) {
            t.sndWnd = seg.window() << t.sndShift;
            t.sndWl1 = seg.seq();
            t.sndWl2 = ack;
            t.maxSndWnd = Math.max(t.maxSndWnd, t.sndWnd);
        }
        Recovery.afterAck(t, nowNs);
    }
}

package dev.kiln.net.tcp;

import static dev.kiln.net.wire.TcpPacket.*;

import dev.kiln.net.wire.TcpRepr;
import dev.kiln.net.wire.TcpSackBlock;
import java.util.List;

/**
 * Loss recovery: RFC 6675 SACK-based recovery with the {@link SackScoreboard} when SACK was negotiated,
 * else RFC 5681 fast retransmit with RFC 6582 NewReno partial ACKs; the retransmission timer
 * (RFC 9293 §3.8.1, RFC 6298 §5) and zero-window probes (§3.8.6.1).
 */
final class Recovery {
    private Recovery() {}

    /**
     * An acceptable ACK, before SND.UNA moves: counts an RFC 5681 duplicate ACK ({@code dup}), feeds the
     * scoreboard its SACK blocks (RFC 6675 §5 (1)-(2)), or without SACK lets NewReno fast-retransmit.
     */
    static void onAck(Tcb t, TcpRepr seg, boolean dup, long nowNs) {
        List<TcpSackBlock> blocks = seg.options().sack();
        // with SACK blocks, RFC 6675's count (ACKs SACKing new data) replaces this one: duplicated ACKs do not count
        if (dup && (!t.sackOk || blocks.isEmpty())) t.dupAcks++;
        if (!t.sackOk) {
            int cwnd = t.cc.cwnd(), ssthresh = t.cc.ssthresh();
            if (dup && t.cc.onDupAck(t.sndUna, t.sndNxt, t.flight(), nowNs)) {
                t.recoveries++;
                t.undo.start(t.sndUna, cwnd, ssthresh);
                retransmitFirst(t, nowNs);
            }
            Undo.check(t, seg, 0, 0);
            if (Seq.gt(seg.ack(), t.sndUna)) t.cc.onDelivered(Seq.diff(t.sndUna, seg.ack()), seg.ack(), t.sndNxt, appLimited(t), t.rto.hasSample() ? t.rto.srttNs() : 0, nowNs);
            return;
        }
        int n = Math.min(blocks.size(), t.sackIn.length / 2);
        for (int i = 0; i < n; i++) {
            t.sackIn[2 * i] = blocks.get(i).left();
            t.sackIn[2 * i + 1] = blocks.get(i).right();
        }
        long dsacks = t.board.dsacks(), sacked = t.board.sackedBytes();
        int acked = Seq.gt(seg.ack(), t.sndUna) ? Seq.diff(t.sndUna, seg.ack()) : 0;
        long echoMs = t.tsOk && seg.options().timestamps() ? seg.options().tsEcr() - t.tsOffset : Rack.NONE; // TSecr as a ms of nowNs
        boolean news = t.board.onAck(seg.ack(), t.dataHigh(), t.sackIn, n, nowNs, echoMs) > 0 || acked > 0;
        int delivered = (int) (acked + t.board.sackedBytes() - sacked); // RFC 6937 DeliveredData
        if (t.cc.inRecovery()) t.prr.onDelivered(delivered);
        t.cc.onDelivered(delivered, seg.ack(), t.sndNxt, appLimited(t), t.board.rttNs(), nowNs);
        boolean dsack = t.board.dsacks() != dsacks;
        if (news) TailLossProbe.onAck(t, seg.ack(), dsack, nowNs);
        Undo.check(t, seg, t.sackIn[0], dsack ? t.sackIn[1] : t.sackIn[0]);
    }

    /** Nothing queued is left to send (the application, or the send buffer, limits the sender: as Linux's app_limited). */
    private static boolean appLimited(Tcb t) { return t.sendQ.unsent() < t.sendMss(); }

    /**
     * After the ACK: RFC 6675 §5 — DupThresh duplicates or IsLost(SND.UNA) start recovery (cwnd = ssthresh),
     * and the first unacknowledged segment is resent at once (step 3); {@link Output#push} goes on with NextSeg
     * within {@link Prr}'s window (RFC 6937), computed here for each ACK in recovery.
     */
    static void afterAck(Tcb t, long nowNs) { afterAck(t, true, nowNs); }

    private static void afterAck(Tcb t, boolean ack, long nowNs) {
        if (t.undo.recoveryEnded(t.cc.inRecovery())) t.board.onRecoveryEnd(); // RFC 8985 §6.2 step 4
        TailLossProbe.schedule(t, nowNs);
        if (t.sackOk) t.rackAtNs = t.board.detectLosses(nowNs, t.rto.srttNs(), t.cc.inRecovery()); // RFC 8985 §6.2
        if (ack && t.sackOk && t.cc.inRecovery()) t.prr.update(t.board.pipe(), t.cc.ssthresh(), t.sendMss());
        if (!t.sackOk || t.cc.inRecovery() || t.dataHigh() == t.sendBase()) return;
        if (!(t.board.lossDetected() || t.dupAcks >= SackScoreboard.DUP_THRESH)) return;
        int cwnd = t.cc.cwnd(), ssthresh = t.cc.ssthresh();
        if (!t.cc.onSackLoss(t.sndUna, t.sndNxt, t.flight(), nowNs)) return;
        t.recoveries++;
        t.undo.start(t.sndUna, cwnd, ssthresh);
        t.prr.start(t.flight());
        if (!Seq.lt(t.sendBase(), t.board.highRxt())) { // else resent in the previous recovery and in flight: NextSeg goes on above
            int len = retransmitFirst(t, nowNs);
            t.board.onRetransmit(t.sendBase(), len, nowNs);
            t.prr.onSent(len);
        }
        t.prr.update(t.board.pipe(), t.cc.ssthresh(), t.sendMss());
    }

    /** RFC 8985 §6.2: the reordering window of a segment sent before a delivered one passed: mark, recover, send. */
    static void onRackTimer(Tcb t, long nowNs) {
        t.rackAtNs = Tcb.NEVER;
        if (!t.sackOk || t.afterTimeout || !t.state.synchronizedState()) return;
        afterAck(t, false, nowNs);
        Output.push(t, nowNs);
    }

    /** RFC 6675 §5 step (C): while cwnd (in recovery {@link Prr}'s) less the pipe is at least one SMSS, send what NextSeg picks. */
    static void sendDuringRecovery(Tcb t, long nowNs) {
        int mss = t.sendMss();
        SackScoreboard b = t.board;
        while (window(t) - b.pipe() >= mss) {
            boolean newData = t.state.sendsText() && !t.finSent && t.sendQ.unsent() > 0
                    && Seq.diff(t.sndNxt, t.sndUna + t.sndWnd) >= Math.min(mss, t.sendQ.unsent());
            int kind = b.nextSeg(newData);
            int nxt = t.sndNxt;
            if (kind == SackScoreboard.RETRANSMIT) {
                int seq = b.nextSeq(), len = resend(t, seq, b.nextLen(), nowNs);
                if (len == 0) return;
                b.onRetransmit(seq, len, nowNs);
                t.prr.onSent(len);
            } else if (kind != SackScoreboard.NEW_DATA || !Output.sendNew(t, window(t) - b.pipe(), nowNs)) return;
            else t.prr.onSent(Seq.diff(nxt, t.sndNxt));
        }
    }

    private static int window(Tcb t) { return t.cc.inRecovery() ? t.prr.cwnd : t.cc.cwnd(); }

    /**
     * After a retransmission timeout, everything sent before it is presumed lost and resent from SND.UNA as the
     * (slow-start) congestion window allows, skipping what the peer SACKed; new data waits until this is done.
     * An ACK beyond a resent range means the peer had it: resending goes on from the ACK. A SACKed range the
     * peer then reneged on is not resent here but by the next timeout, which always starts at SND.UNA.
     */
    static void sendAfterTimeout(Tcb t, long nowNs) {
        int mss = t.sendMss();
        SackScoreboard b = t.board;
        while (t.afterTimeout) {
            int seq = Seq.max(t.rtxNext, t.sendBase());
            if (t.sackOk) seq = b.skipSacked(seq);
            if (!Seq.lt(seq, t.rtoHigh)) {
                t.afterTimeout = false;
                TailLossProbe.schedule(t, nowNs); // what was resent is in flight: its tail may be probed
                return;
            }
            int len = Math.min(mss, Seq.diff(seq, t.sackOk ? Seq.min(t.rtoHigh, b.nextSackedAbove(seq)) : t.rtoHigh));
            int pipe = Seq.diff(t.sndUna, seq) - (t.sackOk ? b.sackedBelow(seq) : 0);
            if (pipe + len > t.cc.cwnd() || len <= 0) return;
            int n = resend(t, seq, len, nowNs);
            if (n == 0) {
                t.afterTimeout = false;
                return;
            }
            t.rtxNext = seq + n;
            if (t.sackOk) b.onResentAfterTimeout(seq, seq + n, nowNs);
        }
    }

    /** Resends up to {@code len} buffered bytes from {@code seq}. Returns the bytes resent. */
    static int resend(Tcb t, int seq, int len, long nowNs) {
        int from = Seq.max(seq, t.sendBase()), n = Math.min(len, Seq.diff(from, t.dataHigh()));
        if (n <= 0) return 0;
        Output.segment(t, from, ACK | PSH, n, nowNs);
        t.retransmittedBytes += n;
        t.undo.onRetransmit(from, n, t.sendMss(), t.tsOk, Output.tsNow(t, nowNs));
        t.timing = false; // Karn (RFC 6298 §3)
        return n;
    }

    /** Resends the first unacknowledged data segment, or the FIN (timeout, fast retransmit, partial ACK). Returns data bytes resent. */
    static int retransmitFirst(Tcb t, long nowNs) {
        int n = resend(t, t.sendBase(), t.sendMss(), nowNs);
        if (n == 0 && t.finSent && !t.finAcked()) {
            Output.segment(t, t.finSeq, FIN | ACK, 0, nowNs);
            t.timing = false;
        }
        return n;
    }

    /** The retransmission (or persist) timer fired (RFC 9293 §3.8.1, RFC 6298 §5). */
    static void onTimer(Tcb t, long nowNs) {
        t.rtxAtNs = Tcb.NEVER;
        boolean synUnacked = t.state == TcpState.SYN_SENT || t.sndUna == t.iss;
        int dataInFlight = Seq.diff(t.sendBase(), t.dataHigh());
        boolean finInFlight = t.finSent && !t.finAcked();
        boolean probe = !synUnacked && dataInFlight == 0 && !finInFlight;
        if (probe && (t.sendQ.unsent() == 0 || !t.state.sendsText() || t.finSent)) return; // nothing outstanding
        if (!probe && ++t.rtxCount > (synUnacked ? t.cfg.synRetriesMax() : t.cfg.retriesMax())) {
            t.enterClosed(TcpEvent.TIMED_OUT); // RFC 9293 §3.8.3 R2
            return;
        }
        t.rto.onTimeout();
        if (t.state == TcpState.SYN_SENT) Output.syn(t, nowNs);
        else if (synUnacked) Output.synAck(t, nowNs);
        else if (dataInFlight > 0 || finInFlight) {
            t.timeouts++;
            t.cc.onRetransmitTimeout(t.sndNxt, t.flight(), nowNs);
            t.board.onRetransmitTimeoutKeepingSacks();
            TailLossProbe.onRetransmitTimeout(t);
            t.undo.cancel();
            t.board.onRecoveryEnd(); // an RTO recovery, never undone here (RFC 8985 §6.2 step 4)
            t.dupAcks = 0;
            t.afterTimeout = true; // RFC 5681 §3.1: resend from SND.UNA in slow start (go-back-N)
            t.rtoHigh = t.dataHigh();
            t.rtxNext = t.sendBase() + retransmitFirst(t, nowNs);
            t.board.onResentAfterTimeout(t.sendBase(), t.rtxNext, nowNs);
            t.rackAtNs = Tcb.NEVER;
        } else { // RFC 9293 §3.8.6.1: probe a zero window with one new byte; RFC 1122 4.2.3.4 override: send what fits
            int usable = Seq.diff(t.sndNxt, t.sndUna + t.sndWnd);
            int n = Math.max(1, Math.min(t.sendQ.unsent(), Math.min(usable, t.sendMss())));
            Output.segment(t, t.sndNxt, ACK, n, nowNs);
            t.sendQ.advance(n);
            t.sndNxt += n;
            t.board.onSent(t.sndNxt, nowNs);
        }
        t.timing = false; // Karn (RFC 6298 §3): a retransmitted or probed range gives no sample
        Output.armRtx(t, nowNs);
    }
}

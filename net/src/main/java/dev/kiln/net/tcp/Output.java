package dev.kiln.net.tcp;

import static dev.kiln.net.wire.TcpPacket.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;
import dev.kiln.net.wire.TcpSackBlock;
import java.lang.foreign.MemorySegment;

/** Builds the TCB's segments: SYN, SYN-ACK, ACK, RST, data and FIN, and retransmissions. */
final class Output {
    private Output() {}

    static final byte[] NONE = new byte[0];

    /** RFC 7323 §5.4: a 1 ms timestamp clock plus the connection's random offset. */
    static int tsNow(Tcb t, long nowNs) { return (int) (nowNs / 1_000_000) + t.tsOffset; }

    static void emit(Tcb t, int seq, int flags, TcpOptionsRepr options, byte[] payload) {
        boolean syn = (flags & SYN) != 0;
        int wnd = syn ? Math.min(t.rcvWnd(), 0xFFFF) : Math.min(t.rcvWnd() >> t.rcvShift, 0xFFFF); // RFC 7323 §2.2: SYNs unscaled
        int ack = (flags & ACK) != 0 ? t.rcvNxt : 0;
        if ((flags & ACK) != 0) { // any ACK carries RCV.NXT: nothing more is owed
            t.lastAckSent = t.rcvNxt;
            t.ackAtNs = Tcb.NEVER;
            t.ackOwed = false;
        }
        t.out.add(new OutSegment(t.tuple, new TcpRepr(t.tuple.localPort(), t.tuple.remotePort(), seq, ack, flags, wnd, 0, options, payload.length), payload));
    }

    /** Timestamps when negotiated; SACK blocks (RFC 2018 §4) when negotiated and data waits out of order. */
    private static TcpOptionsRepr tsOption(Tcb t, long nowNs) {
        TcpOptionsRepr o = t.tsOk ? TcpOptionsRepr.EMPTY.withTimestamps(tsNow(t, nowNs), t.tsRecent) : TcpOptionsRepr.EMPTY;
        if (!t.sackOk || t.rx.intervals() == 0) return o;
        int n = t.rx.sackBlocks(t.sackScratch, t.tsOk ? 3 : TcpOptionsRepr.MAX_SACK_BLOCKS); // 40 option bytes
        TcpSackBlock[] b = new TcpSackBlock[n];
        for (int i = 0; i < n; i++) b[i] = new TcpSackBlock(t.sackScratch[2 * i], t.sackScratch[2 * i + 1]);
        return o.withSack(java.util.List.of(b));
    }

    static void segment(Tcb t, int seq, int flags, byte[] payload, long nowNs) {
        emit(t, seq, flags, fitted(tsOption(t, nowNs), payload.length, t.sndMss), payload);
    }

    /**
     * RFC 9293 §3.7.1, RFC 6691: options and data together stay within the peer's MSS, so a full-sized
     * data segment drops the SACK blocks that would not fit (the first, most recent, are kept). Without
     * this a full segment plus SACK blocks exceeded the MTU and was dropped at transmit, retransmissions
     * too, and a two-way transfer with holes at both ends stalled (found by the simulator, seed
     * 3484500754471927302 of TcpTransferSimTest).
     */
    private static TcpOptionsRepr fitted(TcpOptionsRepr o, int payloadLen, int mss) {
        if (payloadLen == 0 || o.sack().isEmpty()) return o;
        java.util.List<TcpSackBlock> s = o.sack();
        int n = s.size();
        while (n > 0 && payloadLen + o.withSack(s.subList(0, n)).bufferLen() > mss) n--;
        return n == s.size() ? o : o.withSack(java.util.List.copyOf(s.subList(0, n)));
    }

    /** The active opener's SYN, offering what the configuration enables. */
    static void syn(Tcb t, long nowNs) {
        TcpConfig c = t.cfg;
        TcpOptionsRepr o = new TcpOptionsRepr(c.mss(), c.windowScaling() ? c.rcvWindowShift() : TcpOptionsRepr.NONE, c.sack(), java.util.List.of(),
                c.timestamps(), c.timestamps() ? tsNow(t, nowNs) : 0, 0);
        emit(t, t.iss, SYN, o, NONE);
        t.sndNxt = t.iss + 1;
        t.timeSegment(t.sndNxt, nowNs);
        armRtx(t, nowNs);
    }

    /** SYN-ACK, carrying only what was negotiated (RFC 7323 §1.3: never offer in a SYN-ACK what the SYN lacked). */
    static void synAck(Tcb t, long nowNs) {
        TcpOptionsRepr o = new TcpOptionsRepr(t.cfg.mss(), t.wsOk ? t.rcvShift : TcpOptionsRepr.NONE, t.sackOk, java.util.List.of(),
                t.tsOk, t.tsOk ? tsNow(t, nowNs) : 0, t.tsOk ? t.tsRecent : 0);
        emit(t, t.iss, SYN | ACK, o, NONE);
        if (Seq.lt(t.sndNxt, t.iss + 1)) t.sndNxt = t.iss + 1;
        t.timeSegment(t.iss + 1, nowNs);
        armRtx(t, nowNs);
    }

    static void ack(Tcb t, long nowNs) { segment(t, t.sndNxt, ACK, NONE, nowNs); }

    /** RFC 5961 §7: a challenge ACK, if the limiter allows one now. */
    static void challengeAck(Tcb t, long nowNs) {
        if (t.ctx.challengeAcks().tryAcquire(nowNs)) ack(t, nowNs);
    }

    /** {@code <SEQ=seq><CTL=RST>}. */
    static void rst(Tcb t, int seq) { emit(t, seq, RST, TcpOptionsRepr.EMPTY, NONE); }

    static void armRtx(Tcb t, long nowNs) {
        if (t.rtxAtNs == Tcb.NEVER) t.rtxAtNs = nowNs + t.rto.rtoNs();
    }

    /**
     * Sends what may go now: during SACK recovery what RFC 6675 NextSeg picks ({@link Recovery#sendDuringRecovery}),
     * else new data within the peer's window and the congestion window (plus RFC 3042 limited transmit), in
     * segments Nagle and sender SWS avoidance accept ({@link #sendable}); then a queued FIN.
     */
    static void push(Tcb t, long nowNs) {
        boolean sackRecovery = t.sackOk && t.cc.inRecovery();
        if (sackRecovery && t.sndUna != t.sndNxt) Recovery.sendDuringRecovery(t, nowNs);
        if (t.afterTimeout) Recovery.sendAfterTimeout(t, nowNs);
        if (!t.state.sendsText() || t.finSent || t.afterTimeout) return;
        if (!sackRecovery) while (sendNew(t, t.sendRoom(), nowNs)) { }
        if (t.finQueued && t.sendQ.unsent() == 0) {
            t.finSeq = t.sndNxt;
            segment(t, t.sndNxt, FIN | ACK, NONE, nowNs);
            t.sndNxt += 1;
            t.finSent = true;
            t.timeSegment(t.sndNxt, nowNs);
        }
        // data or FIN in flight needs the retransmission timer; unsent data behind a zero window needs a probe
        if (t.sndNxt != t.sndUna || t.sendQ.unsent() > 0) armRtx(t, nowNs);
    }

    /** One segment of new data if {@code room} bytes of congestion window, the peer's window and {@link #sendable} allow. */
    static boolean sendNew(Tcb t, int room, long nowNs) {
        if (!t.state.sendsText() || t.finSent) return false;
        int mss = t.sendMss(), unsent = t.sendQ.unsent();
        int usable = Seq.diff(t.sndNxt, t.sndUna + t.sndWnd);
        if (unsent <= 0 || room < Math.min(mss, unsent)) return false;
        int n = Math.min(unsent, Math.min(usable, Math.min(mss, room)));
        if (n <= 0 || !sendable(t, n, unsent, mss)) return false;
        byte[] p = new byte[n];
        t.sendQ.send(MemorySegment.ofArray(p), 0, n);
        segment(t, t.sndNxt, ACK | (n == unsent ? PSH : 0), p, nowNs);
        t.sndNxt += n;
        t.board.onSent(t.sndNxt);
        t.timeSegment(t.sndNxt, nowNs);
        return true;
    }

    /**
     * RFC 1122 4.2.3.4 (sender SWS avoidance) with Nagle (RFC 9293 §3.7.4): a segment of {@code n} bytes goes
     * if it is full-sized; or if it takes all queued data (every send counts as pushed) and Nagle is off, a FIN
     * waits behind it, or nothing is unacknowledged; or if it is at least half the largest window the peer
     * offered. Anything else waits for an ACK (or the persist timer when nothing is in flight).
     */
    static boolean sendable(Tcb t, int n, int unsent, int mss) {
        if (n >= mss) return true;
        if (n == unsent && (t.noDelay || t.finQueued || t.sndNxt == t.sndUna)) return true;
        return n >= (t.maxSndWnd >> 1) && t.maxSndWnd > 0;
    }
}

package dev.kiln.net.tcp;

import static dev.kiln.net.wire.TcpPacket.*;

import dev.kiln.net.wire.TcpOptionsRepr;

/** Builds the TCB's segments: SYN, SYN-ACK, ACK, RST, data and FIN, and retransmissions. */
final class Output {
    private Output() {}

    static final byte[] NONE = new byte[0];

    /** RFC 7323 §5.4: a 1 ms timestamp clock plus the connection's random offset. */
    static int tsNow(Tcb t, long nowNs) { return (int) (nowNs / 1_000_000) + t.tsOffset; }

    /**
     * Queues a segment in {@code t.out} (no allocation per segment): header values now, payload {@code len}
     * bytes of the send buffer at {@code seq}, read from it when the segment is drained. Returns its row for the option setters.
     */
    static int emit(Tcb t, int seq, int flags, int opt, int tsVal, int tsEcr, int len) {
        boolean syn = (flags & SYN) != 0;
        int wnd = t.windowField(syn); // RFC 7323 §2.2: SYNs unscaled; receiver SWS avoidance
        int ack = (flags & ACK) != 0 ? t.rcvNxt : 0;
        if ((flags & ACK) != 0) { // any ACK carries RCV.NXT: nothing more is owed
            t.lastAckSent = t.rcvNxt;
            t.ackAtNs = Tcb.NEVER;
            t.ackOwed = t.stretchAck = false;
        }
        return t.out.add(seq, ack, flags, wnd, opt, tsVal, tsEcr, len);
    }

    /**
     * A segment with {@code len} bytes of the send buffer from {@code seq}: timestamps when negotiated, SACK
     * blocks (RFC 2018 §4, 3 with timestamps else 4: 40 option bytes) when negotiated and data waits out of order.
     */
    static void segment(Tcb t, int seq, int flags, int len, long nowNs) { segments(t, seq, flags, len, len, nowNs); }

    /** {@link #segment}s of {@code piece} bytes (the last may be shorter) for {@code len} bytes from {@code seq}, in one queue row. */
    static void segments(Tcb t, int seq, int flags, int len, int piece, long nowNs) {
        int row = emit(t, seq, flags, t.tsOk ? OutQueue.OPT_TS : 0, t.tsOk ? tsNow(t, nowNs) : 0, t.tsOk ? t.tsRecent : 0, len);
        if (piece < len) t.out.pieces(row, piece);
        if (t.sackOk && t.rx.hasSackBlocks())
            t.out.sack(row, t.sackScratch, t.rx.sackBlocks(t.sackScratch, fittingSackBlocks(t, Math.min(len, piece))));
    }

    /**
     * RFC 9293 §3.7.1, RFC 6691: options and data together stay within the peer's MSS, so a full-sized
     * data segment carries only the SACK blocks that fit (the most recent first). Without this a full segment
     * plus SACK blocks exceeded the MTU and was dropped at transmit, retransmissions too, and a two-way
     * transfer with holes at both ends stalled (found by the simulator, seed 3484500754471927302 of
     * TcpTransferSimTest).
     */
    static int fittingSackBlocks(Tcb t, int len) {
        int room = t.sndMss - len - (t.tsOk ? 12 : 0) - 4; // NOP NOP kind length, then 8 bytes per block
        return Math.max(0, Math.min(t.tsOk ? 3 : TcpOptionsRepr.MAX_SACK_BLOCKS, room / 8));
    }

    /** The active opener's SYN, offering what the configuration enables. */
    static void syn(Tcb t, long nowNs) {
        TcpConfig c = t.cfg;
        int row = emit(t, t.iss, SYN, OutQueue.OPT_SYN | (c.timestamps() ? OutQueue.OPT_TS : 0), c.timestamps() ? tsNow(t, nowNs) : 0, 0, 0);
        t.out.synOptions(row, c.mss(), c.windowScaling() ? c.rcvWindowShift() : TcpOptionsRepr.NONE, c.sack());
        t.sndNxt = t.iss + 1;
        t.timeSegment(t.sndNxt, nowNs);
        armRtx(t, nowNs);
    }

    /** SYN-ACK, carrying only what was negotiated (RFC 7323 §1.3: never offer in a SYN-ACK what the SYN lacked). */
    static void synAck(Tcb t, long nowNs) {
        int row = emit(t, t.iss, SYN | ACK, OutQueue.OPT_SYN | (t.tsOk ? OutQueue.OPT_TS : 0), t.tsOk ? tsNow(t, nowNs) : 0,
                t.tsOk ? t.tsRecent : 0, 0);
        t.out.synOptions(row, t.cfg.mss(), t.wsOk ? t.rcvShift : TcpOptionsRepr.NONE, t.sackOk);
        if (Seq.lt(t.sndNxt, t.iss + 1)) t.sndNxt = t.iss + 1;
        t.timeSegment(t.iss + 1, nowNs);
        armRtx(t, nowNs);
    }

    static void ack(Tcb t, long nowNs) { segment(t, t.sndNxt, ACK, 0, nowNs); }

    /** RFC 5961 §7: a challenge ACK, if the limiter allows one now. */
    static void challengeAck(Tcb t, long nowNs) {
        if (t.ctx.challengeAcks().tryAcquire(nowNs)) ack(t, nowNs);
    }

    /** {@code <SEQ=seq><CTL=RST>}. */
    static void rst(Tcb t, int seq) { emit(t, seq, RST, 0, 0, 0, 0); }

    static void armRtx(Tcb t, long nowNs) {
        if (t.rtxAtNs == Tcb.NEVER) t.rtxAtNs = nowNs + t.rto.rtoNs();
    }

    /**
     * Sends what may go now: during SACK recovery what RFC 6675 NextSeg picks ({@link Recovery#sendDuringRecovery}),
     * else new data within the peer's window and the congestion window (plus RFC 3042 limited transmit), in
     * segments Nagle and sender SWS avoidance accept ({@link #sendable}); then a queued FIN.
     */
    static void push(Tcb t, long nowNs) {
        int nxtBefore = t.sndNxt;
        boolean sackRecovery = t.sackOk && (t.cc.inRecovery() || (!t.afterTimeout && t.board.retransmitPending()));
        if (sackRecovery && t.sndUna != t.sndNxt) Recovery.sendDuringRecovery(t, nowNs);
        if (t.afterTimeout) Recovery.sendAfterTimeout(t, nowNs);
        if (!t.state.sendsText() || t.finSent || t.afterTimeout) return;
        if (!sackRecovery) while (sendNew(t, t.sendRoom(), true, nowNs)) { }
        if (t.finQueued && t.sendQ.unsent() == 0) {
            t.finSeq = t.sndNxt;
            segment(t, t.sndNxt, FIN | ACK, 0, nowNs);
            t.sndNxt += 1;
            t.finSent = true;
            t.timeSegment(t.sndNxt, nowNs);
        }
        // data or FIN in flight needs the retransmission timer; unsent data behind a zero window needs a probe
        if (t.sndNxt != t.sndUna || t.sendQ.unsent() > 0) armRtx(t, nowNs);
        if (t.sndNxt != nxtBefore || t.ptoAtNs == Tcb.NEVER) TailLossProbe.schedule(t, nowNs); // RFC 8985 §7.2
    }

    /** One segment of new data if {@code room} bytes of congestion window, the peer's window and {@link #sendable} allow. */
    static boolean sendNew(Tcb t, int room, long nowNs) { return sendNew(t, room, false, nowNs); }

    /**
     * {@link #sendNew}; with {@code batch}, when a full-sized segment may go, every full-sized segment the windows
     * allow goes in one queue row (drained as separate segments), as many calls would have sent them one by one.
     */
    private static boolean sendNew(Tcb t, int room, boolean batch, long nowNs) {
        if (!t.state.sendsText() || t.finSent) return false;
        int mss = t.sendMss(), unsent = t.sendQ.unsent();
        int usable = Seq.diff(t.sndNxt, t.sndUna + t.sndWnd);
        if (unsent <= 0 || room < Math.min(mss, unsent)) return false;
        int n = Math.min(unsent, Math.min(usable, Math.min(mss, room)));
        if (n <= 0 || !sendable(t, n, unsent, mss)) return false;
        int total = batch && n == mss ? Math.min(unsent, Math.min(usable, room)) / mss * mss : n;
        segments(t, t.sndNxt, ACK | (total == unsent ? PSH : 0), total, n, nowNs);
        t.sendQ.advance(total);
        t.timeSegment(t.sndNxt + n, nowNs); // the first segment (RFC 6298 §3 times one at a time)
        int from = t.sndNxt;
        t.sndNxt += total;
        // one send time per segment, as RACK (RFC 8985 §6.2) orders segments of one burst by sequence
        t.board.onSentRun(from, n, total / n, nowNs);
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

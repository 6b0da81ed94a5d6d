package dev.kiln.net.tcp;

import static dev.kiln.net.wire.TcpPacket.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;
import java.util.List;

/**
 * SYN cookies (RFC 4987 §3.6), Linux's encoding: when the listen queue is full, the SYN-ACK's ISN carries
 * the state instead of a TCB, {@code ISN = H1(tuple) + SEG.SEQ + (count << 24) + ((H2(tuple, count) + mssIndex) mod 2^24)},
 * H1 and H2 SipHash-2-4 keyed with the {@link Isn} secret, {@code count} a 64-second clock. The returning ACK
 * ({@code SEG.ACK - 1} is the cookie, {@code SEG.SEQ - 1} the peer's ISN) is valid for two counts and gives back
 * the MSS index into {@link #MSS_TABLE}. As in Linux, validity is "the index is below 4": a blind guess of the
 * 24 hashed bits succeeds with probability 4 / 2^24 per count, and a value a few units off the real cookie
 * (which only the peer saw) decodes as another index.
 *
 * <p>Options: window scaling, SACK-permitted and timestamps are offered only if the SYN carried timestamps;
 * then the peer's window-scale shift (4 bits) and SACK-permitted (1 bit) ride in the low 6 bits of our TSval,
 * which the peer echoes in the ACK's TSecr (as Linux does). Without timestamps the connection gets the MSS
 * only: no window scaling (the window is at most 64 KiB), no SACK, no timestamps. Data in the ACK is left for
 * the peer to resend unless the caller hands its payload over.
 */
final class SynCookies {
    private SynCookies() {}

    /** Linux's MSS table: the largest entry not above the peer's MSS is encoded (2 bits). */
    static final int[] MSS_TABLE = {536, 1300, 1440, 1460};
    static final long COUNT_NS = 64_000_000_000L;
    static final int MAX_AGE = 2, BITS = 24, MASK = (1 << BITS) - 1;
    private static final int TS_COOKIE = 0x20, TS_SACK = 0x10, TS_WS_MASK = 0x0F, TS_NO_WS = 0x0F, TS_BITS = 0x3F;

    static int count(long nowNs) { return (int) (nowNs / COUNT_NS); }

    static int encode(Isn isn, TcpTuple t, int peerIsn, int count, int mssIndex) {
        int h1 = (int) isn.cookieHash(t, 0, 1), h2 = (int) isn.cookieHash(t, count, 2);
        return h1 + peerIsn + (count << BITS) + ((h2 + mssIndex) & MASK);
    }

    /** The MSS index the cookie holds, or -1 if it is forged or older than {@link #MAX_AGE} counts. */
    static int decode(Isn isn, TcpTuple t, int peerIsn, int cookie, int count) {
        int c = cookie - (int) isn.cookieHash(t, 0, 1) - peerIsn;
        int diff = (count - (c >>> BITS)) & (0xFFFFFFFF >>> BITS);
        if (diff >= MAX_AGE) return -1;
        int index = (c - (int) isn.cookieHash(t, count - diff, 2)) & MASK;
        return index < MSS_TABLE.length ? index : -1;
    }

    static int mssIndex(int peerMss) {
        int i = MSS_TABLE.length - 1;
        while (i > 0 && MSS_TABLE[i] > peerMss) i--;
        return i;
    }

    /** The SYN-ACK answering {@code syn} without keeping state. */
    static OutSegment synAck(TcpContext ctx, TcpTuple t, TcpRepr syn, long nowNs) {
        TcpConfig c = ctx.config();
        TcpOptionsRepr o = syn.options();
        int peerMss = o.mss() == TcpOptionsRepr.NONE ? Handshake.DEFAULT_MSS : o.mss();
        int iss = encode(ctx.isn(), t, syn.seq(), count(nowNs), mssIndex(peerMss));
        TcpOptionsRepr answer = TcpOptionsRepr.EMPTY.withMss(c.mss());
        if (c.timestamps() && o.timestamps()) {
            boolean ws = c.windowScaling() && o.windowScale() != TcpOptionsRepr.NONE, sack = c.sack() && o.sackPermitted();
            int bits = TS_COOKIE | (sack ? TS_SACK : 0) | (ws ? Math.min(o.windowScale(), 14) : TS_NO_WS);
            answer = new TcpOptionsRepr(c.mss(), ws ? c.rcvWindowShift() : TcpOptionsRepr.NONE, sack, List.of(), true,
                    (tsNow(ctx, t, nowNs) & ~TS_BITS) | bits, o.tsVal());
        }
        TcpRepr h = new TcpRepr(t.localPort(), t.remotePort(), iss, syn.seq() + 1, SYN | ACK, Math.min(c.recvBufBytes(), 0xFFFF), 0, answer, 0);
        return new OutSegment(t, h, Output.NONE);
    }

    /** A stateless connection's timestamp clock: 1 ms plus an offset from the secret (RFC 7323 §5.4). */
    static int tsNow(TcpContext ctx, TcpTuple t, long nowNs) { return (int) (nowNs / 1_000_000) + tsOffset(ctx, t); }

    static int tsOffset(TcpContext ctx, TcpTuple t) { return (int) ctx.isn().cookieHash(t, 0, 3); }

    /** The connection an ACK with a valid cookie stands for, ESTABLISHED; null if the cookie is not valid. */
    static Tcb accept(TcpContext ctx, TcpTuple t, TcpRepr ack, long nowNs) {
        int index = decode(ctx.isn(), t, ack.seq() - 1, ack.ack() - 1, count(nowNs));
        if (index < 0) return null;
        TcpConfig c = ctx.config();
        TcpOptionsRepr o = ack.options();
        int bits = c.timestamps() && o.timestamps() && (o.tsEcr() & TS_COOKIE) != 0 ? o.tsEcr() & TS_BITS : 0;
        Tcb tcb = new Tcb(ctx, t, true, nowNs);
        tcb.iss = ack.ack() - 1;
        tcb.sndUna = tcb.sndNxt = ack.ack();
        tcb.sendQ.reset(tcb.sndUna);
        tcb.irs = ack.seq() - 1;
        tcb.rcvNxt = tcb.lastAckSent = ack.seq();
        tcb.rx.reset(tcb.rcvNxt);
        tcb.sndMss = Math.max(Handshake.MIN_MSS, Math.min(c.mss(), MSS_TABLE[index]));
        if (bits != 0) {
            tcb.tsOk = true;
            tcb.tsRecent = o.tsVal();
            tcb.tsOffset = tsOffset(ctx, t);
            tcb.sackOk = (bits & TS_SACK) != 0;
            if ((bits & TS_WS_MASK) != TS_NO_WS) {
                tcb.wsOk = true;
                tcb.sndShift = bits & TS_WS_MASK;
                tcb.rcvShift = c.rcvWindowShift();
            }
        }
        tcb.sndWnd = ack.window() << tcb.sndShift;
        tcb.maxSndWnd = tcb.sndWnd;
        tcb.sndWl1 = ack.seq();
        tcb.sndWl2 = ack.ack();
        tcb.enterEstablished(nowNs);
        return tcb;
    }
}

package dev.kiln.net.tcp;

import static dev.kiln.net.wire.TcpPacket.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;

/** Opening: the passive side's SYN-RECEIVED, SYN-SENT processing (RFC 9293 §3.10.7.3) and option negotiation. */
final class Handshake {
    private Handshake() {}

    /** RFC 9293 §3.7.1: without an MSS option the peer takes 536; tiny values are raised so segments carry data. */
    static final int DEFAULT_MSS = 536, MIN_MSS = 64;

    /** A listener accepted a SYN: a TCB in SYN-RECEIVED that has sent its SYN-ACK. */
    static Tcb passive(TcpContext ctx, TcpTuple tuple, TcpRepr syn, long nowNs) {
        Tcb t = new Tcb(ctx, tuple, true, nowNs);
        learnPeerSyn(t, syn);
        t.state = TcpState.SYN_RECEIVED;
        Output.synAck(t, nowNs);
        return t;
    }

    /** The peer's SYN: IRS, RCV.NXT, options, and its (never scaled) window. */
    private static void learnPeerSyn(Tcb t, TcpRepr syn) {
        t.irs = syn.seq();
        t.rcvNxt = syn.seq() + 1;
        t.rx.reset(t.rcvNxt);
        TcpOptionsRepr o = syn.options();
        int mss = o.mss() == TcpOptionsRepr.NONE ? DEFAULT_MSS : o.mss();
        t.sndMss = Math.max(MIN_MSS, Math.min(t.cfg.mss(), mss));
        if (t.cfg.windowScaling() && o.windowScale() != TcpOptionsRepr.NONE) { // RFC 7323 §2.2: both SYNs carry it
            t.wsOk = true;
            t.sndShift = Math.min(o.windowScale(), 14); // RFC 7323 §2.3: larger shifts count as 14
            t.rcvShift = t.cfg.rcvWindowShift();
        }
        if (t.cfg.timestamps() && o.timestamps()) { // RFC 7323 §3.2
            t.tsOk = true;
            t.tsRecent = o.tsVal();
        }
        t.sackOk = t.cfg.sack() && o.sackPermitted(); // RFC 2018 §2
        t.sndWnd = syn.window();
        t.maxSndWnd = t.sndWnd;
        t.sndWl1 = syn.seq();
    }

    /** RFC 9293 §3.10.7.3, SEGMENT ARRIVES in SYN-SENT. */
    static void synSent(Tcb t, TcpRepr seg, long nowNs) {
        boolean ack = seg.has(ACK);
        // first: an ACK of something we did not send
        if (ack && (Seq.le(seg.ack(), t.iss) || Seq.gt(seg.ack(), t.sndNxt))) {
            if (!seg.has(RST)) Output.rst(t, seg.ack());
            return;
        }
        // second: RFC 5961 §3.2 — an RST counts only with an ACK of our SYN; without one it is ignored
        if (seg.has(RST)) {
            if (ack) t.enterClosed(TcpEvent.REFUSED);
            return;
        }
        // fifth: neither SYN nor RST
        if (!seg.has(SYN)) return;
        // fourth: the peer's SYN. Text in a SYN is not kept (and not acknowledged): the peer resends it.
        learnPeerSyn(t, seg);
        if (ack) {
            t.sndUna = seg.ack();
            t.sndWl2 = seg.ack();
            t.rtxAtNs = Tcb.NEVER;
            if (t.rtxCount > 0) t.rto.onSynTimeoutRecovered(); // RFC 6298 §5.7 (a sample below replaces it)
            t.rttSample(seg, nowNs);
            t.enterEstablished(nowNs);
            Output.ack(t, nowNs);
            Output.push(t, nowNs);
        } else { // simultaneous open (RFC 9293 §3.5, figure 7)
            t.state = TcpState.SYN_RECEIVED;
            Output.synAck(t, nowNs);
        }
    }
}

package dev.kiln.net.tcp;

import static dev.kiln.net.wire.TcpPacket.ACK;

/**
 * Keep-alives (RFC 9293 §3.8.4, RFC 1122 4.2.3.6), per connection ({@link Tcb#setKeepAlive}; the default
 * from {@link TcpConfig#keepAliveIdleNs}, off unless set): after that long without a segment from the peer,
 * and with nothing of ours outstanding, a probe {@code <SEQ=SND.NXT-1><ACK=RCV.NXT>} without data goes out,
 * which a live peer must answer with an ACK; then every interval. After the set number of unanswered probes
 * the connection is reset and closed with {@link TcpEvent#TIMED_OUT}. Only in ESTABLISHED and CLOSE-WAIT.
 */
final class KeepAlive {
    private KeepAlive() {}

    static void set(Tcb t, long idleNs, long intervalNs, int probes, long nowNs) {
        if (idleNs < 0 || (idleNs > 0 && (intervalNs <= 0 || probes < 1)))
            throw new IllegalArgumentException("keep-alive: idle >= 0 (0 = off); when on, interval > 0 and probes >= 1; was "
                    + idleNs + " ns, " + intervalNs + " ns, " + probes);
        t.keepAliveIdleNs = idleNs;
        t.keepAliveIntervalNs = intervalNs;
        t.keepAliveProbesMax = probes;
        heard(t, nowNs);
    }

    /** A segment from the peer passed the acceptability test: it is alive, the idle time starts again. */
    static void heard(Tcb t, long nowNs) {
        t.keepAliveProbes = 0;
        t.keepAliveAtNs = enabled(t) ? nowNs + t.keepAliveIdleNs : Tcb.NEVER;
    }

    static void onTimer(Tcb t, long nowNs) {
        if (!enabled(t)) {
            t.keepAliveAtNs = Tcb.NEVER;
            return;
        }
        if (t.sndNxt != t.sndUna || t.sendQ.unsent() > 0) { // the retransmission or persist timer watches the peer
            heard(t, nowNs);
            return;
        }
        if (t.keepAliveProbes >= t.keepAliveProbesMax) {
            Output.rst(t, t.sndNxt);
            t.enterClosed(TcpEvent.TIMED_OUT);
            return;
        }
        t.keepAliveProbes++;
        Output.segment(t, t.sndNxt - 1, ACK, 0, nowNs); // RFC 1122 4.2.3.6: SEG.SEQ = SND.NXT-1, no data
        t.keepAliveAtNs = nowNs + t.keepAliveIntervalNs;
    }

    private static boolean enabled(Tcb t) {
        return t.keepAliveIdleNs > 0 && (t.state == TcpState.ESTABLISHED || t.state == TcpState.CLOSE_WAIT);
    }
}

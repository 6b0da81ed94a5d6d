package dev.kiln.net.tcp;

import dev.kiln.net.wire.IcmpErrorRepr;

/**
 * ICMP errors delivered to a connection (RFC 1122 §4.2.3.9), the stack having found it by the quoted
 * 4-tuple. First the quoted sequence number must lie in SND.UNA..SND.NXT (RFC 5927 §4.1: it is about a
 * segment in flight), else the error is dropped. Then:
 * <ul>
 * <li>a hard error ({@link IcmpErrorRepr#hard}) while the connection is being set up aborts it: an active
 *     open ends with {@link TcpEvent#REFUSED} (port unreachable, as Linux's ECONNREFUSED) or
 *     {@link TcpEvent#UNREACHABLE}; a passive one in SYN-RECEIVED just leaves the listen queue (as Linux's
 *     tcp_req_err: nobody was told of it yet);</li>
 * <li>any other error, and a hard one in a synchronized state (RFC 5461 §4), is soft: recorded, and if the
 *     connection later times out with no progress since, it ends with {@link TcpEvent#UNREACHABLE} rather than
 *     {@link TcpEvent#TIMED_OUT} (RFC 1122: make it available to the application; Linux's sk_err_soft);</li>
 * <li>fragmentation needed (3/4) with a next-hop MTU lowers the send MSS to MTU − 40 for new and
 *     retransmitted segments ({@link Tcb#pathMtuChanged}, RFC 1191 §6.3), if the MTU is believable: at least
 *     {@link #PMTU_FLOOR} (RFC 1191's 68 is the absolute minimum; Linux clamps at min_pmtu 552; below 576,
 *     what every IPv4 host must take, an attacker would only make segments tiny) and below what we sent (RFC 8201
 *     §4 style). What was in flight is resent at once at the new size without a congestion response (RFC 1191
 *     §6.5), the destination's path MTU is cached for new connections, and the larger MSS is tried again after
 *     the cache's timeout (RFC 1191 §6.3): {@link PathMtu}.</li>
 * </ul>
 */
public final class IcmpErrors {
    private IcmpErrors() {}

    /** The smallest path MTU believed from a fragmentation-needed message. */
    public static final int PMTU_FLOOR = 576;
    static final int IPV4_TCP_HEADERS = 40;

    /** What became of one error; the stack counts each. */
    public enum Outcome {
        /** The quoted sequence number is outside SND.UNA..SND.NXT: not about a segment in flight, dropped. */
        OUT_OF_WINDOW,
        /** A hard error while the connection was being set up: aborted. */
        ABORTED,
        /** A soft error (or a hard one once synchronized): recorded, told to the application if the connection times out. */
        RECORDED,
        /** Fragmentation needed: the send MSS was lowered. */
        MSS_LOWERED,
        /** Fragmentation needed with an MTU not believed (below the floor, or not below what we sent) or not lower than the current one. */
        MTU_IGNORED
    }

    /** Delivers {@code e}, about a segment of {@code t}, at {@code nowNs}. */
    public static Outcome deliver(Tcb t, IcmpErrorRepr e, long nowNs) {
        if (!Seq.le(t.sndUna, e.seq()) || !Seq.lt(e.seq(), t.sndNxt)) return Outcome.OUT_OF_WINDOW;
        if (e.packetTooBig()) {
            int mtu = e.nextHopMtu();
            if (mtu < PMTU_FLOOR || mtu >= e.quotedTotalLen()) return Outcome.MTU_IGNORED;
            return t.pathMtuChanged(mtu - IPV4_TCP_HEADERS, nowNs) ? Outcome.MSS_LOWERED : Outcome.MTU_IGNORED;
        }
        boolean settingUp = t.state == TcpState.SYN_SENT || t.state == TcpState.SYN_RECEIVED;
        if (e.hard() && settingUp) {
            if (t.passive) t.abortSilently();
            else t.enterClosed(e.code() == 3 ? TcpEvent.REFUSED : TcpEvent.UNREACHABLE);
            return Outcome.ABORTED;
        }
        t.softError = true;
        t.softErrorUna = t.sndUna;
        return Outcome.RECORDED;
    }
}

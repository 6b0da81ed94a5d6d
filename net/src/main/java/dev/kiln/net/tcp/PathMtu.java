package dev.kiln.net.tcp;

/**
 * A connection's send MSS following the path MTU (RFC 1191; with {@link Tcb#sndMss}):
 * <ul>
 * <li><b>Decrease</b> ({@link #lower}, from {@link IcmpErrors}): segments from now on carry at most the new MSS,
 *     and the stack's {@link PathMtuCache} learns it for the destination. What is in flight was sent too big and
 *     is lost: it is resent at once at the new size (RFC 1191 §6.5; as Linux's {@code tcp_simple_retransmit}), from
 *     SND.UNA, skipping what the peer SACKed, with the go-back-N resend of a retransmission timeout
 *     ({@link Recovery#sendAfterTimeout} through {@link Output#push}) but without its congestion response: no RTO
 *     back-off, no retry counted, cwnd and ssthresh unchanged. The congestion control and the SACK scoreboard take
 *     the new MSS; their windows keep their size in segments (as Linux, whose cwnd counts segments: the units
 *     changed, the amount of data in the network did not grow), so the initial window is again min(10 MSS, …)
 *     of the new MSS. At most {@link #QUICK_RESENDS_MAX} such resends between increases: an attacker who forges
 *     errors lowering the MSS a byte at a time (each needs a sequence number in flight) gets the flight resent a
 *     few times, not hundreds; later decreases leave the lost segments to the usual loss recovery.</li>
 * <li><b>Increase</b> ({@link #onTimer}): {@link PathMtuCache#timeoutNs} after the decrease (RFC 1191 §6.3, 10
 *     minutes by default) the MSS goes back to what the handshake negotiated, unless the cache learned a smaller
 *     one since; if the path is still narrow, the next full-sized segment brings a new ICMP error.</li>
 * <li><b>New connections</b> ({@link #established}) start at the cached MSS for their destination.</li>
 * </ul>
 * Not implemented: RFC 4821 packetization-layer probing (a black hole that drops ICMP stays one).
 */
final class PathMtu {
    /** Immediate resends after decreases before the next increase: a path has few bottlenecks. */
    static final int QUICK_RESENDS_MAX = 3;

    /** The MSS the handshake negotiated (0 before ESTABLISHED): what an increase goes back to. */
    int negotiated;
    /** When to try the larger MSS again (RFC 1191 §6.3), or {@link Tcb#NEVER}. */
    long atNs = Tcb.NEVER;
    /** Immediate resends since the last increase. */
    int quickResends;

    /** RFC 1191 §6.3: the path MTU fell to {@code mss} + 40. Returns whether the MSS was lowered (never raised here). */
    static boolean lower(Tcb t, int mss, long nowNs) {
        // before ESTABLISHED only SYNs were sent, smaller than any believable MTU: such an error is forged
        if (t.pmtu.negotiated == 0 || mss >= t.sndMss || mss < 1) return false;
        int dst = t.tuple.remoteIp();
        PathMtu p = t.pmtu;
        p.atNs = t.ctx.pathMtus().learned(dst, mss, nowNs);
        setMss(t, mss);
        if (p.quickResends < QUICK_RESENDS_MAX && resendInFlight(t, nowNs)) p.quickResends++;
        return true;
    }

    /** The connection became established with the MSS the handshake negotiated: the cached path MTU may lower it. */
    static void established(Tcb t, long nowNs) {
        t.pmtu.negotiated = t.sndMss;
        int cached = t.ctx.pathMtus().mss(t.tuple.remoteIp(), nowNs);
        if (cached < t.sndMss) {
            t.sndMss = Math.max(Handshake.MIN_MSS, cached);
            t.pmtu.atNs = t.ctx.pathMtus().expiresNs(t.tuple.remoteIp());
        }
    }

    /** RFC 1191 §6.3: time to try the larger MTU again (or to follow a newer, still valid, cached value). */
    static void onTimer(Tcb t, long nowNs) {
        PathMtu p = t.pmtu;
        p.atNs = Tcb.NEVER;
        if (p.negotiated == 0) return; // not established: nothing to go back to
        int cached = t.ctx.pathMtus().mss(t.tuple.remoteIp(), nowNs);
        if (cached < p.negotiated) {
            p.atNs = t.ctx.pathMtus().expiresNs(t.tuple.remoteIp());
            if (cached != t.sndMss) setMss(t, Math.max(Handshake.MIN_MSS, cached));
        } else if (t.sndMss != p.negotiated) {
            p.quickResends = 0;
            setMss(t, p.negotiated);
            Output.push(t, nowNs); // larger segments may now go where small ones were held back (Nagle, SWS)
        }
    }

    /** The MSS becomes {@code mss}; the congestion control and the scoreboard count in the new size. */
    private static void setMss(Tcb t, int mss) {
        t.sndMss = mss;
        t.cc.onMssChanged(t.sendMss());
        t.board.onMssChanged(t.sendMss());
    }

    /** Data in flight was sent too big: go back to SND.UNA and resend at the new size, as the window allows, now. Returns whether any was in flight. */
    private static boolean resendInFlight(Tcb t, long nowNs) {
        if (!t.state.synchronizedState() || Seq.diff(t.sendBase(), t.dataHigh()) <= 0) return false;
        t.board.onRetransmitTimeoutKeepingSacks(); // what was resent at the old size is lost too
        t.undo.cancel(); // a fast-retransmit episode in progress can no longer prove spurious (its resends were lost)
        t.dupAcks = 0;
        t.afterTimeout = true; // (already set: a resend at the old size is going on; it starts over)
        t.rtoHigh = t.dataHigh();
        t.rtxNext = t.sendBase();
        t.rackAtNs = Tcb.NEVER;
        t.rtxAtNs = Tcb.NEVER; // the timer restarts with the resend (RFC 6298 §5.1)
        Output.push(t, nowNs);
        return true;
    }
}

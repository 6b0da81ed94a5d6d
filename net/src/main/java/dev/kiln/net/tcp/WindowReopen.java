package dev.kiln.net.tcp;

/**
 * The ACK that reopens a window the peer knows as closed (less than a segment) is sent again while no data follows.
 * RFC 9293 §3.8.6.1 leaves a lost window update to the sender's zero-window probes, whose timer starts at the RTO
 * and backs off (Linux: 200 ms, 400 ms, ...): at 5 % loss a flow-controlled transfer (an echo whose application
 * waits for its own send buffer, so its receive window closes) stalled for 0.4 s on one lost ACK. The update goes
 * again after 2·SRTT + 2 ms, then twice that, at most {@link #TRIES} times, until data arrives; a repeated window
 * update costs the peer nothing (an ACK with nothing new).
 */
final class WindowReopen {
    static final int TRIES = 4;
    static final long SLACK_NS = 2_000_000L, NO_SAMPLE_NS = 200_000_000L;

    private WindowReopen() {}

    /** The window update just sent opened a window the peer knew as {@code knownBefore} bytes. */
    static void sent(Tcb t, int knownBefore, long nowNs) {
        if (knownBefore >= t.cfg.mss()) return;
        t.reopenTries = 0;
        t.reopenAtNs = nowNs + interval(t);
    }

    /** Data arrived: the peer knows the window. */
    static void heard(Tcb t) { t.reopenAtNs = Tcb.NEVER; }

    /** Nothing came: the update again, if the window is still open. */
    static void onTimer(Tcb t, long nowNs) {
        t.reopenAtNs = Tcb.NEVER;
        if (!t.state.synchronizedState() || t.rx.advertisedWindow(t.cfg.mss()) < t.cfg.mss()) return;
        Output.ack(t, nowNs);
        if (++t.reopenTries < TRIES) t.reopenAtNs = nowNs + (interval(t) << t.reopenTries);
    }

    private static long interval(Tcb t) { return t.rto.hasSample() ? 2 * t.rto.srttNs() + SLACK_NS : NO_SAMPLE_NS; }
}

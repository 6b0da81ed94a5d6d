package dev.kiln.net.tcp;

/**
 * BBR's RTprop (the lowest RTT of the last {@link #WINDOW_NS}) and PROBE_RTT: when the lowest RTT has not been seen
 * again for that long, the current sample replaces it and the window drops to {@link Bbr#MIN_SEGMENTS} for
 * {@link #PROBE_NS}, so that the queue the connection itself keeps drains and the samples show the path again (as
 * Linux's tcp_bbr.c). Without the expiry a path whose RTT grew for good (a longer route, another flow's standing
 * queue) would keep a window sized for the old RTT: the measured rate falls with it, and so does the window, round
 * after round.
 */
final class BbrMinRtt {
    static final long WINDOW_NS = 10_000_000_000L, PROBE_NS = 200_000_000L;
    long minRttNs, stampNs;
    boolean probing;
    private long probeEndNs;

    /** An RTT sample ({@code rttNs}, ignored if not positive) at {@code nowNs}. */
    void sample(long rttNs, long nowNs) {
        if (probing && nowNs - probeEndNs >= 0) {
            probing = false;
            stampNs = nowNs; // the lowest RTT is fresh: the queue drained for PROBE_NS
        }
        if (rttNs <= 0) return;
        boolean expired = minRttNs > 0 && nowNs - stampNs > WINDOW_NS;
        if (minRttNs == 0 || rttNs <= minRttNs || expired) {
            minRttNs = rttNs;
            stampNs = nowNs;
        }
        if (expired && !probing) {
            probing = true;
            probeEndNs = nowNs + PROBE_NS;
        }
    }
}

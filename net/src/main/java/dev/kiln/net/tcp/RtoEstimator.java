package dev.kiln.net.tcp;

/**
 * Retransmission timeout per RFC 6298: SRTT/RTTVAR smoothing (§2), bounds (§2.4, §2.5),
 * exponential backoff (§5.5), Karn's algorithm (§3) and RFC 7323 §4 timestamp samples, which
 * may come from retransmitted segments because the echoed TSval names the transmission.
 *
 * <p>All times are nanoseconds handed in by the caller; nothing here reads a clock. The backoff
 * stays in force until a new valid sample arrives (Karn). Not implemented: RFC 7323 Appendix G
 * per-sample gain scaling, and the optional clearing of SRTT after repeated backoffs (§5).
 */
public final class RtoEstimator {
    /** RFC 6298 §2.4 minimum (1 s); Linux uses 200 ms. */
    public static final long RFC_MIN_NS = 1_000_000_000L;
    /** RFC 6298 §2.5 upper bound we apply: 60 s. */
    public static final long RFC_MAX_NS = 60_000_000_000L;
    /** RFC 6298 §2.1 initial RTO (1 s) and RFC 6298 §5.7 value after a SYN timeout (3 s). */
    public static final long INITIAL_NS = 1_000_000_000L, AFTER_SYN_TIMEOUT_NS = 3_000_000_000L;

    private final long minNs, maxNs, granularityNs;
    private long srttNs, rttvarNs, baseRtoNs;
    private boolean measured;
    private int backoffs;

    /** RFC 6298 defaults: min 1 s, max 60 s, initial 1 s, granularity 1 ms. */
    public static RtoEstimator rfc6298() {
        return new RtoEstimator(RFC_MIN_NS, RFC_MAX_NS, INITIAL_NS, 1_000_000L);
    }

    /** Explicit bounds, e.g. {@code rtoMinNs = 200 ms} as Linux does. */
    public RtoEstimator(long rtoMinNs, long rtoMaxNs, long rtoInitialNs, long granularityNs) {
        if (rtoMinNs <= 0 || rtoMaxNs < rtoMinNs || rtoInitialNs < rtoMinNs || rtoInitialNs > rtoMaxNs || granularityNs <= 0)
            throw new IllegalArgumentException("RTO bounds must satisfy 0 < rtoMinNs <= rtoInitialNs <= rtoMaxNs and granularityNs > 0; got min="
                    + rtoMinNs + " max=" + rtoMaxNs + " initial=" + rtoInitialNs + " G=" + granularityNs);
        this.minNs = rtoMinNs;
        this.maxNs = rtoMaxNs;
        this.granularityNs = granularityNs;
        this.baseRtoNs = rtoInitialNs;
    }

    /**
     * An ACK for new data timed with a send time. Karn (RFC 6298 §3): a segment that was
     * retransmitted gives no sample. Returns whether the sample was taken.
     */
    public boolean onSegmentAcked(long sentNs, long nowNs, boolean retransmitted) {
        return !retransmitted && sample(nowNs - sentNs);
    }

    /**
     * RFC 7323 §4.1/§4.2: an ACK for new data echoing {@code tsEcr}, the caller's timestamp clock
     * now at {@code tsNow}, each tick {@code tickNs}. Valid for retransmitted segments too. A TSecr
     * from the future (hostile or stale beyond 2^31 ticks) is ignored. Returns whether taken.
     */
    public boolean onTimestampEcho(int tsEcr, int tsNow, long tickNs) {
        int ticks = tsNow - tsEcr;
        return ticks >= 0 && sample(ticks == 0 ? Math.max(1, tickNs / 2) : ticks * tickNs); // same tick: half a tick
    }

    /** One round-trip measurement R (RFC 6298 §2.2, §2.3); clears the backoff. */
    public boolean sample(long rttNs) {
        if (rttNs <= 0 || rttNs > maxNs) return false;
        if (!measured) {
            srttNs = rttNs;
            rttvarNs = rttNs / 2;
            measured = true;
        } else {
            rttvarNs = rttvarNs - (rttvarNs >> 2) + (Math.abs(srttNs - rttNs) >> 2); // beta = 1/4
            srttNs = srttNs - (srttNs >> 3) + (rttNs >> 3); // alpha = 1/8
        }
        baseRtoNs = clamp(srttNs + Math.max(granularityNs, 4 * rttvarNs));
        backoffs = 0;
        return true;
    }

    /** The retransmission timer expired (RFC 6298 §5.5): double the RTO, up to the maximum. */
    public void onTimeout() {
        if (rtoNs() < maxNs) backoffs++;
    }

    /** RFC 6298 §5.7: the SYN timed out and no sample exists; data transmission starts at 3 s. */
    public void onSynTimeoutRecovered() {
        if (!measured) baseRtoNs = clamp(Math.max(baseRtoNs, AFTER_SYN_TIMEOUT_NS));
        backoffs = 0;
    }

    /** The current RTO including backoff. */
    public long rtoNs() {
        long r = baseRtoNs;
        for (int i = 0; i < backoffs && r < maxNs; i++) r <<= 1;
        return Math.min(r, maxNs);
    }

    /** When a timer started now should fire. */
    public long deadlineNs(long nowNs) {
        return nowNs + rtoNs();
    }

    public long srttNs() { return srttNs; }
    public long rttvarNs() { return rttvarNs; }
    public boolean hasSample() { return measured; }
    public int backoffs() { return backoffs; }

    private long clamp(long rto) {
        return Math.min(maxNs, Math.max(minNs, rto));
    }
}

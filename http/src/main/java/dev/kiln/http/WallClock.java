package dev.kiln.http;

/**
 * The time of day, for the Date field and the access log (RFC 9110 §6.6.1). Sans-I/O: the loop's
 * monotonic {@code nowNs} goes in, seconds since the epoch come out. {@link #NONE} means "no clock":
 * responses then carry no Date field, which RFC 9110 §6.6.1 allows for an origin without a clock.
 */
@FunctionalInterface
public interface WallClock {
    WallClock NONE = nowNs -> -1;

    /** Seconds since 1970-01-01T00:00:00Z at monotonic time {@code nowNs}, or -1 if unknown. */
    long epochSeconds(long nowNs);

    /** A clock that was {@code epochSecondsAtZero} at {@code nowNs == 0}. */
    static WallClock fixedOffset(long epochSecondsAtZero) {
        return nowNs -> epochSecondsAtZero + Math.floorDiv(nowNs, 1_000_000_000L);
    }
}

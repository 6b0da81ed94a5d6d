package dev.kiln.sim;

import dev.kiln.platform.Clock;

/**
 * Virtual time. Only the {@link Simulation} moves it, and only forwards; nothing in a run
 * reads the real clock.
 */
public final class SimClock implements Clock {
    /** Virtual time starts here (1 s), so that code using 0 as "unset" is not confused. */
    public static final long START_NS = 1_000_000_000L;
    /** Wall time at virtual {@link #START_NS}: 2026-01-01T00:00:00Z. */
    public static final long WALL_AT_START_NS = 1_767_225_600L * 1_000_000_000L;

    private long nowNs = START_NS;

    @Override
    public long nanoTime() {
        return nowNs;
    }

    @Override
    public long wallNanos() {
        return WALL_AT_START_NS + (nowNs - START_NS);
    }

    /** Moves time to {@code tNs}. @throws IllegalArgumentException if that is in the past */
    public void advanceTo(long tNs) {
        if (tNs < nowNs) throw new IllegalArgumentException("virtual time cannot go backwards: now " + nowNs + " ns, asked " + tNs + " ns");
        nowNs = tNs;
    }
}

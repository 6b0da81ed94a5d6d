package dev.kiln.platform.linux;

import dev.kiln.platform.Clock;
import java.time.Instant;

/**
 * {@link Clock} from the JVM's own clock reads: {@link System#nanoTime()} is
 * {@code CLOCK_MONOTONIC} on Linux and {@link Instant#now()} is {@code CLOCK_REALTIME}, both
 * through the vDSO and intrinsified by HotSpot, so no downcall is linked at boot and nothing is
 * allocated per read once compiled. Thread-safe.
 */
public final class LinuxClock implements Clock {
    public LinuxClock() {}

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long wallNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}

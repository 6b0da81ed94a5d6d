package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.kiln.platform.Clock;
import dev.kiln.platform.PlatformException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@link Clock} from {@code clock_gettime}: {@code CLOCK_MONOTONIC} for {@link #nanoTime()},
 * {@code CLOCK_REALTIME} for {@link #wallNanos()}. Thread-safe: each thread gets its own
 * {@code struct timespec} once (a thread-local off-heap segment), so the loop thread, a console
 * thread and a logger can all read it; no allocation per call after the first.
 */
public final class LinuxClock implements Clock {
    private static final ThreadLocal<MemorySegment> TIMESPEC =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(Libc.TIMESPEC_BYTES, 8));

    /** @throws PlatformException if native access is denied */
    public LinuxClock() {
        NativeAccess.check();
    }

    @Override
    public long nanoTime() {
        return read(Libc.CLOCK_MONOTONIC);
    }

    @Override
    public long wallNanos() {
        return read(Libc.CLOCK_REALTIME);
    }

    private static long read(int clockId) {
        MemorySegment ts = TIMESPEC.get();
        if (Libc.clockGettime(clockId, ts) != 0) throw new PlatformException("clock_gettime(" + clockId + ") failed");
        return ts.get(JAVA_LONG, 0) * 1_000_000_000L + ts.get(JAVA_LONG, 8);
    }
}

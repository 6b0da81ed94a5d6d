package dev.kiln.platform;

/** Time, the only place it comes from. Protocol code never reads it: it is handed {@code nowNs}. */
public interface Clock {
    /** Monotonic nanoseconds, arbitrary origin. */
    long nanoTime();

    /** Wall-clock time in nanoseconds since the Unix epoch. */
    long wallNanos();
}

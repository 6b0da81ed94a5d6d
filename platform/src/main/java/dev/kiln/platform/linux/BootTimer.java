package dev.kiln.platform.linux;

import java.time.Instant;
import java.util.Optional;

/**
 * Time from {@code exec} to "ready", for the operator and for start-up benchmarks.
 *
 * <p>The precise source is the launcher: it records the wall clock just before exec and passes
 * it as {@code -Dkiln.execNs=$(date +%s%N)} or in the environment as
 * {@code KILN_EXEC_NS=$(date +%s%N)}. Without either, the process start time the kernel keeps
 * ({@code ProcessHandle.current().info().startInstant()}, clock-tick resolution, typically
 * 10 ms) is used.
 */
public final class BootTimer {
    /** System property with the exec wall-clock time in nanoseconds since the epoch. */
    public static final String PROPERTY = "kiln.execNs";
    /** Environment variable with the same meaning, consulted if the property is absent. */
    public static final String ENV = "KILN_EXEC_NS";

    /** The exec time and where it came from. */
    public record ExecTime(long epochNanos, String source) {}

    private BootTimer() {}

    /** The exec time from the property, the environment, or the kernel's process start, in that order. */
    public static Optional<ExecTime> execTime() {
        Optional<ExecTime> given = parse(System.getProperty(PROPERTY), "-D" + PROPERTY);
        if (given.isEmpty()) given = parse(System.getenv(ENV), ENV);
        if (given.isPresent()) return given;
        return ProcessHandle.current().info().startInstant()
                .map(i -> new ExecTime(epochNanos(i), "process start (clock-tick resolution)"));
    }

    /** Milliseconds from exec to now (wall clock), or -1 if the exec time is unknown. */
    public static double sinceExecMillis() {
        return execTime().map(t -> (epochNanos(Instant.now()) - t.epochNanos()) / 1e6).orElse(-1.0);
    }

    static Optional<ExecTime> parse(String value, String source) {
        if (value == null || value.isBlank()) return Optional.empty();
        try {
            long ns = Long.parseLong(value.strip());
            return ns > 0 ? Optional.of(new ExecTime(ns, source)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static long epochNanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }
}

package dev.kiln.platform.linux;

import java.time.Instant;
import java.util.Optional;

/**
 * Time from {@code exec} to "ready", for the operator and for start-up benchmarks.
 *
 * <p>The precise source is the launcher: it records the wall clock just before exec and passes
 * it as {@code -Dkiln.execNs=$(date +%s%N)} or in the environment as
 * {@code KILN_EXEC_NS=$(date +%s%N)}. Without either, the process start time the kernel keeps
 * is used, at 10 ms resolution ({@link #fromProc()}).
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
        Optional<ExecTime> proc = fromProc();
        if (proc.isPresent()) return proc;
        return ProcessHandle.current().info().startInstant()
                .map(i -> new ExecTime(epochNanos(i), "process start (1 s resolution)"));
    }

    /**
     * The process start from {@code /proc}: its start time in clock ticks since boot (field 22 of
     * {@code /proc/self/stat}) against the time since boot now ({@code /proc/uptime}), both at
     * 10 ms resolution. ({@code ProcessHandle.Info.startInstant} adds the boot time from
     * {@code /proc/stat}, which is whole seconds, so it can be off by up to a second.)
     */
    static Optional<ExecTime> fromProc() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long startTicks = Long.parseLong(f[19]); // field 22 overall; fields after "(comm)" start at 3
            String up = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime"));
            double upSeconds = Double.parseDouble(up.substring(0, up.indexOf(' ')));
            long agoNs = (long) (upSeconds * 1e9) - startTicks * 10_000_000L; // USER_HZ is 100 on Linux
            long now = epochNanos(Instant.now());
            return agoNs < 0 ? Optional.empty() : Optional.of(new ExecTime(now - agoNs, "process start (/proc, 10 ms resolution)"));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
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

package dev.kiln.platform;

import java.io.PrintStream;

/**
 * Boot-phase marks for profiling start-up, off unless the JVM runs with
 * {@code -Dkiln.boot.trace=true}. Each mark is a name and a {@code CLOCK_MONOTONIC} reading
 * ({@link System#nanoTime()}), the clock a boot harness in another process reads too, so it can
 * place every phase on one time line from exec ({@code bench/boot/bootprobe.py --trace}).
 * {@link #firstReply()} prints the marks once, as {@code boot-trace NAME NANOS} lines on
 * standard output, when the first reply frame leaves. Disabled, a mark is one static read.
 */
public final class BootTrace {
    private static final boolean ON = Boolean.getBoolean("kiln.boot.trace");
    private static final int MAX = 64;
    private static final String[] NAMES = new String[MAX];
    private static final long[] TIMES = new long[MAX];
    private static int count;
    private static boolean printed;
    private static PrintStream out = System.out;

    private BootTrace() {}

    /** True if tracing was asked for. */
    public static boolean enabled() {
        return ON;
    }

    /** Records that {@code phase} ended now. */
    public static void mark(String phase) {
        if (ON) record(phase);
    }

    private static synchronized void record(String phase) {
        if (count < MAX) {
            NAMES[count] = phase;
            TIMES[count++] = System.nanoTime();
        }
    }

    /** Marks the first reply and prints every mark, once. Cheap when tracing is off. */
    public static void firstReply() {
        if (ON && !printed) printOnce();
    }

    private static synchronized void printOnce() {
        if (printed) return;
        printed = true;
        record("first-reply");
        for (int i = 0; i < count; i++) out.println("boot-trace " + NAMES[i] + " " + TIMES[i]);
        out.flush();
    }
}

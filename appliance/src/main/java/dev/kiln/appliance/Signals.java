package dev.kiln.appliance;

/** Signal handlers through {@code sun.misc.Signal} (no FFM needed for these three). */
final class Signals {
    private Signals() {}

    /** Runs {@code action} on signal {@code name} (USR1: print the counters; TERM, INT: stop). */
    static void on(String name, Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> action.run());
        } catch (IllegalArgumentException e) {
            // the signal is not available on this platform, or the JVM reserves it (e.g. under -Xrs)
        }
    }
}

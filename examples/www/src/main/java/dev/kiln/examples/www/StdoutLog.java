package dev.kiln.examples.www;

import dev.kiln.http.AccessEntry;
import dev.kiln.http.AccessLog;

/**
 * The access log on standard output, buffered: entries collect in memory and go out in one write at
 * {@link #flush} (the {@link SessionHandler} calls it after each TCP callback, so a line is never
 * held past the loop turn that answered its request) or once 32 KiB piled up, instead of one write
 * per request. One thread (the loop) uses it.
 */
final class StdoutLog implements AccessLog {
    static final int FLUSH_CHARS = 32 << 10;
    private final StringBuilder pending = new StringBuilder(FLUSH_CHARS + 1024);

    @Override
    public void log(AccessEntry entry) {
        pending.append(entry.commonLogFormat()).append('\n');
        if (pending.length() >= FLUSH_CHARS) flush();
    }

    /** Writes what collected, if anything. */
    void flush() {
        if (pending.isEmpty()) return;
        System.out.print(pending);
        System.out.flush();
        pending.setLength(0);
    }
}

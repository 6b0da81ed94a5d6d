package dev.kiln.examples.bulk;

import dev.kiln.net.TcpConnection;
import java.lang.foreign.MemorySegment;

/**
 * Sends bytes {@code [next, end)} of {@link Pattern} on one connection, as much as its send buffer takes
 * per call, written straight out of the pattern's block.
 */
final class PatternSender {
    long next;
    long end;

    PatternSender(long end) {
        this.end = end;
    }

    /** Writes what fits; true once everything was handed to the connection. */
    boolean pump(TcpConnection c) {
        while (next < end) {
            // Offer at least one byte even when the buffer is full: a write that takes less than
            // offered is what schedules onWritable (TcpConnection#write).
            MemorySegment run = Pattern.run(next, (int) Math.min(Math.max(c.writable(), 1), end - next));
            int len = (int) run.byteSize();
            int taken = c.write(run, 0, len);
            next += taken;
            if (taken < len) return false; // onWritable follows
        }
        return true;
    }
}

package dev.kiln.examples.bulk;

import dev.kiln.net.TcpConnection;
import java.lang.foreign.MemorySegment;

/**
 * Sends bytes {@code [next, end)} of {@link Pattern} on one connection, as much as its send buffer
 * takes per call, generated into a scratch segment shared by every connection (one loop thread).
 */
final class PatternSender {
    private final MemorySegment scratch;
    long next;
    long end;

    PatternSender(MemorySegment scratch, long end) {
        this.scratch = scratch;
        this.end = end;
    }

    /** Writes what fits; true once everything was handed to the connection. */
    boolean pump(TcpConnection c) {
        while (next < end) {
            // Offer at least one byte even when the buffer is full: a write that takes less than
            // offered is what schedules onWritable (TcpConnection#write).
            int len = (int) Math.min(Math.min(Math.max(c.writable(), 1), scratch.byteSize()), end - next);
            Pattern.fill(scratch, next, len);
            int taken = c.write(scratch, 0, len);
            next += taken;
            if (taken < len) return false; // onWritable follows
        }
        return true;
    }
}

package dev.kiln.examples.bulk;

import dev.kiln.net.TcpConnection;
import java.lang.foreign.MemorySegment;

/**
 * Sends bytes {@code [next, end)} of {@link Pattern} on one connection, as much as its send buffer takes
 * per call, lent straight out of the pattern's block ({@link TcpConnection#writeImmutable}: the block is
 * global, read-only native memory, so on a gathering device its bytes reach the kernel with no copy of ours).
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
            // The run reaches to the block's end, so consecutive writes continue one lent range (one extent).
            MemorySegment run = Pattern.run(next, (int) Math.min(Integer.MAX_VALUE, end - next));
            int len = (int) Math.min(run.byteSize(), Math.max(c.writable(), 1));
            int taken = c.writeImmutable(run, 0, len);
            next += taken;
            if (taken < len) return false; // onWritable follows
        }
        return true;
    }
}

package dev.kiln.net.tcp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A bounded byte FIFO (ring). PLACEHOLDER for the send buffer and the receive reassembly that
 * another part provides: the TCB uses it for unacknowledged + unsent bytes and for in-order
 * received bytes, nothing more.
 */
final class ByteQueue {
    private final byte[] buf;
    private int head, size;

    ByteQueue(int capacity) { buf = new byte[capacity]; }

    int size() { return size; }
    int free() { return buf.length - size; }

    /** Appends up to {@code len} bytes; @return how many fitted. */
    int append(MemorySegment src, long off, int len) {
        int n = Math.min(len, free());
        for (int i = 0; i < n; ) {
            int at = (head + size) % buf.length;
            int run = Math.min(n - i, buf.length - at);
            MemorySegment.copy(src, ValueLayout.JAVA_BYTE, off + i, buf, at, run);
            size += run;
            i += run;
        }
        return n;
    }

    /** Copies {@code len} bytes starting {@code from} bytes after the head, without removing them. */
    void peek(int from, byte[] dst, int dstOff, int len) {
        if (from < 0 || len < 0 || from + len > size) throw new IndexOutOfBoundsException(from + "+" + len + " > " + size);
        for (int i = 0; i < len; ) {
            int at = (head + from + i) % buf.length;
            int run = Math.min(len - i, buf.length - at);
            System.arraycopy(buf, at, dst, dstOff + i, run);
            i += run;
        }
    }

    /** Removes {@code n} bytes from the head. */
    void drop(int n) {
        if (n < 0 || n > size) throw new IndexOutOfBoundsException(n + " > " + size);
        head = (head + n) % buf.length;
        size -= n;
    }
}

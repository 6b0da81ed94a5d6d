package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.kiln.platform.FramePieces;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The {@code struct iovec} array of a gathered TAP frame ({@link TapDevice#transmit(int,
 * dev.kiln.platform.FrameMeta, FramePieces)}), allocated once: the vnet header and the frame's
 * bytes in the transmit buffer up to the first piece (contiguous: the header sits just before the
 * buffer), then each piece and the buffer's bytes between and after them. One {@code writev} of
 * it is the frame, and the kernel's copy is the only one. Filling it allocates nothing.
 */
final class TxIovec {
    /** Each piece may need itself and the buffer bytes after it, plus the head. */
    static final int ENTRIES = 2 * FramePieces.MAX + 1;
    private final MemorySegment iov;
    private int count;

    TxIovec(Arena arena) {
        this.iov = arena.allocate(16L * ENTRIES, 8);
    }

    MemorySegment iov() { return iov; }

    /**
     * Fills the entries for a frame of {@code len} bytes at {@code frame} behind {@code headBytes} of
     * vnet header ({@code wire} starts at the header and runs on into the frame), with {@code pieces}
     * laid over it. Returns the number of entries.
     *
     * @throws IllegalArgumentException if a piece lies outside the frame
     */
    int fill(MemorySegment wire, int headBytes, int len, FramePieces pieces) {
        count = 0;
        int at = 0; // frame bytes described so far
        for (int i = 0; i < pieces.count(); i++) {
            int p = pieces.frameOffset(i), n = pieces.length(i);
            if (p < at || p + n > len) throw new IllegalArgumentException("frame piece " + p + "+" + n + " lies outside the frame of " + len + " bytes");
            if (i == 0) entry(wire.address(), headBytes + p);
            else if (p > at) entry(wire.address() + headBytes + at, p - at);
            MemorySegment s = pieces.segment(i);
            long off = pieces.offset(i);
            if (off < 0 || off + n > s.byteSize() || !s.scope().isAlive())
                throw new IllegalArgumentException("frame piece " + i + " (" + off + "+" + n + ") is not inside a live segment of " + s.byteSize() + " bytes");
            entry(s.address() + off, n);
            at = p + n;
        }
        if (pieces.count() == 0) entry(wire.address(), headBytes + len);
        else if (at < len) entry(wire.address() + headBytes + at, len - at);
        return count;
    }

    private void entry(long address, long bytes) {
        if (bytes == 0) return;
        iov.set(JAVA_LONG, 16L * count, address);
        iov.set(JAVA_LONG, 16L * count + 8, bytes);
        count++;
    }
}

package dev.kiln.net.tcp;

import java.lang.foreign.MemorySegment;

/**
 * The extents of a {@link SendBuffer} in sequence order, from SND.UNA: each a run of bytes copied into
 * the {@link SendRing} (segment null, offset logical in the ring) or a reference to immutable bytes
 * (segment, offset). A write that continues the last extent of its kind merges into it (copied runs
 * always; a reference when its bytes follow the last one's in memory and the last one's segment spans
 * them, as consecutive writes from one file or block do), so an HTTP response is two extents however
 * it is cut. At most {@value #MAX} extents: a full table refuses new ones (back-pressure until ACKs
 * free some). The table grows by doubling from 4, so a connection that never lends bytes holds one.
 * A cursor (an absolute extent number) makes sequential reads cheap.
 */
final class SendExtents {
    /** The most extents a connection holds: enough for many pipelined responses in one window. */
    static final int MAX = 256;
    private MemorySegment[] segs = new MemorySegment[4];
    private long[] offs = new long[4];
    private int[] lens = new int[4];
    private int head, count;
    private long popped, cursor; // extents ever released; the cursor's absolute extent number

    int size() { return count; }

    private int slot(long abs) { return (int) ((head + (abs - popped)) % segs.length); }

    private int last() { return (head + count - 1) % segs.length; }

    /** Whether a copied run can be appended now (it merges into a copied last extent, or there is room). */
    boolean canAppendRing() { return count < MAX || segs[last()] == null; }

    void appendRing(long at, int n) {
        if (count > 0) {
            int l = last();
            if (segs[l] == null && offs[l] + lens[l] == at) { lens[l] += n; return; }
        }
        push(null, at, n);
    }

    /** Appends a reference; false if the table is full. */
    boolean appendRef(MemorySegment src, long off, int n) {
        if (count > 0) {
            int l = last();
            MemorySegment s = segs[l];
            long end = offs[l] + lens[l];
            if (s != null && s.address() + end == src.address() + off && end + n <= s.byteSize()) { lens[l] += n; return true; }
        }
        if (count == MAX) return false;
        push(src, off, n);
        return true;
    }

    private void push(MemorySegment s, long off, int n) {
        if (count == segs.length) grow();
        int i = (head + count++) % segs.length;
        segs[i] = s;
        offs[i] = off;
        lens[i] = n;
    }

    /** Frees the {@code n} oldest bytes; returns how many of them were copied (ring) bytes. */
    int release(int n) {
        int copied = 0;
        while (n > 0) {
            int k = Math.min(n, lens[head]);
            if (segs[head] == null) copied += k;
            offs[head] += k;
            lens[head] -= k;
            n -= k;
            if (lens[head] == 0) {
                segs[head] = null;
                head = (head + 1) % segs.length;
                count--;
                popped++;
            }
        }
        if (count == 0) head = 0;
        return copied;
    }

    void rewindCursor() { cursor = popped; }

    boolean cursorLost() { return cursor < popped; }

    void advanceCursor() { cursor++; }

    int cursorLen() { return lens[slot(cursor)]; }

    MemorySegment cursorSegment() { return segs[slot(cursor)]; }

    long cursorOffset() { return offs[slot(cursor)]; }

    private void grow() {
        int n = segs.length, m = Math.min(MAX, 2 * n);
        MemorySegment[] s = new MemorySegment[m];
        long[] o = new long[m];
        int[] l = new int[m];
        for (int i = 0; i < count; i++) {
            int j = (head + i) % n;
            s[i] = segs[j];
            o[i] = offs[j];
            l[i] = lens[j];
        }
        segs = s;
        offs = o;
        lens = l;
        head = 0;
    }
}

package dev.kiln.net.tcp;

import java.lang.foreign.MemorySegment;

/**
 * The copied bytes of a {@link SendBuffer}, in a ring addressed by logical offsets (the count of bytes
 * ever appended before a byte), so extents keep naming their bytes while the ring wraps or grows. It
 * starts small ({@value #INITIAL_BYTES} bytes at most) and doubles as writes need room, up to the
 * buffer's capacity: a connection pays memory for what it holds, so large buffers cost little on
 * connections that send little (or send referenced bytes only). It stays on the heap: the bytes it
 * holds are copied into frames, not gathered; for the lending writers (a site's bodies, a bulk block)
 * it carries only headers, so a native ring (per-connection off-heap memory) would save almost nothing.
 */
final class SendRing {
    static final int INITIAL_BYTES = 16 * 1024;
    private final int capacity;
    private MemorySegment ring;
    private int size, headPos, held; // headPos: where the oldest held byte lies
    private long headLogical; // the logical offset of the oldest held byte

    SendRing(int capacity) {
        this.capacity = capacity;
        this.size = Math.min(capacity, INITIAL_BYTES);
        this.ring = MemorySegment.ofArray(new byte[size]);
    }

    /** Appends {@code n} bytes of {@code src[off..]} (the caller checked the capacity); returns the logical offset of the first. */
    long append(MemorySegment src, long off, int n) {
        if (held + n > size) grow(held + n);
        int pos = (headPos + held) % size, first = Math.min(n, size - pos);
        MemorySegment.copy(src, off, ring, pos, first);
        if (first < n) MemorySegment.copy(src, off + first, ring, 0, n - first);
        long at = headLogical + held;
        held += n;
        return at;
    }

    /** Copies {@code n} held bytes from logical offset {@code at} to {@code dst[off..]}. */
    void copyOut(long at, MemorySegment dst, long off, int n) {
        int pos = (int) ((headPos + (at - headLogical)) % size), first = Math.min(n, size - pos);
        MemorySegment.copy(ring, pos, dst, off, first);
        if (first < n) MemorySegment.copy(ring, 0, dst, off + first, n - first);
    }

    /** Frees the {@code n} oldest bytes. */
    void release(int n) {
        if (n <= 0) return;
        headPos = (headPos + n) % size;
        headLogical += n;
        held -= n;
    }

    int held() { return held; }

    /** A larger ring (doubling, at least {@code need}, at most capacity), the held bytes moved to its start. */
    private void grow(int need) {
        int bigger = (int) Math.min(capacity, Math.max(need, 2L * size));
        MemorySegment r = MemorySegment.ofArray(new byte[bigger]);
        int first = Math.min(held, size - headPos);
        MemorySegment.copy(ring, headPos, r, 0, first);
        MemorySegment.copy(ring, 0, r, first, held - first);
        ring = r;
        size = bigger;
        headPos = 0;
    }
}

package dev.kiln.net.tcp;

import java.lang.foreign.MemorySegment;

/**
 * The last few slices made for a reader, each made again only for a new range: a reader that keeps up sees a few
 * layouts over and over (the same request at the same frame offset, which moves with the TCP options: a segment
 * carrying SACK blocks puts its payload 8 or more bytes further), so the view it is handed costs nothing.
 */
final class SliceCache {
    private static final int SLOTS = 4;
    private final MemorySegment[] slices = new MemorySegment[SLOTS], bases = new MemorySegment[SLOTS];
    private final long[] offsets = new long[SLOTS];
    private int next;

    /** {@code base[off, off + len)}: a slice made before for that range, or a new one (replacing the oldest). */
    MemorySegment slice(MemorySegment base, long off, int len) {
        for (int i = 0; i < SLOTS; i++) if (bases[i] == base && offsets[i] == off && slices[i].byteSize() == len) return slices[i];
        int i = next;
        next = (next + 1) % SLOTS;
        bases[i] = base;
        offsets[i] = off;
        return slices[i] = base.asSlice(off, len);
    }
}

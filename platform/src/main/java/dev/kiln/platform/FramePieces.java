package dev.kiln.platform;

import java.lang.foreign.MemorySegment;

/**
 * The payload pieces of one gathered frame ({@link NetDevice#transmit(int, FrameMeta, FramePieces)}):
 * a frame of {@code len} bytes is the device's transmit buffer with each piece laid over it at the
 * piece's frame offset, so the bytes under a piece are not read and need not be written. Pieces are
 * native segments (a device hands their addresses to the kernel), in frame order, not overlapping.
 * Adjacent pieces that continue one another in the same segment are merged, so a super-frame cut
 * from one long run of immutable bytes is one piece.
 *
 * <p>One reusable holder of at most {@value #MAX} pieces, owned by the caller and cleared after
 * every transmit (the device keeps no reference): nothing here allocates per frame. A full holder
 * refuses a piece; the caller then copies those bytes into the transmit buffer itself.
 */
public final class FramePieces {
    /** The most pieces one frame carries: a super-frame of 64 KiB from a few runs needs far fewer. */
    public static final int MAX = 64;
    private final MemorySegment[] segs = new MemorySegment[MAX];
    private final long[] offs = new long[MAX];
    private final int[] at = new int[MAX], lens = new int[MAX];
    private int count;

    /**
     * Lays {@code len} bytes of {@code seg} from {@code off} over the frame at {@code frameOff}.
     *
     * @return false if there is no room or {@code seg} is not native: copy those bytes instead
     * @throws IllegalArgumentException if the piece starts before the end of the previous one
     */
    public boolean add(int frameOff, MemorySegment seg, long off, int len) {
        if (len <= 0) return true;
        if (!seg.isNative()) return false;
        if (count > 0) {
            int i = count - 1, end = at[i] + lens[i];
            if (frameOff < end) throw new IllegalArgumentException("frame piece at " + frameOff + " overlaps the previous one, which ends at " + end);
            if (frameOff == end && segs[i] == seg && offs[i] + lens[i] == off) {
                lens[i] += len;
                return true;
            }
        }
        if (count == MAX) return false;
        segs[count] = seg;
        offs[count] = off;
        at[count] = frameOff;
        lens[count++] = len;
        return true;
    }

    public int count() { return count; }

    public boolean isEmpty() { return count == 0; }

    /** Where piece {@code i} lies in the frame. */
    public int frameOffset(int i) { return at[i]; }

    public MemorySegment segment(int i) { return segs[i]; }

    public long offset(int i) { return offs[i]; }

    public int length(int i) { return lens[i]; }

    /** Bytes of the frame the pieces cover. */
    public int bytes() {
        int n = 0;
        for (int i = 0; i < count; i++) n += lens[i];
        return n;
    }

    /** Copies every piece to its place in {@code frame} (the default, copying gather). */
    public void copyInto(MemorySegment frame) {
        for (int i = 0; i < count; i++) MemorySegment.copy(segs[i], offs[i], frame, at[i], lens[i]);
    }

    /** Empties the holder (and drops its references). */
    public void clear() {
        for (int i = 0; i < count; i++) segs[i] = null;
        count = 0;
    }
}

package dev.kiln.examples.bulk;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The bulk appliance's byte stream: a block of {@link #PERIOD} bytes over and over. Byte {@code i} of the
 * block is byte {@code i mod 8} (big-endian) of {@link #word word(i / 8)}, a counter-seeded mix (SplitMix64's
 * finaliser of the word's index). The block is made once; sending is a copy out of it, as a conventional
 * server sends a file or a buffer it holds (bench/tcp's Linux server sends one block over and over too).
 *
 * <p>The period is a prime a little under 1 MiB, so a byte sent from the wrong stream offset (a retransmission
 * of the wrong range, a segment shifted by a window or an MSS) differs from the right one unless the error is
 * a whole multiple of the period: the interop tests' SHA-256 of the stream still catches misplaced bytes.
 * Any offset can be produced on its own, so a sender offered less room than it asked for resumes exactly
 * where it stopped, and a checker can regenerate the stream anywhere.
 */
public final class Pattern {
    /** The block's length: the prime 2^20 − 3. */
    public static final int PERIOD = 1_048_573;
    private static final long GAMMA = 0x9E3779B97F4A7C15L;
    /** The block, one period, read only after it is made. */
    private static final MemorySegment BLOCK = make();

    private Pattern() {}

    private static MemorySegment make() {
        MemorySegment b = Arena.global().allocate(PERIOD, 8);
        for (int i = 0; i < PERIOD; i++) b.set(ValueLayout.JAVA_BYTE, i, (byte) (word(i >>> 3) >>> (56 - 8 * (i & 7))));
        return b.asReadOnly();
    }

    /** The 8 bytes of the block at {@code 8 * index} (the last word of the block is cut at the period). */
    public static long word(long index) {
        return mix((index + 1) * GAMMA);
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The stream's byte at {@code offset}. */
    public static byte at(long offset) {
        return BLOCK.get(ValueLayout.JAVA_BYTE, offset % PERIOD);
    }

    /**
     * The longest run of the stream from {@code offset} that is one slice of the block (it ends at the block's
     * end), at most {@code max} bytes: a sender writes it as it is, with no copy of its own.
     */
    public static MemorySegment run(long offset, int max) {
        int at = (int) (offset % PERIOD);
        return BLOCK.asSlice(at, Math.min(max, PERIOD - at));
    }

    /** Fills {@code dst[0, len)} with the stream's bytes {@code [offset, offset + len)}. */
    public static void fill(MemorySegment dst, long offset, int len) {
        for (int i = 0; i < len; ) {
            MemorySegment r = run(offset + i, len - i);
            MemorySegment.copy(r, 0, dst, i, r.byteSize());
            i += (int) r.byteSize();
        }
    }
}

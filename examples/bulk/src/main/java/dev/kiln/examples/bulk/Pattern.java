package dev.kiln.examples.bulk;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The bulk appliance's byte stream: byte {@code i} is byte {@code i mod 8} (big-endian) of
 * {@link #word word(i / 8)}, a counter-seeded mix (SplitMix64's finaliser of the word's index). Any
 * offset can be generated on its own, so a sender that was offered less room than it asked for
 * resumes exactly where it stopped, and a checker can regenerate the stream anywhere.
 */
public final class Pattern {
    private static final long GAMMA = 0x9E3779B97F4A7C15L;
    private static final boolean NATIVE_BE = ByteOrder.nativeOrder() == ByteOrder.BIG_ENDIAN;

    private Pattern() {}

    /** The 8 bytes of the stream at {@code 8 * index}. */
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
        return (byte) (word(offset >>> 3) >>> (56 - 8 * (int) (offset & 7)));
    }

    /**
     * Fills {@code dst[0, len)} with the stream's bytes {@code [offset, offset + len)}. The whole words go
     * through one slice (bounds checked once), each word's mix input stepping by the gamma (an add instead
     * of a multiply) and stored in native order after a byte swap: the bulk source generates every byte it
     * sends, so this is on its sending path.
     */
    public static void fill(MemorySegment dst, long offset, int len) {
        int i = 0;
        while (i < len && ((offset + i) & 7) != 0) { // head, up to the next word boundary
            dst.set(ValueLayout.JAVA_BYTE, i, at(offset + i));
            i++;
        }
        int words = (len - i) >>> 3;
        MemorySegment body = dst.asSlice(i, 8L * words);
        long z = (((offset + i) >>> 3) + 1) * GAMMA;
        for (int k = 0; k < words; k++, z += GAMMA) {
            long v = mix(z);
            body.setAtIndex(ValueLayout.JAVA_LONG_UNALIGNED, k, NATIVE_BE ? v : Long.reverseBytes(v));
        }
        i += 8 * words;
        for (; i < len; i++) dst.set(ValueLayout.JAVA_BYTE, i, at(offset + i)); // tail
    }
}

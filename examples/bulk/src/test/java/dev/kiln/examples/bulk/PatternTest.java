package dev.kiln.examples.bulk;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PatternTest {
    /** The stream's byte at {@code offset}, from the definition: word((offset mod P) / 8), big-endian. */
    private static byte reference(long offset) {
        long i = offset % Pattern.PERIOD;
        return (byte) (Pattern.word(i >>> 3) >>> (56 - 8 * (int) (i & 7)));
    }

    @Test
    void firstBytesAreSplitMix64OfTheWordIndexBigEndian() {
        // SplitMix64 seeded with 0 yields 0xE220A8397B1DCDAF first: word(0) mixes 1 × the golden gamma, the same input
        assertEquals(0xE220A8397B1DCDAFL, Pattern.word(0));
        MemorySegment s = MemorySegment.ofArray(new byte[8]);
        Pattern.fill(s, 0, 8);
        assertEquals("e220a8397b1dcdaf", HexFormat.of().formatHex(s.toArray(ValueLayout.JAVA_BYTE)));
    }

    @Test
    void neighbouringWordsDiffer() {
        for (long k = 0; k < 10_000; k++) assertNotEquals(Pattern.word(k), Pattern.word(k + 1), "word " + k);
    }

    @Test
    void theStreamRepeatsWithAPrimePeriodAndNotBefore() {
        long p = Pattern.PERIOD;
        for (long d = 2; d * d <= p; d++) assertNotEquals(0, p % d, "the period is prime");
        for (long o : new long[] {0, 1, 7, p - 9, p - 1, 5 * p + 3}) assertEquals(Pattern.at(o), Pattern.at(o + p), "offset " + o);
        // shifted by a typical TCP mistake (an MSS, a window, 64 KiB), 64 bytes in a row no longer match
        for (long shift : new long[] {1, 1448, 65536, 1 << 20}) {
            int same = 0;
            for (int i = 0; i < 64; i++) if (Pattern.at(1000 + i) == Pattern.at(1000 + i + shift)) same++;
            assertTrue(same < 16, "shift " + shift + ": " + same + " of 64 bytes equal");
        }
    }

    /** fill at any offset and length (across the block's end too) equals the stream byte by byte. */
    @Property(tries = 300)
    void fillMatchesTheStreamAnywhere(@ForAll @LongRange(min = 0, max = 1L << 40) long offset, @ForAll @IntRange(min = 0, max = 100) int len) {
        byte[] b = new byte[len + 3];
        Pattern.fill(MemorySegment.ofArray(b), offset, len);
        for (int i = 0; i < len; i++) {
            assertEquals(reference(offset + i), b[i], "byte " + (offset + i));
            assertEquals(Pattern.at(offset + i), b[i]);
        }
        assertEquals(0, b[len], "nothing written past len");
    }

    @Test
    void fillAcrossTheBlocksEndWraps() {
        long offset = 3L * Pattern.PERIOD - 10;
        byte[] b = new byte[30];
        Pattern.fill(MemorySegment.ofArray(b), offset, b.length);
        for (int i = 0; i < b.length; i++) assertEquals(reference(offset + i), b[i], "byte " + (offset + i));
    }

    /** run: the stream's bytes as one slice of the block, ending at the block's end at most. */
    @Test
    void runIsTheStreamUpToTheBlocksEnd() {
        MemorySegment r = Pattern.run(Pattern.PERIOD + 100, 1 << 30);
        assertEquals(Pattern.PERIOD - 100, r.byteSize());
        assertEquals(Pattern.at(100), r.get(ValueLayout.JAVA_BYTE, 0));
        assertEquals(64, Pattern.run(5, 64).byteSize());
        assertTrue(r.isReadOnly(), "senders cannot change the block");
    }

    /** A long fill (the sender's) at an unaligned offset, into an unaligned native segment: byte by byte the stream. */
    @Test
    void longFillMatchesTheStream() {
        long offset = (1L << 33) + 5;
        int len = 3 * Pattern.PERIOD + 100_003;
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment s = arena.allocate(len + 1).asSlice(1);
            Pattern.fill(s, offset, len);
            for (int i = 0; i < len; i++) assertEquals(reference(offset + i), s.get(ValueLayout.JAVA_BYTE, i), "byte " + (offset + i));
        }
    }
}

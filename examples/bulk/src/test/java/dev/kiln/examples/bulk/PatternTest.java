package dev.kiln.examples.bulk;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PatternTest {
    @Test
    void firstBytesAreSplitMix64OfTheWordIndexBigEndian() {
        // SplitMix64 seeded with 0 yields 0xE220A8397B1DCDAF first: word(0) mixes 1 × the golden gamma, the same input
        assertEquals(0xE220A8397B1DCDAFL, Pattern.word(0));
        MemorySegment s = MemorySegment.ofArray(new byte[8]);
        Pattern.fill(s, 0, 8);
        assertEquals("e220a8397b1dcdaf", HexFormat.of().formatHex(s.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
    }

    @Test
    void neighbouringWordsDiffer() {
        for (long k = 0; k < 10_000; k++) assertNotEquals(Pattern.word(k), Pattern.word(k + 1), "word " + k);
    }

    /** fill at any offset and length equals the stream byte by byte (head, whole words, tail). */
    @Property(tries = 300)
    void fillMatchesTheStreamAnywhere(@ForAll @LongRange(min = 0, max = 1L << 40) long offset, @ForAll @IntRange(min = 0, max = 100) int len) {
        byte[] b = new byte[len + 3];
        MemorySegment s = MemorySegment.ofArray(b);
        Pattern.fill(s, offset, len);
        ByteBuffer ref = ByteBuffer.allocate(len + 16);
        long first = offset >>> 3;
        for (long w = first; w <= (offset + len) >>> 3; w++) ref.putLong(Pattern.word(w));
        for (int i = 0; i < len; i++) {
            assertEquals(ref.get((int) (offset - first * 8) + i), b[i], "byte " + (offset + i));
            assertEquals(Pattern.at(offset + i), b[i]);
        }
        assertEquals(0, b[len], "nothing written past len");
    }

    /** A long fill (the sender's) at an unaligned offset, into an unaligned native segment: byte by byte the stream. */
    @Test
    void longFillMatchesTheStream() {
        long offset = (1L << 33) + 5;
        int len = 100_003;
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment s = arena.allocate(len + 1).asSlice(1);
            Pattern.fill(s, offset, len);
            for (int i = 0; i < len; i++) assertEquals(Pattern.at(offset + i), s.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i), "byte " + (offset + i));
        }
    }
}

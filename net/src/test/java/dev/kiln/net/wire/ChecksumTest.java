package dev.kiln.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import net.jqwik.api.*;
import net.jqwik.api.constraints.*;

/** The fast checksum agrees with the textbook RFC 1071 loop; incremental updates agree with recomputing. */
class ChecksumTest {

    static int naive(byte[] b, int off, int len) {
        long s = 0;
        for (int i = 0; i + 1 < len; i += 2) s += ((b[off + i] & 0xff) << 8) | (b[off + i + 1] & 0xff);
        if ((len & 1) != 0) s += (b[off + len - 1] & 0xff) << 8;
        while ((s >>> 16) != 0) s = (s & 0xffff) + (s >>> 16);
        return (int) (~s & 0xffff);
    }

    @Property
    void fastPathMatchesNaive(@ForAll @Size(max = 3000) byte[] data, @ForAll @IntRange(max = 7) int off) {
        byte[] b = new byte[data.length + off];
        System.arraycopy(data, 0, b, off, data.length);
        assertEquals(naive(b, off, data.length), Checksum.of(MemorySegment.ofArray(b), off, data.length));
    }

    @Property
    void splitSumsAddUp(@ForAll @Size(max = 600) byte[] data, @ForAll @IntRange(max = 300) int cut) {
        int c = Math.min(cut & ~1, data.length & ~1);
        MemorySegment s = MemorySegment.ofArray(data);
        long a = Checksum.sum(s, 0, c, 0);
        assertEquals(Checksum.of(s, 0, data.length), Checksum.finish(Checksum.sum(s, c, data.length - c, a)));
    }

    /**
     * Headers start with 0x45 like every IPv4 header: RFC 1624 eqn. 3 yields 0x0000 instead of
     * 0xFFFF only when all the other data sums to zero, which a real header never does.
     */
    @Property
    void update16MatchesRecompute(@ForAll @Size(min = 20, max = 20) byte[] header, @ForAll @IntRange(min = 1, max = 9) int word,
                                  @ForAll @IntRange(max = 0xFFFF) int newValue) {
        header[0] = 0x45;
        MemorySegment s = MemorySegment.ofArray(header);
        s.set(Be.U16, 10, (short) 0);
        int c = Checksum.of(s, 0, 20);
        s.set(Be.U16, 10, (short) c);
        if (word == 5) return; // the checksum word itself
        int old = Be.u16(s, word * 2);
        Be.u16(s, word * 2, newValue);
        int updated = Checksum.update16(c, old, newValue);
        s.set(Be.U16, 10, (short) updated);
        assertTrue(Checksum.verifies(s, 0, 20), "updated checksum verifies");
    }

    @Property
    void update32MatchesRecompute(@ForAll @Size(min = 20, max = 20) byte[] header, @ForAll int newDst) {
        header[0] = 0x45;
        MemorySegment s = MemorySegment.ofArray(header);
        s.set(Be.U16, 10, (short) 0);
        int c = Checksum.of(s, 0, 20);
        int old = Be.u32(s, 16);
        Be.u32(s, 16, newDst);
        s.set(Be.U16, 10, (short) Checksum.update32(c, old, newDst));
        assertTrue(Checksum.verifies(s, 0, 20));
    }
}

package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SeqTest {
    @Property
    void orderHoldsAcrossTheWrap(@ForAll int a, @ForAll @IntRange(min = 1, max = Integer.MAX_VALUE) int d) {
        int b = a + d; // b is d after a, wrapping past 2^32 as it may
        assertTrue(Seq.lt(a, b) && Seq.le(a, b) && Seq.gt(b, a) && Seq.ge(b, a));
        assertFalse(Seq.lt(b, a) || Seq.gt(a, b));
        assertEquals(d, Seq.diff(a, b));
        assertEquals(b, Seq.max(a, b));
        assertEquals(a, Seq.min(b, a));
    }

    @Property
    void windowMembership(@ForAll int start, @ForAll @IntRange(min = 0, max = 1 << 30) int len, @ForAll @IntRange(min = -10, max = 10) int off) {
        assertEquals(off >= 0 && off < len, Seq.inWindow(start + off, start, len));
    }

    @Test
    void wrapExamples() {
        assertTrue(Seq.lt(0xFFFF_FFF0, 0x10));
        assertTrue(Seq.inWindow(0x5, 0xFFFF_FFF0, 0x20));
        assertFalse(Seq.inWindow(0x10, 0xFFFF_FFF0, 0x20));
        assertEquals(4294967295L, Seq.unsigned(-1));
    }
}

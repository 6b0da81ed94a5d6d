package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LayoutSeedTest {
    @Test
    void sameSeedSameLayoutAndSeedsSpreadOverTheRange() {
        assertEquals(new LayoutSeed(7).runFlags(), new LayoutSeed(7).runFlags());
        assertEquals(new LayoutSeed(7).dumpFlags(), new LayoutSeed(7).dumpFlags());
        Set<Long> bases = new HashSet<>();
        for (long s = 0; s < 200; s++) {
            LayoutSeed l = new LayoutSeed(s);
            long base = l.sharedBaseAddress(), heap = l.heapBaseMinAddress();
            assertTrue(base >= 8L << 30 && base < 40L << 30 && base % (1L << 30) == 0, Long.toHexString(base));
            assertTrue(heap >= 2L << 30 && heap < 8L << 30 && heap % (1L << 30) == 0, Long.toHexString(heap));
            bases.add(base);
        }
        assertTrue(bases.size() > 20, "200 seeds gave only " + bases.size() + " archive bases");
        assertNotEquals(new LayoutSeed(1).sharedBaseAddress(), new LayoutSeed(2).sharedBaseAddress());
    }
}

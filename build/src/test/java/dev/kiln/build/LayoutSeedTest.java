package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class LayoutSeedTest {
    private static final long GIB = 1L << 30;

    @Property
    void sameSeedSameLayoutAlignedAndInRange(@ForAll long seed) {
        LayoutSeed a = new LayoutSeed(seed), b = new LayoutSeed(seed);
        assertEquals(a.runFlags(), b.runFlags());
        assertEquals(a.dumpFlags(), b.dumpFlags());
        long archive = a.sharedBaseAddress(), heap = a.heapBaseMinAddress();
        assertEquals(0, archive % GIB);
        assertEquals(0, heap % GIB);
        assertTrue(archive >= 8 * GIB && archive < 40 * GIB, Long.toHexString(archive));
        assertTrue(heap >= 2 * GIB && heap < 8 * GIB, Long.toHexString(heap));
        assertTrue(heap + 64L * 1024 * 1024 * 1024 / 64 <= archive, "a 1 GiB heap at the base stays below the archive");
    }

    @Test
    void differentBuildsGetDifferentLayouts() {
        Set<String> layouts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            LayoutSeed s = new LayoutSeed(LayoutSeed.fresh());
            layouts.add(s.sharedBaseAddress() + "/" + s.heapBaseMinAddress());
        }
        // 32 archive bases x 6 heap bases = 192 layouts; 200 fresh draws hit well over 100 of them
        assertTrue(layouts.size() > 100, "only " + layouts.size() + " distinct layouts in 200 builds");
        assertNotEquals(new LayoutSeed(1).runFlags(), new LayoutSeed(2).runFlags());
    }

    @Test
    void bootsMapTheArchiveWhereTheBuildPutIt() {
        assertTrue(new LayoutSeed(5).runFlags().contains("-XX:ArchiveRelocationMode=0"));
        assertTrue(new LayoutSeed(5).dumpFlags().getFirst().startsWith("-XX:SharedBaseAddress=0x"));
    }
}

package dev.kiln.platform.linux;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinuxEntropyTest {
    final LinuxEntropy entropy = new LinuxEntropy();

    @Test
    void fillsOffHeapSegmentCompletely() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(4096), b = arena.allocate(4096);
            entropy.fill(a);
            entropy.fill(b);
            assertNotEquals(-1, a.mismatch(arena.allocate(4096)), "not all zeros");
            assertNotEquals(-1, a.mismatch(b), "two fills differ");
            // Every 64-byte block was written (a block of zeros has odds 2^-512).
            byte[] zeros = new byte[64];
            byte[] bytes = a.toArray(ValueLayout.JAVA_BYTE);
            for (int i = 0; i < bytes.length; i += 64) {
                assertFalse(Arrays.equals(zeros, Arrays.copyOfRange(bytes, i, i + 64)), "block at " + i);
            }
        }
    }

    @Test
    void fillsHeapSegmentAndLargeBuffers() {
        byte[] heap = new byte[3 << 20]; // more than one 1 MiB chunk
        entropy.fill(MemorySegment.ofArray(heap));
        byte[] zeros = new byte[64];
        assertFalse(Arrays.equals(zeros, Arrays.copyOfRange(heap, heap.length - 64, heap.length)), "tail written");
        assertFalse(Arrays.equals(zeros, Arrays.copyOfRange(heap, 0, 64)), "head written");
        entropy.fill(MemorySegment.ofArray(new byte[0])); // empty: nothing to do, returns
    }

    @Test
    void nextLongDiffers() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) seen.add(entropy.nextLong());
        assertTrue(seen.size() == 1000, "1000 draws should not repeat, got " + seen.size() + " distinct");
    }
}

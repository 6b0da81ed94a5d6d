package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class SeqRangesTest {
    /** Against a bitmap: merged, sorted, non-touching, exact new-byte counts, bounded, across the wrap. */
    @Property(tries = 300)
    void matchesABitmap(@ForAll long seed, @ForAll int base, @ForAll @IntRange(min = 1, max = 8) int max) {
        var rnd = new Random(seed);
        var ranges = new SeqRanges(max);
        boolean[] bits = new boolean[1000];
        int floor = 0;
        for (int step = 0; step < 60; step++) {
            if (rnd.nextInt(6) == 0) {
                floor = Math.max(floor, rnd.nextInt(1000));
                ranges.trimBelow(base + floor);
                for (int s = 0; s < floor; s++) bits[s] = false;
                continue;
            }
            int l = floor + rnd.nextInt(1000 - floor), r = Math.min(1000, l + 1 + rnd.nextInt(100));
            int fresh = 0;
            for (int s = l; s < r; s++) if (!bits[s]) fresh++;
            int got = ranges.add(base + l, base + r);
            if (got < 0) {
                assertEquals(max, ranges.count, "refused only when full");
                continue;
            }
            assertEquals(fresh, got);
            for (int s = l; s < r; s++) bits[s] = true;
            int covered = 0;
            for (int i = 0; i < ranges.count; i++) {
                assertTrue(Seq.lt(ranges.start[i], ranges.end[i]));
                if (i > 0) assertTrue(Seq.lt(ranges.end[i - 1], ranges.start[i]), "sorted and not touching");
                for (int s = ranges.start[i]; s != ranges.end[i]; s++) assertTrue(bits[s - base]);
                covered += ranges.end[i] - ranges.start[i];
            }
            int set = 0;
            for (boolean b : bits) if (b) set++;
            assertEquals(set, covered);
        }
    }
}

package dev.kiln.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/** Which seeds a harness runs; replay by property. */
@Isolated
class SimSeedsTest {

    @Test
    void fixedThenRegressionThenRandomSeeds() {
        String oldSeed = System.clearProperty(SimSeeds.SEED_PROPERTY);
        String oldCount = System.setProperty(SimSeeds.COUNT_PROPERTY, "5");
        try {
            List<Long> regression = SimSeeds.regressionSeeds();
            assertEquals(20261128L, regression.get(0), "comments and blank lines skipped, trailing comments cut");
            assertTrue(regression.size() >= 2);
            List<Long> seeds = SimSeeds.seeds("X", 11, 12, 11);
            List<Long> expectedStart = new java.util.ArrayList<>(List.of(11L, 12L));
            expectedStart.addAll(regression);
            int fixed = expectedStart.size();
            assertEquals(expectedStart, seeds.subList(0, fixed), "fixed (deduplicated), then the regression file");
            assertEquals(fixed + 5, seeds.size());
            assertTrue(seeds.subList(fixed, fixed + 5).stream().allMatch(s -> s >= 0));
        } finally {
            restore(SimSeeds.SEED_PROPERTY, oldSeed);
            restore(SimSeeds.COUNT_PROPERTY, oldCount);
        }
    }

    @Test
    void seedPropertyReplaysExactlyOneSeed() {
        String old = System.setProperty(SimSeeds.SEED_PROPERTY, "987654321");
        try {
            assertEquals(List.of(987654321L), SimSeeds.seeds("X", 1, 2, 3));
        } finally {
            restore(SimSeeds.SEED_PROPERTY, old);
        }
    }

    @Test
    void badPropertiesSayWhatToDo() {
        String old = System.setProperty(SimSeeds.SEED_PROPERTY, "abc");
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimSeeds.seeds("X"));
            assertTrue(e.getMessage().contains("decimal 64-bit number"), e.getMessage());
        } finally {
            restore(SimSeeds.SEED_PROPERTY, old);
        }
    }

    @Test
    void replayHintNamesTheSeedAndTheTest() {
        assertEquals("mvn -B -pl sim -am test -Dtest=FooTest -Dkiln.sim.seed=5 -Dsurefire.failIfNoSpecifiedTests=false -Dkiln.sim.pcap=target/sim-pcap",
                SimSeeds.replayHint(5, "FooTest"));
    }

    @Test
    void derivedStreamsDiffer() {
        assertNotEquals(SimSeeds.derive(1, 1), SimSeeds.derive(1, 2));
        assertNotEquals(SimSeeds.derive(1, 1), SimSeeds.derive(2, 1));
        assertEquals(SimSeeds.derive(3, 4), SimSeeds.derive(3, 4));
    }

    private static void restore(String key, String old) {
        if (old == null) System.clearProperty(key);
        else System.setProperty(key, old);
    }
}

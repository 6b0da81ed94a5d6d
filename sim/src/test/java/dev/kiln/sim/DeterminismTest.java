package dev.kiln.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Same seed, same run: the trace hash and every counter are equal; different seeds give different runs. */
class DeterminismTest {
    static final long MS = 1_000_000L;

    record Outcome(long hash, Map<String, Long> counters, long received, long now, long instants) {}

    static Outcome run(long seed) {
        Simulation sim = new Simulation(seed, FaultPlan.random(seed, 4, 500 * MS));
        for (int i = 0; i < 4; i++) sim.addNode("n" + i);
        long[] macs = sim.nodes().stream().mapToLong(n -> n.device().mac()).toArray();
        long[] plusBroadcast = java.util.Arrays.copyOf(macs, macs.length + 1);
        plusBroadcast[macs.length] = 0xffff_ffff_ffffL;
        Chatter[] c = new Chatter[4];
        for (int i = 0; i < 4; i++) {
            c[i] = new Chatter(sim.nodes().get(i), SimClock.START_NS + 500 * MS, plusBroadcast);
            sim.nodes().get(i).add(c[i]);
        }
        sim.runFor(500 * MS);
        sim.heal();
        sim.runFor(100 * MS);
        long received = 0;
        for (Chatter x : c) received += x.received;
        assertTrue(received > 100, "traffic flowed: " + received);
        return new Outcome(sim.traceHash(), sim.network().counters(), received, sim.nowNs(), sim.instants());
    }

    @Test
    void sameSeedGivesTheSameRun() {
        for (long seed : List.of(1L, 42L, 0x5eed_0000_0001L)) {
            Outcome a = run(seed), b = run(seed);
            assertEquals(a, b, "seed " + seed);
        }
    }

    @Test
    void differentSeedsGiveDifferentRuns() {
        Set<Long> hashes = new HashSet<>();
        for (long seed = 100; seed < 110; seed++) hashes.add(run(seed).hash());
        assertEquals(10, hashes.size());
    }

    @Test
    void randomPlansAreAFunctionOfTheSeedAndVary() {
        assertEquals(FaultPlan.random(7), FaultPlan.random(7));
        Set<FaultPlan> plans = new HashSet<>();
        boolean sawLoss = false, sawNoLoss = false, sawPartition = false, sawCorrupt = false;
        for (long s = 0; s < 200; s++) {
            FaultPlan p = FaultPlan.random(s, 3, 1_000 * MS);
            plans.add(p);
            sawLoss |= p.lossProb() > 0;
            sawNoLoss |= p.lossProb() == 0;
            sawCorrupt |= p.corruptProb() > 0;
            sawPartition |= !p.partitions().isEmpty();
            assertTrue(p.lossProb() < 0.3 && p.duplicateProb() < 0.2 && p.corruptProb() < 0.2);
            assertEquals(1, p.corruptBitsMax());
            for (FaultPlan.Partition x : p.partitions()) {
                assertTrue(x.a() < 3 && x.b() < 3);
                assertTrue(x.fromNs() >= SimClock.START_NS && x.untilNs() <= SimClock.START_NS + 1_000 * MS);
            }
        }
        assertTrue(sawLoss && sawNoLoss && sawPartition && sawCorrupt);
        assertEquals(200, plans.size());
    }

    @Test
    void nodeEntropyIsSeededAndDistinctPerNode() {
        SimEntropy a = SimEntropy.forNode(1, 0), a2 = SimEntropy.forNode(1, 0), b = SimEntropy.forNode(1, 1), c = SimEntropy.forNode(2, 0);
        long x = a.nextLong();
        assertEquals(x, a2.nextLong());
        assertNotEquals(x, b.nextLong());
        assertNotEquals(x, c.nextLong());
        var seg1 = java.lang.foreign.Arena.ofAuto().allocate(13);
        var seg2 = java.lang.foreign.Arena.ofAuto().allocate(13);
        new SimEntropy(5).fill(seg1);
        new SimEntropy(5).fill(seg2);
        assertEquals(-1, seg1.mismatch(seg2));
        assertNotEquals(0L, seg1.get(java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED, 5), "all 13 bytes filled");
    }
}

package dev.kiln.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each fault of a {@link FaultPlan} does what it says, at the rate it says, on raw frames between test agents. */
class SimNetworkFaultsTest {
    static final long MS = 1_000_000L;
    static final int N = 20_000;

    /** |observed - n p| within 5 standard deviations of a binomial(n, p). */
    static void assertRate(String what, long observed, long n, double p) {
        double mean = n * p;
        double sd = Math.sqrt(n * p * (1 - p));
        assertTrue(Math.abs(observed - mean) <= 5 * sd + 1,
                what + ": observed " + observed + " of " + n + ", expected about " + Math.round(mean) + " (p=" + p + ", sd " + Math.round(sd) + ")");
    }

    record Run(Simulation sim, Blaster sender, Blaster receiver) {}

    static Run oneWay(long seed, FaultPlan plan) {
        Simulation sim = new Simulation(seed, plan);
        SimNode a = sim.addNode("a"), b = sim.addNode("b");
        Blaster rx = new Blaster(b.device(), 0, 0, 0);
        Blaster tx = new Blaster(a.device(), SimClock.START_NS, MS, N, b.device().mac());
        a.add(tx);
        b.add(rx);
        sim.runUntil(SimClock.START_NS + (N + 100) * MS);
        assertEquals(N, tx.sent());
        return new Run(sim, tx, rx);
    }

    @Test
    void perfectNetworkDeliversEverythingOnceInOrderWithFixedLatency() {
        Run r = oneWay(1, FaultPlan.builder().delay(2 * MS, 0).build());
        assertEquals(N, r.receiver.received.size());
        for (int i = 0; i < N; i++) {
            Blaster.Received x = r.receiver.received.get(i);
            assertEquals(i, x.seq());
            assertTrue(x.intact());
            assertEquals(2 * MS, x.atNs() - x.sentNs());
        }
    }

    @Test
    void lossDropsFramesAtThePlannedRate() {
        Run r = oneWay(2, FaultPlan.builder().loss(0.1).build());
        assertRate("lost", N - r.receiver.received.size(), N, 0.1);
        assertEquals(N - r.receiver.received.size(), r.sim.network().counters().get("lost"));
    }

    @Test
    void duplicationDeliversSomeFramesTwice() {
        Run r = oneWay(3, FaultPlan.builder().duplicate(0.05).build());
        Map<Long, Integer> copies = new HashMap<>();
        for (Blaster.Received x : r.receiver.received) copies.merge(x.seq(), 1, Integer::sum);
        assertEquals(N, copies.size(), "every frame arrives at least once");
        long twice = copies.values().stream().filter(c -> c == 2).count();
        assertTrue(copies.values().stream().allMatch(c -> c <= 2));
        assertRate("duplicated", twice, N, 0.05);
    }

    @Test
    void corruptionFlipsBitsThatTheReceiverDetects() {
        Run r = oneWay(4, FaultPlan.builder().corrupt(0.1, 1).corruptScope(FaultPlan.CorruptScope.FRAME).build());
        assertEquals(N, r.receiver.received.size());
        long bad = r.receiver.received.stream().filter(x -> !x.intact()).count();
        assertRate("corrupted", bad, N, 0.1);
        assertEquals(bad, r.sim.network().counters().get("corrupted"));
    }

    @Test
    void multiBitCorruptionFlipsUpToTheMaximum() {
        Simulation sim = new Simulation(5, FaultPlan.builder().corrupt(1.0, 8).corruptScope(FaultPlan.CorruptScope.FRAME).build());
        SimNode a = sim.addNode("a"), b = sim.addNode("b");
        SimNetDevice dev = a.device();
        java.lang.foreign.MemorySegment rx = java.lang.foreign.Arena.ofAuto().allocate(1514);
        int maxFlips = 0, minFlips = 99;
        for (int i = 0; i < 2000; i++) {
            RawFrames.write(dev.txBuffer(), b.device().mac(), dev.mac(), i, 0, 0);
            byte[] orig = dev.txBuffer().asSlice(0, RawFrames.LEN).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            dev.transmit(RawFrames.LEN);
            sim.runFor(MS);
            int len = b.device().receive(rx);
            assertEquals(RawFrames.LEN, len);
            int flips = 0;
            for (int k = 0; k < len; k++) flips += Integer.bitCount((orig[k] ^ rx.get(java.lang.foreign.ValueLayout.JAVA_BYTE, k)) & 0xff);
            maxFlips = Math.max(maxFlips, flips);
            minFlips = Math.min(minFlips, flips);
        }
        assertTrue(minFlips >= 1, "every frame corrupted");
        assertEquals(8, maxFlips, "up to 8 distinct bits flipped");
    }

    @Test
    void ipv4ScopeCorruptsOnlyIpv4PacketsNeverTheEthernetHeader() {
        Simulation sim = new Simulation(12, FaultPlan.builder().corrupt(1.0, 3).build());
        SimNode a = sim.addNode("a"), b = sim.addNode("b");
        java.lang.foreign.MemorySegment rx = java.lang.foreign.Arena.ofAuto().allocate(1514);
        for (int i = 0; i < 1000; i++) {
            boolean ipv4 = i % 2 == 0;
            java.lang.foreign.MemorySegment tx = a.device().txBuffer();
            RawFrames.write(tx, b.device().mac(), a.device().mac(), i, 0, 0);
            tx.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 12, (byte) 0x08);
            tx.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 13, (byte) (ipv4 ? 0x00 : 0x06));
            byte[] orig = tx.asSlice(0, RawFrames.LEN).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            a.device().transmit(RawFrames.LEN);
            sim.runFor(MS);
            assertEquals(RawFrames.LEN, b.device().receive(rx));
            byte[] got = rx.asSlice(0, RawFrames.LEN).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            assertArrayEquals(java.util.Arrays.copyOf(orig, 14), java.util.Arrays.copyOf(got, 14), "Ethernet header intact");
            assertEquals(!ipv4, java.util.Arrays.equals(orig, got), (ipv4 ? "IPv4 corrupted" : "ARP untouched") + " frame " + i);
        }
        assertEquals(500, sim.network().counters().get("corrupted"));
    }

    @Test
    void reorderingLetsLaterFramesOvertakeButConstantDelayKeepsOrder() {
        Run r = oneWay(6, FaultPlan.builder().reorder(0.2, 10 * MS).build());
        long inversions = 0, maxSeen = -1;
        for (Blaster.Received x : r.receiver.received) {
            if (x.seq() < maxSeen) inversions++;
            maxSeen = Math.max(maxSeen, x.seq());
        }
        assertEquals(N, r.receiver.received.size());
        assertRate("reordered", r.sim.network().counters().get("reordered"), N, 0.2);
        // A delayed frame (extra delay uniform in [0, 10 ms]) is overtaken unless its extra delay is below the 1 ms period.
        assertRate("arrived late", inversions, N, 0.2 * 0.9);
        for (Blaster.Received x : r.receiver.received) {
            long d = x.atNs() - x.sentNs();
            assertTrue(d >= 100_000 && d <= 100_000 + 10 * MS, "delay " + d);
        }
    }

    @Test
    void jitterStaysWithinBounds() {
        Run r = oneWay(7, FaultPlan.builder().delay(3 * MS, 2 * MS).build());
        long min = Long.MAX_VALUE, max = 0;
        for (Blaster.Received x : r.receiver.received) {
            long d = x.atNs() - x.sentNs();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min >= 3 * MS && min < 3 * MS + 10_000, "min delay " + min);
        assertTrue(max <= 5 * MS && max > 5 * MS - 10_000, "max delay " + max);
    }

    @Test
    void partitionsCutThePairOrTheNodeDuringTheirWindowOnly() {
        long t0 = SimClock.START_NS;
        FaultPlan plan = FaultPlan.builder()
                .partition(0, 1, t0 + 100 * MS, t0 + 200 * MS)           // a <-/-> b
                .partition(2, FaultPlan.ANY, t0 + 300 * MS, t0 + 400 * MS) // c cut off
                .build();
        Simulation sim = new Simulation(8, plan);
        SimNode a = sim.addNode("a"), b = sim.addNode("b"), c = sim.addNode("c");
        Blaster ta = new Blaster(a.device(), t0, MS, 500, b.device().mac(), c.device().mac());
        Blaster tc = new Blaster(c.device(), t0, MS, 500, a.device().mac());
        Blaster rb = new Blaster(b.device(), 0, 0, 0);
        a.add(ta);
        b.add(rb);
        c.add(tc);
        sim.runUntil(t0 + 600 * MS);
        Set<Long> bGot = new HashSet<>(), cGot = new HashSet<>(), aGot = new HashSet<>();
        rb.received.forEach(x -> bGot.add(x.seq()));
        tc.received.forEach(x -> cGot.add(x.seq()));
        ta.received.forEach(x -> aGot.add(x.seq()));
        for (long s = 0; s < 500; s++) {
            boolean abCut = s >= 100 && s < 200;
            boolean cCut = s >= 300 && s < 400;
            assertEquals(!abCut, bGot.contains(s), "a->b seq " + s);
            assertEquals(!cCut, cGot.contains(s), "a->c seq " + s);
            assertEquals(!cCut, aGot.contains(s), "c->a seq " + s);
        }
        // b never speaks, so the switch floods a's frames for b to c as well: those are cut in c's window too.
        assertEquals(100 /* a-b */ + 100 /* a->c */ + 100 /* a->b flooded to c */ + 100 /* c->a */,
                sim.network().counters().get("partitioned"));
    }

    @Test
    void healEndsFaultsForFramesSentAfterIt() {
        Simulation sim = new Simulation(9, FaultPlan.builder().loss(0.5).corrupt(0.5, 1).duplicate(0.5)
                .partition(0, 1, 0, Long.MAX_VALUE).build());
        SimNode a = sim.addNode("a"), b = sim.addNode("b");
        Blaster tx = new Blaster(a.device(), SimClock.START_NS, MS, 2000, b.device().mac());
        Blaster rx = new Blaster(b.device(), 0, 0, 0);
        a.add(tx);
        b.add(rx);
        sim.runFor(1000 * MS); // includes the instant t0 + 1000 ms: frames 0..1000 are sent before the heal
        assertTrue(rx.received.isEmpty(), "partitioned");
        sim.heal();
        assertTrue(sim.healed());
        sim.runFor(1100 * MS);
        assertEquals(999, rx.received.size());
        assertTrue(rx.received.stream().allMatch(Blaster.Received::intact));
        assertEquals(999, rx.received.stream().map(Blaster.Received::seq).distinct().count());
    }

    @Test
    void learningSwitchStopsFloodingOnceItKnowsTheDestinationButHubFloodsAlways() {
        for (boolean hub : new boolean[] {false, true}) {
            Simulation sim = new Simulation(10, FaultPlan.none());
            sim.network().hub(hub);
            SimNode a = sim.addNode("a"), b = sim.addNode("b"), c = sim.addNode("c");
            Blaster ta = new Blaster(a.device(), SimClock.START_NS, MS, 10, b.device().mac());
            Blaster tb = new Blaster(b.device(), SimClock.START_NS, MS, 10, a.device().mac());
            Blaster rc = new Blaster(c.device(), 0, 0, 0);
            a.add(ta);
            b.add(tb);
            c.add(rc);
            sim.runFor(100 * MS);
            assertEquals(10, ta.received.size());
            assertEquals(10, tb.received.size());
            // a's first frame is flooded before b has spoken; b's first frame already finds a learned.
            assertEquals(hub ? 20 : 1, rc.received.size(), hub ? "hub" : "switch");
        }
    }

    @Test
    void broadcastReachesEveryOtherPort() {
        Simulation sim = new Simulation(11, FaultPlan.none());
        SimNode a = sim.addNode("a");
        Blaster[] rx = new Blaster[3];
        for (int i = 0; i < 3; i++) {
            rx[i] = new Blaster(sim.addNode("r" + i).device(), 0, 0, 0);
            sim.nodes().get(i + 1).add(rx[i]);
        }
        Blaster ta = new Blaster(a.device(), SimClock.START_NS, MS, 5, 0xffff_ffff_ffffL);
        a.add(ta);
        sim.runFor(20 * MS);
        for (Blaster r : rx) assertEquals(5, r.received.size());
        assertTrue(ta.received.isEmpty(), "not back to the sender");
    }
}

package dev.kiln.sim;

import static dev.kiln.sim.SimNetworkFaultsTest.MS;
import static dev.kiln.sim.SimNetworkFaultsTest.N;
import static dev.kiln.sim.SimNetworkFaultsTest.assertRate;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** One-byte corruption, per-direction rates and loss bursts do what {@link FaultPlan} says. */
class SimNetworkNewFaultsTest {

    @Test
    void byteCorruptionChangesExactlyOneByteAfterTheEthernetHeader() {
        Simulation sim = new Simulation(21, FaultPlan.builder().corrupt(1.0, 1).corruptHow(FaultPlan.CorruptHow.BYTE).build());
        SimNode a = sim.addNode("a"), b = sim.addNode("b");
        MemorySegment rx = Arena.ofAuto().allocate(1514);
        for (int i = 0; i < 2000; i++) {
            MemorySegment tx = a.device().txBuffer();
            RawFrames.write(tx, b.device().mac(), a.device().mac(), i, 0, 0);
            tx.set(ValueLayout.JAVA_BYTE, 12, (byte) 0x08);
            tx.set(ValueLayout.JAVA_BYTE, 13, (byte) 0x00); // IPv4, so the default scope corrupts it
            byte[] orig = tx.asSlice(0, RawFrames.LEN).toArray(ValueLayout.JAVA_BYTE);
            a.device().transmit(RawFrames.LEN);
            sim.runFor(MS);
            assertEquals(RawFrames.LEN, b.device().receive(rx));
            int changed = 0, at = -1;
            for (int k = 0; k < RawFrames.LEN; k++) if (orig[k] != rx.get(ValueLayout.JAVA_BYTE, k)) { changed++; at = k; }
            assertEquals(1, changed, "frame " + i + ": one byte changed");
            assertTrue(at >= 14, "never the Ethernet header: byte " + at);
        }
    }

    @Test
    void linkRatesApplyToTheirDirectionOnly() {
        Simulation sim = new Simulation(22, FaultPlan.builder().link(0, 1, 0.3, 0).build());
        SimNode a = sim.addNode("a"), b = sim.addNode("b");
        Blaster ab = new Blaster(a.device(), SimClock.START_NS, MS, N, b.device().mac());
        Blaster ba = new Blaster(b.device(), SimClock.START_NS, MS, N, a.device().mac());
        a.add(ab);
        b.add(ba);
        sim.runUntil(SimClock.START_NS + (N + 100) * MS);
        assertRate("lost a -> b", N - ba.received.size(), N, 0.3);
        assertEquals(N, ab.received.size(), "b -> a untouched");
        assertEquals(0.3, sim.faultPlan().lossProb(0, 1));
        assertEquals(0.0, sim.faultPlan().lossProb(1, 0));
    }

    @Test
    void burstsLoseRunsOfConsecutiveFrames() {
        SimNetworkFaultsTest.Run r = SimNetworkFaultsTest.oneWay(23, FaultPlan.builder().bursts(0.01, 20).build());
        Simulation sim = r.sim();
        Blaster rx = r.receiver();
        long lost = N - rx.received.size(), longestGap = 0, prev = -1;
        for (Blaster.Received x : rx.received) {
            longestGap = Math.max(longestGap, x.seq() - prev - 1);
            prev = x.seq();
        }
        assertEquals(lost, sim.network().counters().get("lostInBursts"));
        // ~N * 0.01 / (1 + 0.01 * 10.5) bursts of mean length 10.5
        assertTrue(lost > N / 20 && lost < N / 5, "lost " + lost);
        assertTrue(longestGap >= 10, "bursts are runs of consecutive frames: longest " + longestGap);
        sim.heal();
        assertEquals(0.0, sim.network().plan().burstProb(), "heal ends bursts");
    }
}

package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The components together: any loss and reordering still delivers the exact stream. */
class LossyTransferTest {
    static LossyTransfer run(LossyTransfer t, int maxTicks) {
        int ticks = 0;
        while (t.tick()) assertTrue(++ticks < maxTicks, "stalled: " + t);
        return t;
    }

    @Property(tries = 40)
    void streamArrivesExactlyDespiteLossAndReordering(@ForAll long seed, @ForAll int isn, @ForAll boolean cubic,
            @ForAll boolean sack, @ForAll @IntRange(min = 0, max = 150) int lossPermille) {
        CongestionControl cc = cubic ? new Cubic(LossyTransfer.MSS) : new NewReno(LossyTransfer.MSS);
        var t = new LossyTransfer(cc, 400_000, lossPermille, seed, isn);
        t.sack = sack;
        run(t, 200_000);
        assertEquals(0, t.corrupt, "bytes delivered out of order or wrong");
        assertEquals(400_000, t.delivered);
        assertEquals(0, t.tx.inFlight());
        assertEquals(0, t.budget.usedBytes(), "every byte returned to the global budget");
    }

    @Test
    void losslessInOrderTransferNeverRecoversOrTimesOut() {
        var t = new LossyTransfer(new Cubic(LossyTransfer.MSS), 2_000_000, 0, 1, 0);
        t.reorderPercent = 0;
        run(t, 10_000);
        assertEquals(0, t.timeouts);
        assertEquals(0, t.recoveries);
        assertEquals(0, t.corrupt);
    }

    @Test
    void sackRecoveryRepairsMostLossesWithoutTimeouts() {
        var t = run(new LossyTransfer(new Cubic(LossyTransfer.MSS), 5_000_000, 10, 42, -77_000), 100_000);
        assertEquals(0, t.corrupt);
        assertTrue(t.recoveries > 5, "recoveries " + t.recoveries);
        assertTrue(t.timeouts < t.recoveries, "timeouts " + t.timeouts + " recoveries " + t.recoveries);
    }

    @Test
    void newRenoWithoutSackRepairsLossesByFastRetransmit() {
        var t = new LossyTransfer(new NewReno(LossyTransfer.MSS), 5_000_000, 5, 3, 1 << 31);
        t.sack = false;
        t.reorderPercent = 0;
        run(t, 200_000);
        assertEquals(0, t.corrupt);
        assertTrue(t.recoveries > 5, "fast retransmits " + t.recoveries);
        assertTrue(t.timeouts < t.recoveries, "timeouts " + t.timeouts + "; partial ACKs should repair multiple losses");
    }

    /** No allocation per segment in any component, measured over the steady state of a transfer. */
    @Test
    void perSegmentPathsDoNotAllocate() {
        var t = new LossyTransfer(new Cubic(LossyTransfer.MSS), Integer.MAX_VALUE, 10, 7, 12345);
        for (int i = 0; i < 3000; i++) t.tick(); // warm-up
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        int before = t.delivered;
        long allocatedBefore = mx.getThreadAllocatedBytes(tid);
        for (int i = 0; i < 1000; i++) t.tick();
        long allocated = mx.getThreadAllocatedBytes(tid) - allocatedBefore;
        int segments = (t.delivered - before) / LossyTransfer.MSS;
        System.out.printf("tcp algorithms over a lossy link: %d bytes allocated over %d segments%n", allocated, segments);
        assertTrue(segments > 5_000, "segments " + segments);
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes over " + segments + " segments");
        assertEquals(0, t.corrupt);
    }
}

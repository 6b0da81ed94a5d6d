package dev.kiln.sim;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** No queue in the simulator grows without bound, and overflow is counted. */
class BoundedQueuesTest {
    static final long MS = 1_000_000L;

    @Test
    void aReceiverThatDoesNotReadLosesFramesBeyondItsQueue() {
        Simulation sim = new Simulation(1, FaultPlan.none());
        SimNode a = sim.addNode("a"), b = sim.addNode("b");
        Blaster tx = new Blaster(a.device(), SimClock.START_NS, 10_000, 1000, b.device().mac());
        Blaster rx = new Blaster(b.device(), 0, 0, 0);
        rx.read = false;
        a.add(tx);
        b.add(rx);
        sim.runFor(100 * MS);
        SimNetDevice d = b.device();
        assertEquals(SimNetwork.RX_QUEUE_MAX_DEFAULT, d.rxPending());
        assertEquals(SimNetwork.RX_QUEUE_MAX_DEFAULT, d.rxQueueHighWater());
        assertEquals(1000 - SimNetwork.RX_QUEUE_MAX_DEFAULT, d.counters().get("rxDroppedQueueFull"));
        assertEquals(1000 - SimNetwork.RX_QUEUE_MAX_DEFAULT, sim.network().counters().get("rxQueueFull"));
        rx.read = true;
        b.wake();
        sim.runFor(MS);
        assertEquals(SimNetwork.RX_QUEUE_MAX_DEFAULT, rx.received.size());
        assertEquals(0, d.rxPending());
    }

    @Test
    void tooManyFramesInFlightFailsTheRun() {
        Simulation sim = new Simulation(2, FaultPlan.builder().delay(1_000 * MS, 0).build()).inFlightMax(100);
        SimNode a = sim.addNode("a"), b = sim.addNode("b");
        a.add(new Blaster(a.device(), SimClock.START_NS, MS, 1000, b.device().mac()));
        b.add(new Blaster(b.device(), 0, 0, 0));
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(500 * MS));
        assertTrue(f.getMessage().contains("unbounded queue: 101 frames in flight"), f.getMessage());
    }

    @Test
    void deviceRejectsFramesOfBadLengthAndWhenClosed() {
        Simulation sim = new Simulation(3, FaultPlan.none());
        SimNetDevice d = sim.addNode("a").device();
        sim.addNode("b");
        assertEquals(1514, d.txBuffer().byteSize());
        assertFalse(d.transmit(13));
        assertFalse(d.transmit(1515));
        assertTrue(d.transmit(60));
        assertEquals(2, d.counters().get("txDroppedBadLength"));
        d.close();
        assertFalse(d.transmit(60));
        assertEquals(1, d.counters().get("txDroppedClosed"));
    }

    @Test
    void smallReceiveBufferIsACallerBug() {
        Simulation sim = new Simulation(4, FaultPlan.none());
        SimNetDevice a = sim.addNode("a").device(), b = sim.addNode("b").device();
        RawFrames.write(a.txBuffer(), b.mac(), a.mac(), 0, 0, 0);
        a.transmit(100);
        sim.runFor(MS);
        assertEquals(1, b.rxPending());
        assertThrows(IllegalArgumentException.class, () -> b.receive(java.lang.foreign.Arena.ofAuto().allocate(64)));
    }
}

package dev.kiln.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A failing run leaves its last frames as a pcap and says so, with a replay line that captures every frame. */
class FailurePcapTest {
    @Test
    void aFailureWritesTheLastFramesAndAOneLineReplay() throws Exception {
        long seed = 515151;
        Simulation sim = new Simulation(seed, FaultPlan.none());
        SimNode a = sim.addNode("a"), b = sim.addNode("b");
        Blaster tx = new Blaster(a.device(), SimClock.START_NS, 1_000_000L, 10, b.device().mac());
        Blaster rx = new Blaster(b.device(), 0, 0, 0);
        a.add(tx);
        b.add(rx);
        sim.invariant("fewer than 5 frames", () -> rx.received.size() < 5 ? null : rx.received.size() + " frames arrived");
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(100_000_000L));
        String m = f.getMessage();
        assertTrue(m.contains("replay: mvn -B -pl sim -am test -Dtest=FailurePcapTest -Dkiln.sim.seed=515151 -Dsurefire.failIfNoSpecifiedTests=false -Dkiln.sim.pcap=target/sim-pcap"), m);
        Path pcap = Path.of("target", "sim-pcap", "sim-FailurePcapTest-515151-tail.pcap");
        assertTrue(m.contains(pcap.toAbsolutePath().toString()), m);
        ByteBuffer bb = ByteBuffer.wrap(Files.readAllBytes(pcap)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa1b23c4d, bb.getInt(0), "nanosecond pcap");
        assertEquals(24 + 5 * (16 + RawFrames.LEN), bb.capacity(), "the header and the 5 frames delivered");
    }
}

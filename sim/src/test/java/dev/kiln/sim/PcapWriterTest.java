package dev.kiln.sim;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delivered frames can be captured as pcap, stamped with virtual wall time. */
class PcapWriterTest {
    static final long MS = 1_000_000L;

    @Test
    void everyDeliveredFrameIsRecordedWithItsVirtualTime(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("x.pcap");
        Simulation sim = new Simulation(1, FaultPlan.builder().delay(2 * MS, 0).loss(0.5).build());
        SimNode a = sim.addNode("a"), b = sim.addNode("b");
        Blaster rx = new Blaster(b.device(), 0, 0, 0);
        a.add(new Blaster(a.device(), SimClock.START_NS, MS, 100, b.device().mac()));
        b.add(rx);
        try (PcapWriter w = new PcapWriter(file)) {
            sim.network().capture(w);
            sim.runFor(200 * MS);
        }
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0xa1b23c4d, buf.getInt(0));
        assertEquals(1, buf.getInt(20), "Ethernet");
        int pos = 24, records = 0;
        while (pos < buf.limit()) {
            long wall = buf.getInt(pos) * 1_000_000_000L + buf.getInt(pos + 4);
            int len = buf.getInt(pos + 8);
            assertEquals(RawFrames.LEN, len);
            Blaster.Received r = rx.received.get(records);
            assertEquals(SimClock.WALL_AT_START_NS + (r.atNs() - SimClock.START_NS), wall);
            pos += 16 + len;
            records++;
        }
        assertEquals(rx.received.size(), records);
        assertTrue(records > 20 && records < 80, "about half lost: " + records);
    }
}

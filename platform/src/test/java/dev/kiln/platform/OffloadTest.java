package dev.kiln.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Offload bits, FrameMeta, and the NetDevice defaults a device without offloads relies on. */
class OffloadTest {
    @Test
    void namesAndProblems() {
        assertEquals("none", Offload.names(0));
        assertEquals("tx-csum,tx-tso4,rx-csum,rx-gso4", Offload.names(Offload.ALL));
        assertNull(Offload.problem(Offload.ALL));
        assertNull(Offload.problem(Offload.TX_CSUM));
        assertEquals("tx-tso4 needs tx-csum; add Offload.TX_CSUM", Offload.problem(Offload.TX_TSO4));
        assertEquals("rx-gso4 needs rx-csum; add Offload.RX_CSUM", Offload.problem(Offload.RX_GSO4));
        assertTrue(Offload.problem(0x100).startsWith("unknown offload bits 0x100"));
    }

    @Test
    void frameMetaBuildsAndClears() {
        FrameMeta m = new FrameMeta();
        assertTrue(m.isPlain());
        m.partialChecksum(34, 16).tcp4Segmentation(1460, 54);
        assertFalse(m.isPlain());
        assertTrue(m.needsChecksum() && m.isGso() && !m.checksumValid());
        assertEquals(FrameMeta.GSO_TCPV4, m.gsoType());
        assertEquals(1460, m.gsoSize());
        assertEquals(54, m.headerBytes());
        assertEquals(34, m.csumStart());
        assertEquals(16, m.csumOffset());
        assertTrue(m.clear().isPlain());
        assertEquals(0, m.csumStart());
        assertTrue(m.set(FrameMeta.F_CSUM_VALID, 0, 0, 0, 0, 0).checksumValid());
    }

    /** A device that implements only the plain methods, as SimNetDevice and the stack's test devices do. */
    static final class PlainDevice implements NetDevice {
        final MemorySegment tx = Arena.ofAuto().allocate(1514);
        int sent = -1;

        @Override public long mac() { return 0x020000000001L; }
        @Override public int mtu() { return 1500; }
        @Override public int receive(MemorySegment rx) { return 60; }
        @Override public MemorySegment txBuffer() { return tx; }
        @Override public boolean transmit(int len) { sent = len; return true; }
    }

    @Test
    void plainDeviceDefaults() {
        PlainDevice d = new PlainDevice();
        assertEquals(0, d.offloads());
        assertEquals(1514, d.maxFrameBytes());
        FrameMeta m = new FrameMeta().partialChecksum(34, 16);
        assertEquals(60, d.receive(Arena.ofAuto().allocate(1514), m));
        assertTrue(m.isPlain(), "the default receive reports a plain frame");
        assertTrue(d.transmit(60, m));
        assertEquals(60, d.sent);
        var e = assertThrows(IllegalArgumentException.class, () -> d.transmit(60, new FrameMeta().partialChecksum(34, 16)));
        assertTrue(e.getMessage().contains("no offloads"), e.getMessage());
    }
}

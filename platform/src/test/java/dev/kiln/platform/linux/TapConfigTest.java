package dev.kiln.platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.platform.PlatformException;
import org.junit.jupiter.api.Test;

class TapConfigTest {
    static final long MAC = 0x02005e005301L;

    @Test
    void defaults() {
        TapConfig c = TapConfig.of("kiln0", MAC);
        assertEquals("kiln0", c.name());
        assertNull(c.netns());
        assertEquals(1500, c.mtu());
        assertEquals("ns1", c.withNetns("ns1").netns());
        assertEquals(9000, c.withMtu(9000).mtu());
    }

    @Test
    void offloadsAreOffByDefaultAndChecked() {
        TapConfig c = TapConfig.of("kiln0", MAC);
        assertEquals(0, c.offloads());
        assertEquals(0, new TapConfig("kiln0", null, MAC, 1500).offloads());
        TapConfig on = c.withOffloads(dev.kiln.platform.Offload.ALL).withMtu(9000).withNetns("n");
        assertEquals(dev.kiln.platform.Offload.ALL, on.offloads(), "kept by the other withers");
        var e = assertThrows(PlatformException.class, () -> c.withOffloads(dev.kiln.platform.Offload.TX_TSO4));
        assertEquals("TAP offloads: tx-tso4 needs tx-csum; add Offload.TX_CSUM", e.getMessage());
    }

    @Test
    void nameTooLongSaysTheLimit() {
        var e = assertThrows(PlatformException.class, () -> TapConfig.of("kiln-much-too-long", MAC));
        assertTrue(e.getMessage().contains("too long") && e.getMessage().contains("15 bytes"), e.getMessage());
        TapConfig.of("a23456789012345", MAC); // exactly 15 is fine
    }

    @Test
    void badNamesRejected() {
        for (String bad : new String[] {"", "a/b", "a:b", "a b", ".", "..", "t\u00e4p"}) {
            assertThrows(PlatformException.class, () -> TapConfig.of(bad, MAC), bad);
        }
        assertThrows(PlatformException.class, () -> TapConfig.of(null, MAC));
    }

    @Test
    void badNetnsRejected() {
        for (String bad : new String[] {"", "../x", "a/b", "..", "a b"}) {
            var e = assertThrows(PlatformException.class, () -> TapConfig.of("kiln0", MAC).withNetns(bad), bad);
            assertTrue(e.getMessage().contains("ip netns add"), e.getMessage());
        }
    }

    @Test
    void multicastMacRejectedWithASuggestion() {
        var e = assertThrows(PlatformException.class, () -> TapConfig.of("kiln0", 0x01005e000001L));
        assertTrue(e.getMessage().contains("not a unicast") && e.getMessage().contains("02:00:5e:00:00:01"), e.getMessage());
        assertThrows(PlatformException.class, () -> TapConfig.of("kiln0", 0));
        assertThrows(PlatformException.class, () -> TapConfig.of("kiln0", -1L));
    }

    @Test
    void mtuLimits() {
        assertThrows(PlatformException.class, () -> TapConfig.of("kiln0", MAC).withMtu(67));
        assertThrows(PlatformException.class, () -> TapConfig.of("kiln0", MAC).withMtu(TapDevice.BUFFER_BYTES - 13));
        assertEquals(TapDevice.BUFFER_BYTES - 14, TapConfig.of("kiln0", MAC).withMtu(TapConfig.MTU_MAX).mtu());
    }
}

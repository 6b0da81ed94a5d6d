package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.Ipv4;
import org.junit.jupiter.api.Test;

class StackConfigTest {
    @Test
    void defaultsAreTheDocumentedOnes() {
        StackConfig c = StackConfig.builder("192.0.2.2/24").build();
        assertEquals(Ipv4.parse("192.0.2.2"), c.ipv4Address());
        assertEquals(24, c.prefixLen());
        assertEquals(0, c.gateway());
        assertEquals(256, c.arpCacheEntriesMax());
        assertEquals(60_000_000_000L, c.arpEntryTtlNs());
        assertEquals(3, c.arpRequestRetriesMax());
        assertEquals(1_000_000_000L, c.arpRetryIntervalNs());
        assertEquals(64, c.arpPendingPacketsMax());
        assertEquals(256 * 1024, c.reassemblyBytesMax());
        assertEquals(16, c.reassemblyDatagramsMax());
        assertEquals(64, c.reassemblyFragmentsMax());
        assertEquals(30_000_000_000L, c.reassemblyTimeoutNs());
        assertEquals(100, c.icmpErrorsPerSecondMax());
        assertEquals(64, c.udpSocketsMax());
        assertEquals(256, c.rxBatchMax());
        assertEquals(64, c.ttl());
        assertEquals(0xFFFFFF00, c.netmask());
    }

    @Test
    void badFieldsAreNamedWithWhatToDo() {
        assertMessage("prefixLen = 33", () -> StackConfig.builder("192.0.2.2/33").build());
        assertMessage("network or broadcast", () -> StackConfig.builder("192.0.2.255/24").build());
        assertMessage("not on-link", () -> StackConfig.builder("192.0.2.2/24").gateway("198.51.100.1").build());
        assertMessage("arpPendingPacketsMax = 0", () -> StackConfig.builder("192.0.2.2/24").arpPendingPacketsMax(0).build());
        assertMessage("rxBatchMax = -1", () -> StackConfig.builder("192.0.2.2/24").rxBatchMax(-1).build());
        assertMessage("needs a prefix length", () -> StackConfig.builder("192.0.2.2").build());
        assertMessage("not a usable unicast", () -> StackConfig.builder("224.0.0.1/4").build());
    }

    @Test
    void deviceWithTinyMtuIsRefused() {
        assertMessage("MTU 100", () -> KilnStack.create(new QueueNetDevice(Frames.OUR_MAC, 100), StackConfig.builder("192.0.2.2/24").build(), new SeededEntropy(1)));
        assertMessage("not a unicast MAC", () -> KilnStack.create(new QueueNetDevice(0xFFFF_FFFF_FFFFL, 1500), StackConfig.builder("192.0.2.2/24").build(), new SeededEntropy(1)));
    }

    static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}

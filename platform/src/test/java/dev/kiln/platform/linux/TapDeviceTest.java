package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.platform.MacAddress;
import dev.kiln.platform.PlatformException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real TAP devices inside a throw-away network namespace (192.0.2.0/24 only). */
class TapDeviceTest {
    static final ValueLayout.OfShort BE_U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final long MAC = MacAddress.localUnicast(0x5e00_5301L);
    static final long DEADLINE_NS = 10_000_000_000L;
    static Netns ns;

    @BeforeAll
    static void namespace() {
        String why = Netns.unavailableReason();
        assumeTrue(why == null, () -> "TAP tests skipped: " + why);
        ns = Netns.create();
    }

    @AfterAll
    static void deleteNamespace() {
        if (ns != null) ns.close();
    }

    TapConfig config(String dev) {
        return TapConfig.of(dev, MAC).withNetns(ns.name);
    }

    @Test
    void kernelAnswersAnArpRequestSentByHand() throws Exception {
        Path selfNs = Path.of("/proc/thread-self/ns/net");
        Path before = Files.readSymbolicLink(selfNs);
        try (TapDevice tap = TapDevice.open(config("kt-arp"));
                EpollReadiness ready = EpollReadiness.open();
                Arena arena = Arena.ofConfined()) {
            assertEquals(before, Files.readSymbolicLink(selfNs), "the caller's thread stays in its namespace");
            assertEquals("kt-arp", tap.name());
            assertTrue(ns.linkExists("kt-arp"), "device created inside the namespace");
            ns.ipIn("addr", "add", "192.0.2.1/24", "dev", "kt-arp");
            ns.ipIn("link", "set", "kt-arp", "up");
            long kernelMac = ns.macOf("kt-arp");
            ready.add(tap.fd());

            MemorySegment tx = tap.txBuffer();
            assertEquals(1514, tx.byteSize());
            int len = writeArpRequest(tx, MAC, 0xC0000202 /* 192.0.2.2 */, 0xC0000201 /* 192.0.2.1 */);
            assertTrue(tap.transmit(len), "kernel took the ARP request");

            MemorySegment rx = arena.allocate(tap.mtu() + 14);
            long deadline = System.nanoTime() + DEADLINE_NS;
            int n;
            while (!isArpReply(rx, n = tap.receive(rx))) {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0, "no ARP reply from the kernel within 10 s; counters " + tap.counters());
                if (n == 0) ready.await(left);
            }
            assertEquals(42, n, "ARP reply over Ethernet, no padding from a TAP");
            assertEquals(MAC, mac(rx, 0), "to us");
            assertEquals(kernelMac, mac(rx, 6), "from the kernel's side of the TAP");
            assertEquals(1, u16(rx, 14), "htype Ethernet");
            assertEquals(0x0800, u16(rx, 16), "ptype IPv4");
            assertEquals(6, rx.get(JAVA_BYTE, 18));
            assertEquals(4, rx.get(JAVA_BYTE, 19));
            assertEquals(2, u16(rx, 20), "op reply");
            assertEquals(kernelMac, mac(rx, 22), "sender hardware address");
            assertEquals(0xC0000201, ipv4(rx, 28), "sender 192.0.2.1");
            assertEquals(MAC, mac(rx, 32), "target hardware address is ours");
            assertEquals(0xC0000202, ipv4(rx, 38), "target 192.0.2.2");

            var c = tap.counters();
            assertEquals(1L, c.get("txFrames"));
            assertEquals((long) len, c.get("txBytes"));
            assertTrue(c.get("rxFrames") >= 1 && c.get("rxBytes") >= 42, c.toString());
            assertEquals(0L, c.get("txDrops"));
        }
        assertFalse(ns.linkExists("kt-arp"), "a TAP created by open() disappears with its descriptor");
    }

    @Test
    void noAllocationPerFrame() {
        try (TapDevice tap = TapDevice.open(config("kt-alloc"));
                EpollReadiness ready = EpollReadiness.open();
                Arena arena = Arena.ofConfined()) {
            ns.ipIn("addr", "add", "192.0.2.1/24", "dev", "kt-alloc");
            ns.ipIn("link", "set", "kt-alloc", "up");
            ready.add(tap.fd());
            MemorySegment rx = arena.allocate(tap.mtu() + 14);
            assertExchangesDoNotAllocate(tap, ready, rx);
        }
    }

    /** ARP request/reply pairs through {@code tap} (link up, 192.0.2.1 on the kernel side) allocate nothing. */
    static void assertExchangesDoNotAllocate(TapDevice tap, EpollReadiness ready, MemorySegment rx) {
        int len = writeArpRequest(tap.txBuffer(), MAC, 0xC0000202, 0xC0000201);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        // The interpreter allocates a little per FFM call; once the JIT has compiled the
        // path (C1 or C2) a request/reply pair must allocate nothing. Batches until then.
        int frames = 1000;
        long allocated = Long.MAX_VALUE;
        for (int batch = 0; batch < 40 && allocated >= frames; batch++) {
            long before = threads.getThreadAllocatedBytes(tid);
            exchange(tap, ready, rx, len, frames);
            allocated = threads.getThreadAllocatedBytes(tid) - before;
        }
        assertTrue(allocated < frames, "still allocating " + allocated + " bytes per " + frames + " request/reply pairs");
    }

    @Test
    void gatedDeviceSkipsReadsAfterEagainUntilEpollReportsIt() {
        try (TapDevice tap = TapDevice.open(config("kt-gate"));
                EpollReadiness ready = EpollReadiness.open();
                Arena arena = Arena.ofConfined()) {
            ns.ipIn("addr", "add", "192.0.2.1/24", "dev", "kt-gate");
            ns.ipIn("link", "set", "kt-gate", "up");
            ready.add(tap.fd());
            tap.gateOnReadiness(true);
            MemorySegment rx = arena.allocate(tap.mtu() + 14);
            long deadline = System.nanoTime() + DEADLINE_NS;
            while (tap.receive(rx) > 0) { // drain whatever the kernel sent on link-up, until EAGAIN
                assertTrue(System.nanoTime() < deadline, "the queue never ran dry");
            }
            int len = writeArpRequest(tap.txBuffer(), MAC, 0xC0000202, 0xC0000201);
            assertTrue(tap.transmit(len));
            // wait, without reading, until the reply is queued: epoll reports the descriptor
            boolean seen = false;
            while (!seen) {
                long left = deadline - System.nanoTime();
                assertTrue(left > 0, "no ARP reply queued within 10 s");
                int n = ready.poll(left);
                for (int i = 0; i < n; i++) seen |= ready.readyFd(i) == tap.fd();
            }
            long rxBefore = tap.counters().get("rxFrames");
            assertEquals(0, tap.receive(rx), "gated after EAGAIN: no read until readable()");
            assertEquals(rxBefore, tap.counters().get("rxFrames"));
            tap.readable();
            int n = tap.receive(rx);
            assertTrue(n > 0, "the queued frame is read once readable() was called");
            while (!isArpReply(rx, n)) { // the kernel may have queued other frames (IPv6) first
                if (n == 0) {
                    long left = deadline - System.nanoTime();
                    assertTrue(left > 0, "no ARP reply within 10 s");
                    int r = ready.poll(left);
                    for (int i = 0; i < r; i++) if (ready.readyFd(i) == tap.fd()) tap.readable();
                }
                n = tap.receive(rx);
            }
            tap.gateOnReadiness(false);
            assertEquals(0, tap.receive(rx), "ungated: reads (EAGAIN) and returns 0");
            assertEquals(0, tap.receive(rx), "ungated: every call reads again");
        }
    }

    /** Sends {@code n} ARP requests, each followed by draining until its reply arrives. */
    private static void exchange(TapDevice tap, EpollReadiness ready, MemorySegment rx, int len, int n) {
        long deadline = System.nanoTime() + 4 * DEADLINE_NS;
        for (int i = 0; i < n; i++) {
            while (!tap.transmit(len)) {
                if (System.nanoTime() > deadline) throw new AssertionError("transmit kept failing");
            }
            ready.poll(0); // the loop's epoll_wait is on the measured path too
            int got;
            while (!isArpReply(rx, got = tap.receive(rx))) {
                if (System.nanoTime() > deadline) throw new AssertionError("reply " + i + " missing");
                if (got == 0) ready.await(1_000_000_000L);
            }
        }
    }

    @Test
    void receiveReturnsZeroWhenNothingWaits() {
        try (TapDevice tap = TapDevice.open(config("kt-idle")); Arena arena = Arena.ofConfined()) {
            MemorySegment rx = arena.allocate(TapDevice.BUFFER_BYTES);
            assertEquals(0, tap.receive(rx), "link down: nothing to read, never blocks");
            assertThrows(IllegalArgumentException.class, () -> tap.receive(arena.allocate(100)));
            assertThrows(IllegalArgumentException.class, () -> tap.transmit(13));
            assertThrows(IllegalArgumentException.class, () -> tap.transmit(1515));
            // Link down: the kernel refuses the write; that is a counted drop, not an exception.
            assertFalse(tap.transmit(60));
            assertEquals(1L, tap.counters().get("txDrops"));
        }
    }

    @Test
    void attachesToAnExistingPersistentTap() {
        ns.ipIn("tuntap", "add", "dev", "kt-pers", "mode", "tap");
        try {
            try (TapDevice tap = TapDevice.open(config("kt-pers"))) {
                assertEquals("kt-pers", tap.name());
                assertTrue(tap.fd() >= 0);
                String show = ns.ipIn("-o", "link", "show", "dev", "kt-pers");
                assertFalse(show.contains("NO-CARRIER") && show.contains(",UP"), show);
            }
            assertTrue(ns.linkExists("kt-pers"), "a persistent TAP outlives the descriptor");
            try (TapDevice again = TapDevice.open(config("kt-pers"))) {
                assertEquals("kt-pers", again.name(), "re-attach after close");
            }
        } finally {
            ns.ipIn("tuntap", "del", "dev", "kt-pers", "mode", "tap");
        }
    }

    @Test
    void busyDeviceSaysWhatToDo() {
        try (TapDevice first = TapDevice.open(config("kt-busy"))) {
            var e = assertThrows(PlatformException.class, () -> TapDevice.open(config("kt-busy")));
            assertEquals("TAP device kt-busy is in use by another process; stop it or choose another --tap name"
                    + " (EBUSY (Device or resource busy))", e.getMessage());
            assertNotNull(first);
        }
    }

    @Test
    void tunDeviceOfTheSameNameIsNotATap() {
        ns.ipIn("tuntap", "add", "dev", "kt-tun", "mode", "tun");
        try {
            var e = assertThrows(PlatformException.class, () -> TapDevice.open(config("kt-tun")));
            assertTrue(e.getMessage().contains("EINVAL") && e.getMessage().contains("not a TAP device")
                    && e.getMessage().contains("ip link del kt-tun"), e.getMessage());
        } finally {
            ns.ipIn("tuntap", "del", "dev", "kt-tun", "mode", "tun");
        }
    }

    @Test
    void missingNamespaceSaysHowToCreateIt() throws Exception {
        Path selfNs = Path.of("/proc/thread-self/ns/net");
        Path before = Files.readSymbolicLink(selfNs);
        String missing = ns.name + "-gone";
        var e = assertThrows(PlatformException.class, () -> TapDevice.open(TapConfig.of("kt-x", MAC).withNetns(missing)));
        assertEquals("network namespace " + missing + " does not exist (no /var/run/netns/" + missing
                + "); create it with `ip netns add " + missing + "` or let kiln create one", e.getMessage());
        assertEquals(before, Files.readSymbolicLink(selfNs));
    }

    @Test
    void percentDNamesAreNumberedByTheKernel() {
        try (TapDevice tap = TapDevice.open(config("kt%d"))) {
            assertTrue(tap.name().matches("kt[0-9]+"), tap.name());
            assertTrue(ns.linkExists(tap.name()));
        }
    }

    @Test
    void deviceDeletedUnderUsIsReported() {
        try (TapDevice tap = TapDevice.open(config("kt-gone")); EpollReadiness ready = EpollReadiness.open();
                Arena arena = Arena.ofConfined()) {
            ready.add(tap.fd());
            ns.ipIn("link", "del", "kt-gone");
            assertEquals(1, ready.poll(5_000_000_000L), "a detached TAP descriptor reports an error event");
            var e = assertThrows(PlatformException.class, () -> tap.receive(arena.allocate(TapDevice.BUFFER_BYTES)));
            assertTrue(e.getMessage().contains("went away"), e.getMessage());
            var e2 = assertThrows(PlatformException.class, () -> tap.transmit(60));
            assertTrue(e2.getMessage().contains("went away"), e2.getMessage());
        }
    }

    @Test
    void closeIsIdempotentAndFinal() {
        TapDevice tap = TapDevice.open(config("kt-close"));
        tap.close();
        tap.close();
        assertThrows(IllegalStateException.class, () -> tap.transmit(60));
    }

    /** who-has TPA tell SPA, from {@code src}, broadcast; returns the frame length (42). */
    static int writeArpRequest(MemorySegment f, long src, int spa, int tpa) {
        putMac(f, 0, MacAddress.MASK); // broadcast
        putMac(f, 6, src);
        f.set(BE_U16, 12, (short) 0x0806);
        f.set(BE_U16, 14, (short) 1); // htype Ethernet
        f.set(BE_U16, 16, (short) 0x0800); // ptype IPv4
        f.set(JAVA_BYTE, 18, (byte) 6);
        f.set(JAVA_BYTE, 19, (byte) 4);
        f.set(BE_U16, 20, (short) 1); // request
        putMac(f, 22, src);
        f.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 28, spa);
        putMac(f, 32, 0);
        f.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 38, tpa);
        return 42;
    }

    static boolean isArpReply(MemorySegment f, int len) {
        return len >= 42 && u16(f, 12) == 0x0806 && u16(f, 20) == 2;
    }

    static void putMac(MemorySegment f, long off, long mac) {
        for (int i = 0; i < 6; i++) f.set(JAVA_BYTE, off + i, (byte) (mac >>> (40 - 8 * i)));
    }

    static long mac(MemorySegment f, long off) {
        long m = 0;
        for (int i = 0; i < 6; i++) m = (m << 8) | (f.get(JAVA_BYTE, off + i) & 0xFF);
        return m;
    }

    static int u16(MemorySegment f, long off) {
        return Short.toUnsignedInt(f.get(BE_U16, off));
    }

    static int ipv4(MemorySegment f, long off) {
        return f.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), off);
    }
}

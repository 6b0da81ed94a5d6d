package dev.kiln.platform.linux;

import static dev.kiln.platform.linux.Tcp4Frames.ACK;
import static dev.kiln.platform.linux.Tcp4Frames.IP;
import static dev.kiln.platform.linux.Tcp4Frames.PSH;
import static dev.kiln.platform.linux.Tcp4Frames.RST;
import static dev.kiln.platform.linux.Tcp4Frames.SYN;
import static dev.kiln.platform.linux.Tcp4Frames.dport;
import static dev.kiln.platform.linux.Tcp4Frames.flags;
import static dev.kiln.platform.linux.Tcp4Frames.payloadAt;
import static dev.kiln.platform.linux.Tcp4Frames.payloadLen;
import static dev.kiln.platform.linux.Tcp4Frames.seq;
import static dev.kiln.platform.linux.Tcp4Frames.sport;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.platform.FrameMeta;
import dev.kiln.platform.FramePieces;
import dev.kiln.platform.MacAddress;
import dev.kiln.platform.Offload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TAP offloads against the real kernel. Namespace A holds the TAP devices and forwards
 * 192.0.2.0/24 ⇄ 198.51.100.0/24 over a veth pair to namespace B, the observer; A's veth end has
 * segmentation and checksum offload turned off, so a super-frame we hand A leaves it as real
 * segments with real checksums, which B sees on the wire (an AF_PACKET socket) and its own TCP
 * verifies (its /proc/net/snmp counters).
 */
class TapOffloadTest {
    static final long MAC = TapDeviceTest.MAC;
    static final int US = 0xC0000202, PEER = 0xC6336402; // 192.0.2.2, 198.51.100.2
    static final int RX_US = 0xCB007102, RX_KERNEL = 0xCB007101; // 203.0.113.2, 203.0.113.1
    static final int MSS = 1460, SEGMENTS = 45, PAYLOAD = (SEGMENTS - 1) * MSS + 100;
    static final long DEADLINE_NS = 10_000_000_000L;
    static Netns a, b;

    @BeforeAll
    static void namespaces() {
        String why = Netns.unavailableReason();
        assumeTrue(why == null, () -> "TAP offload tests skipped: " + why);
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ethtool")) || Files.isExecutable(Path.of("/sbin/ethtool")),
                "TAP offload tests skipped: needs ethtool (apt-get install ethtool) to read and set offloads");
        a = Netns.create();
        b = Netns.create();
        a.ipIn("link", "add", "ko-va", "type", "veth", "peer", "name", "ko-vb", "netns", b.name);
        a.ipIn("addr", "add", "198.51.100.1/24", "dev", "ko-va");
        a.ipIn("link", "set", "ko-va", "up");
        a.exec("ethtool", "-K", "ko-va", "tso", "off", "gso", "off", "tx", "off");
        a.exec("sysctl", "-qw", "net.ipv4.ip_forward=1");
        b.ipIn("addr", "add", "198.51.100.2/24", "dev", "ko-vb");
        b.ipIn("link", "set", "ko-vb", "up");
        b.ipIn("route", "add", "192.0.2.0/24", "via", "198.51.100.1");
        b.exec("ethtool", "-K", "ko-vb", "gro", "off");
    }

    @AfterAll
    static void deleteNamespaces() {
        if (a != null) a.close();
        if (b != null) b.close();
    }

    static TapConfig config(String dev) {
        return TapConfig.of(dev, MAC).withNetns(a.name);
    }

    @Test
    void kernelAcceptsTheOffloads() {
        try (TapDevice tap = TapDevice.open(config("ko-on").withOffloads(Offload.ALL)); Arena arena = Arena.ofConfined()) {
            assertEquals(Offload.ALL, tap.offloads(), tap.offloadStatus());
            assertEquals(TapDevice.SUPER_FRAME_BYTES, tap.maxFrameBytes());
            assertEquals(TapDevice.SUPER_FRAME_BYTES, tap.txBuffer().byteSize());
            assertTrue(tap.offloadStatus().startsWith("offloads tx-csum,tx-tso4,rx-csum,rx-gso4 (IFF_VNET_HDR, 12-byte"), tap.offloadStatus());
            assertEquals(0L, tap.counters().get("offloadFallback"));
            // read back from the kernel: the descriptor's flags and header size, the device's features
            MemorySegment errno = Libc.newErrnoState(arena);
            MemorySegment ifr = arena.allocate(TapOpener.IFREQ_BYTES);
            assertEquals(0, Libc.ioctl(errno, tap.fd(), 0x800454d2L /* TUNGETIFF */, ifr));
            assertEquals(TapOpener.IFF_VNET_HDR, ifr.get(JAVA_SHORT, TapOpener.IFR_FLAGS) & TapOpener.IFF_VNET_HDR);
            MemorySegment size = arena.allocate(JAVA_INT);
            assertEquals(0, Libc.ioctl(errno, tap.fd(), TapOpener.TUNGETVNETHDRSZ, size));
            assertEquals(12, size.get(JAVA_INT, 0));
            assertEquals("on", feature("ko-on", "tx-checksumming"));
            assertEquals("on", feature("ko-on", "tcp-segmentation-offload"));
        }
    }

    @Test
    void refusedOffloadsFallBackToAPlainTapThatWorks() {
        // The kernel answers TUNSETOFFLOAD with EINVAL for a flag it does not know.
        int unknown = TapOpener.TUN_F_CSUM | 0x4000_0000;
        try (TapDevice tap = TapDevice.openWithTunFlags(config("ko-no").withOffloads(Offload.ALL), unknown);
                EpollReadiness ready = EpollReadiness.open(); Arena arena = Arena.ofConfined()) {
            assertEquals(0, tap.offloads());
            assertEquals(1514, tap.maxFrameBytes());
            assertEquals(1514, tap.txBuffer().byteSize());
            assertTrue(tap.offloadStatus().startsWith("offloads refused by the kernel (TUNSETOFFLOAD 0x40000001 refused: EINVAL"),
                    tap.offloadStatus());
            assertTrue(tap.toString().contains("refused"), tap.toString());
            assertEquals(1L, tap.counters().get("offloadFallback"));
            assertEquals("off", feature("ko-no", "tx-checksumming"));
            var e = assertThrows(IllegalArgumentException.class, () -> tap.transmit(60, new FrameMeta().partialChecksum(34, 16)));
            assertTrue(e.getMessage().contains("does not offload tx-csum"), e.getMessage());
            arpExchange(tap, ready, arena.allocate(1514), "ko-no", "192.0.2.1/24");
        }
    }

    @Test
    void plainOpenTurnsOffOffloadsAPersistentTapKept() {
        a.ipIn("tuntap", "add", "dev", "ko-pers", "mode", "tap");
        try {
            try (TapDevice tap = TapDevice.open(config("ko-pers").withOffloads(Offload.ALL))) {
                assertEquals(Offload.ALL, tap.offloads());
            }
            assertEquals("on", feature("ko-pers", "tx-checksumming"), "a persistent TAP keeps its features");
            try (TapDevice tap = TapDevice.open(config("ko-pers"))) {
                assertEquals(0, tap.offloads());
                assertEquals("offloads off (plain TAP)", tap.offloadStatus());
                assertFalse(tap.counters().containsKey("offloadFallback"), "a plain TAP's counters are as before");
                assertFalse(tap.toString().contains("offload"), tap.toString());
                assertEquals("off", feature("ko-pers", "tx-checksumming"), "no partial checksums to a reader without the header");
                assertEquals("off", feature("ko-pers", "tcp-segmentation-offload"));
            }
        } finally {
            a.ipIn("tuntap", "del", "dev", "ko-pers", "mode", "tap");
        }
    }

    @Test
    void plainMethodsWorkOnAnOffloadingTapWithoutAllocating() {
        try (TapDevice tap = TapDevice.open(config("ko-arp").withOffloads(Offload.ALL));
                EpollReadiness ready = EpollReadiness.open(); Arena arena = Arena.ofConfined()) {
            MemorySegment rx = arena.allocate(1514);
            arpExchange(tap, ready, rx, "ko-arp", "192.0.2.1/24");
            TapDeviceTest.assertExchangesDoNotAllocate(tap, ready, rx);
        }
    }

    @Test
    void frameLargerThanTheBufferIsDroppedAndCountedNotDeliveredCut() throws Exception {
        // MTU 68 on our side: an 82-byte buffer is enough for receive, too small for the 242-byte
        // frame the kernel's side (MTU 1500) sends
        try (TapDevice tap = TapDevice.open(config("ko-cut").withMtu(68).withOffloads(Offload.ALL));
                EpollReadiness ready = EpollReadiness.open(); Arena arena = Arena.ofConfined()) {
            a.exec("sysctl", "-qw", "net.ipv6.conf.ko-cut.disable_ipv6=1"); // no IPv6 chatter: the one big frame is ours
            a.ipIn("addr", "add", "192.0.2.1/24", "dev", "ko-cut");
            a.ipIn("link", "set", "ko-cut", "up");
            a.ipIn("neigh", "replace", "192.0.2.2", "lladdr", MacAddress.format(MAC), "dev", "ko-cut", "nud", "permanent");
            ready.add(tap.fd());
            MemorySegment rx = arena.allocate(82);
            FrameMeta meta = new FrameMeta();
            try (DatagramChannel udp = NetnsSwitch.callIn(a.name, TapOffloadTest::openDatagram)) {
                udp.send(ByteBuffer.allocate(200), new InetSocketAddress(InetAddress.getByName("192.0.2.2"), 9));
            }
            long deadline = System.nanoTime() + DEADLINE_NS;
            while (tap.counters().get("rxCut") == 0) {
                assertTrue(System.nanoTime() < deadline, "the 242-byte frame was not counted as cut: " + tap.counters());
                int n = tap.receive(rx, meta);
                assertTrue(n <= 82, "never more than the buffer: " + n);
                assertFalse(n > 0 && Tcp4Frames.u16(rx, 12) == 0x0800, "the cut IPv4 frame was delivered");
                if (n == 0 && tap.counters().get("rxCut") == 0) ready.await(deadline - System.nanoTime());
            }
            assertEquals(1L, tap.counters().get("rxCut"), tap.counters().toString());
        }
    }

    static DatagramChannel openDatagram() {
        try {
            return DatagramChannel.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void metadataMistakesAreTheCallersBug() {
        try (TapDevice tap = TapDevice.open(config("ko-bad").withOffloads(Offload.TX_CSUM | Offload.TX_TSO4));
                TapDevice plain = TapDevice.open(config("ko-plain"))) {
            assertEquals(Offload.TX_CSUM | Offload.TX_TSO4, tap.offloads());
            assertEquals("off", feature("ko-bad", "tx-checksumming"), "transmit offloads alone leave the kernel's side plain");
            FrameMeta m = new FrameMeta();
            assertThrows(IllegalArgumentException.class, () -> tap.transmit(100, m.clear().partialChecksum(34, 200)));
            assertThrows(IllegalArgumentException.class, () -> tap.transmit(2000, m.clear().partialChecksum(34, 16)));
            assertThrows(IllegalArgumentException.class, () -> tap.transmit(2000, m.clear().tcp4Segmentation(MSS, 54)));
            assertThrows(IllegalArgumentException.class, () -> tap.transmit(70_000, m.clear().partialChecksum(34, 16).tcp4Segmentation(MSS, 54)));
            assertThrows(IllegalArgumentException.class, () -> tap.transmit(2000, m.clear().set(FrameMeta.F_CSUM_VALID, 0, 0, 0, 0, 0)));
            assertThrows(IllegalArgumentException.class, () -> tap.transmit(1515));
            var e = assertThrows(IllegalArgumentException.class, () -> plain.transmit(60, m.clear().partialChecksum(34, 16)));
            assertTrue(e.getMessage().contains("does not offload tx-csum"), e.getMessage());
        }
    }

    @Test
    void superFrameLeavesTheKernelAsChecksummedMssSegments() {
        try (TapDevice tap = TapDevice.open(config("ko-tso").withOffloads(Offload.ALL));
                PacketCapture cap = PacketCapture.openIn(b.name)) {
            a.ipIn("addr", "add", "192.0.2.1/24", "dev", "ko-tso");
            a.ipIn("link", "set", "ko-tso", "up");
            long kernelMac = a.macOf("ko-tso");
            FrameMeta meta = new FrameMeta();
            Snmp before = Snmp.of(b);

            int len = superFrame(tap.txBuffer(), kernelMac, 40000, 0);
            assertEquals(14 + 40 + PAYLOAD, len);
            assertTrue(tap.transmit(len, meta.partialChecksum(34, 16).tcp4Segmentation(MSS, 54)), tap.counters().toString());
            assertEquals(1L, tap.counters().get("txGso"));
            Observed seen = observe(cap, 40000);
            assertEquals(SEGMENTS, seen.segments, seen.toString());
            assertEquals(SEGMENTS, seen.checksumsOk, "every segment's IPv4 and TCP checksums verify: " + seen);
            assertEquals("", seen.problems, seen.toString());
            // B's own TCP verified each segment's checksum before answering it with a reset
            Snmp after = Snmp.await(b, s -> s.outRsts - before.outRsts >= SEGMENTS);
            assertEquals(before.inCsumErrors, after.inCsumErrors, "no checksum errors at the Linux peer");

            // Control: the same super-frame with a pseudo-header sum off by one must arrive broken,
            // or this observation could not tell a right checksum from a wrong one.
            len = superFrame(tap.txBuffer(), kernelMac, 40001, 1);
            assertTrue(tap.transmit(len, meta));
            Observed broken = observe(cap, 40001);
            assertEquals(SEGMENTS, broken.segments, broken.toString());
            assertEquals(0, broken.checksumsOk, broken.toString());
            Snmp.await(b, s -> s.inCsumErrors - after.inCsumErrors >= SEGMENTS);
        }
    }

    /**
     * A gathered super-frame (one writev: header and buffer bytes, payload pieces from another native
     * segment) leaves as the same byte-exact, checksummed segments. The buffer under the pieces holds
     * garbage, so a piece not sent from where it lies shows as a payload difference.
     */
    @Test
    void gatheredSuperFrameLeavesTheKernelByteExact() {
        try (TapDevice tap = TapDevice.open(config("ko-gat").withOffloads(Offload.ALL));
                PacketCapture cap = PacketCapture.openIn(b.name); Arena arena = Arena.ofConfined()) {
            a.ipIn("addr", "add", "192.0.2.1/24", "dev", "ko-gat");
            a.ipIn("link", "set", "ko-gat", "up");
            MemorySegment tx = tap.txBuffer();
            int len = superFrame(tx, a.macOf("ko-gat"), 40002, 0);
            MemorySegment body = arena.allocate(PAYLOAD);
            MemorySegment.copy(tx, 54, body, 0, PAYLOAD);
            FramePieces pieces = new FramePieces();
            assertTrue(pieces.add(54 + 1000, body, 1000, 20000));
            assertTrue(pieces.add(54 + 30000, body, 30000, PAYLOAD - 30000 - 500));
            assertEquals(2, pieces.count());
            tx.asSlice(54 + 1000, 20000).fill((byte) 0x5A);
            tx.asSlice(54 + 30000, PAYLOAD - 30000 - 500).fill((byte) 0xA5);
            assertTrue(tap.transmit(len, new FrameMeta().partialChecksum(34, 16).tcp4Segmentation(MSS, 54), pieces), tap.counters().toString());
            assertEquals(1L, tap.counters().get("txGathered"));
            Observed seen = observe(cap, 40002);
            assertEquals(SEGMENTS, seen.segments, seen.toString());
            assertEquals(SEGMENTS, seen.checksumsOk, seen.toString());
            assertEquals("", seen.problems, seen.toString());
        }
    }

    @Test
    void linuxTcpHandsOverASuperFrameWithAPartialChecksum() throws Exception {
        try (TapDevice tap = TapDevice.open(config("ko-rx").withOffloads(Offload.ALL));
                EpollReadiness ready = EpollReadiness.open(); Arena arena = Arena.ofConfined()) {
            a.ipIn("addr", "add", "203.0.113.1/24", "dev", "ko-rx");
            a.ipIn("link", "set", "ko-rx", "up");
            a.ipIn("neigh", "replace", "203.0.113.2", "lladdr", MacAddress.format(MAC), "dev", "ko-rx", "nud", "permanent");
            long kernelMac = a.macOf("ko-rx");
            ready.add(tap.fd());
            MemorySegment rx = arena.allocate(tap.maxFrameBytes(), 64);
            FrameMeta meta = new FrameMeta();
            try (SocketChannel client = NetnsSwitch.callIn(a.name, TapOffloadTest::openChannel); Selector sel = Selector.open()) {
                client.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
                client.configureBlocking(false);
                client.connect(new InetSocketAddress(InetAddress.getByName("203.0.113.2"), 8080));

                // the SYN through the plain receive: its partial checksum is completed in software
                awaitTcp(tap, ready, rx, null, f -> (flags(f) & SYN) != 0 && dport(f) == 8080);
                assertTrue(Tcp4Frames.tcpChecksumOk(rx, IP), "the plain receive completed the SYN's checksum");
                assertTrue(tap.counters().get("rxChecksumsCompleted") >= 1, tap.counters().toString());
                int port = sport(rx);
                long isn = seq(rx);
                // SYN-ACK offering MSS 1460, its checksum completed by the kernel (tx-csum alone)
                int len = Tcp4Frames.write(tap.txBuffer(), kernelMac, MAC, RX_US, RX_KERNEL, 1, 8080, port, 5000, isn + 1,
                        SYN | ACK, 65535, new byte[] {2, 4, (byte) (MSS >> 8), (byte) MSS}, 0);
                assertTrue(tap.transmit(len, meta.clear().partialChecksum(34, 16)));
                client.register(sel, SelectionKey.OP_CONNECT);
                assertEquals(1, sel.select(DEADLINE_NS / 1_000_000), "Linux did not accept our SYN-ACK");
                assertTrue(client.finishConnect());

                ByteBuffer data = ByteBuffer.allocate(256 * 1024);
                for (int i = 0; i < data.capacity(); i++) data.put(i, Tcp4Frames.pattern(i));
                assertTrue(client.write(data) > 2 * MSS, "Linux took the write");

                // the first flight comes as one super-frame with its metadata
                int n = awaitTcp(tap, ready, rx, meta, f -> sport(f) == 8080 ? false : payloadLen(f) > 0);
                assertTrue(meta.isGso() && meta.gsoType() == FrameMeta.GSO_TCPV4, meta + ", " + n + " bytes");
                assertEquals(MSS, meta.gsoSize());
                assertTrue(meta.needsChecksum(), meta.toString());
                assertEquals(34, meta.csumStart());
                assertEquals(16, meta.csumOffset());
                assertTrue(meta.headerBytes() >= 54, meta.toString());
                assertTrue(n > 1514 && n <= tap.maxFrameBytes(), n + " bytes");
                assertEquals(n - 14, Tcp4Frames.u16(rx, IP + 2), "IPv4 total length covers the whole super-frame");
                assertEquals(isn + 1, seq(rx));
                int payload = payloadLen(rx);
                for (int i = 0; i < payload; i++) assertEquals(Tcp4Frames.pattern(i), rx.get(JAVA_BYTE, payloadAt(rx) + i), "byte " + i);
                assertEquals(1L, tap.counters().get("rxGso"));
                // the field holds the pseudo-header sum over the super-frame's length: completing it gives a valid checksum
                assertFalse(Tcp4Frames.tcpChecksumOk(rx, IP));
                VnetHeader.completeChecksum(rx, n, meta);
                assertTrue(Tcp4Frames.tcpChecksumOk(rx, IP));

                // ACK it: the rest of the first flight and the data our ACK releases come as super-frames
                // too, which the plain receive drops and counts
                len = Tcp4Frames.write(tap.txBuffer(), kernelMac, MAC, RX_US, RX_KERNEL, 2, 8080, port, 5001, isn + 1 + payload,
                        ACK, 65535, new byte[0], 0);
                assertTrue(tap.transmit(len, meta.clear().partialChecksum(34, 16)));
                long deadline = System.nanoTime() + DEADLINE_NS;
                while (tap.counters().get("rxGsoDropped") == 0) {
                    assertTrue(System.nanoTime() < deadline, "no super-frame reached the plain receive: " + tap.counters());
                    if (tap.receive(rx) == 0 && tap.counters().get("rxGsoDropped") == 0) ready.await(deadline - System.nanoTime());
                }
            }
        }
    }

    static SocketChannel openChannel() {
        try {
            return SocketChannel.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Receives (plainly if {@code meta} is null) until a TCP/IPv4 frame {@code want} accepts; its length. */
    static int awaitTcp(TapDevice tap, EpollReadiness ready, MemorySegment rx, FrameMeta meta, Predicate<MemorySegment> want) {
        long deadline = System.nanoTime() + DEADLINE_NS;
        while (true) {
            int n = meta == null ? tap.receive(rx) : tap.receive(rx, meta);
            if (n > 0 && Tcp4Frames.isTcp4(rx, n) && want.test(rx)) return n;
            long left = deadline - System.nanoTime();
            assertTrue(left > 0, "the awaited TCP frame did not come within 10 s; counters " + tap.counters());
            if (n == 0) ready.await(left);
        }
    }

    /**
     * A TCP super-frame from 192.0.2.2:{@code sport} to 198.51.100.2:9 with {@link #PAYLOAD}
     * pattern bytes, ACK|PSH, and the pseudo-header sum plus {@code skew} in its checksum field.
     */
    static int superFrame(MemorySegment f, long kernelMac, int sport, int skew) {
        for (int i = 0; i < PAYLOAD; i++) f.set(JAVA_BYTE, 54 + i, Tcp4Frames.pattern(i));
        int len = Tcp4Frames.write(f, kernelMac, MAC, US, PEER, 0x1000, sport, 9, 1000, 1, ACK | PSH, 65535, new byte[0], PAYLOAD);
        int field = Tcp4Frames.u16(f, 34 + 16);
        f.set(Tcp4Frames.BE_U16, 34 + 16, (short) Tcp4Frames.fold(field + skew));
        return len;
    }

    /** What the Linux peer saw of one flow: segments, checksums that verify, and anything else amiss. */
    record Observed(int segments, int checksumsOk, String problems) {}

    /** Captures the {@link #SEGMENTS} segments of flow {@code sport} in B and checks each one. */
    static Observed observe(PacketCapture cap, int sport) {
        long deadline = System.nanoTime() + DEADLINE_NS;
        int segments = 0, ok = 0;
        StringBuilder problems = new StringBuilder();
        MemorySegment f = cap.buf;
        while (segments < SEGMENTS) {
            int n = cap.next(deadline);
            if (n == 0) break;
            if (!Tcp4Frames.isTcp4(f, n) || Tcp4Frames.src(f) != US || sport(f) != sport) continue;
            long offset = seq(f) - 1000;
            int payload = payloadLen(f);
            if (Tcp4Frames.ipChecksumOk(f, IP) && Tcp4Frames.tcpChecksumOk(f, IP)) ok++;
            boolean last = offset + payload == PAYLOAD;
            if (offset != (long) segments * MSS) problems.append("segment ").append(segments).append(" at offset ").append(offset).append("; ");
            if (payload != (last ? PAYLOAD - (SEGMENTS - 1) * MSS : MSS)) problems.append("segment of ").append(payload).append(" bytes; ");
            if (n != 54 + payload) problems.append("frame of ").append(n).append(" bytes; ");
            if (Tcp4Frames.u16(f, IP + 4) != 0x1000 + segments) problems.append("IP id ").append(Tcp4Frames.u16(f, IP + 4)).append("; ");
            if ((f.get(JAVA_BYTE, IP + 8) & 0xFF) != 63) problems.append("TTL not 63 (forwarded once); ");
            if (flags(f) != (last ? ACK | PSH : ACK)) problems.append("flags ").append(flags(f)).append("; ");
            for (int i = 0; i < payload; i++) {
                if (f.get(JAVA_BYTE, 54 + i) != Tcp4Frames.pattern(offset + i)) {
                    problems.append("payload differs at ").append(offset + i).append("; ");
                    break;
                }
            }
            segments++;
        }
        return new Observed(segments, ok, problems.toString());
    }

    /** The TCP counters of a namespace's /proc/net/snmp that the checks need. */
    record Snmp(long outRsts, long inCsumErrors) {
        static Snmp of(Netns ns) {
            String text = NetnsSwitch.callIn(ns.name, () -> {
                try {
                    return Files.readString(Path.of("/proc/thread-self/net/snmp"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            List<String> tcp = text.lines().filter(l -> l.startsWith("Tcp:")).toList();
            List<String> names = List.of(tcp.get(0).split(" "));
            String[] values = tcp.get(1).split(" ");
            return new Snmp(Long.parseLong(values[names.indexOf("OutRsts")]), Long.parseLong(values[names.indexOf("InCsumErrors")]));
        }

        /** Reads the counters until {@code done} holds (the kernel processes the segments after we capture them). */
        static Snmp await(Netns ns, Predicate<Snmp> done) {
            long deadline = System.nanoTime() + DEADLINE_NS;
            while (true) {
                Snmp s = of(ns);
                if (done.test(s)) return s;
                assertTrue(System.nanoTime() < deadline, "the peer's TCP counters did not get there within 10 s: " + s);
                Thread.onSpinWait();
            }
        }
    }

    /** An ARP request to the kernel's side of {@code dev} (given {@code cidr}) and its reply, with the plain methods. */
    static void arpExchange(TapDevice tap, EpollReadiness ready, MemorySegment rx, String dev, String cidr) {
        a.ipIn("addr", "add", cidr, "dev", dev);
        a.ipIn("link", "set", dev, "up");
        ready.add(tap.fd());
        int len = TapDeviceTest.writeArpRequest(tap.txBuffer(), MAC, 0xC0000202, 0xC0000201);
        assertTrue(tap.transmit(len));
        long deadline = System.nanoTime() + DEADLINE_NS;
        int n;
        while (!TapDeviceTest.isArpReply(rx, n = tap.receive(rx))) {
            long left = deadline - System.nanoTime();
            assertTrue(left > 0, "no ARP reply within 10 s; counters " + tap.counters());
            if (n == 0) ready.await(left);
        }
        assertEquals(MAC, TapDeviceTest.mac(rx, 32), "the reply is for us");
    }

    /** {@code ethtool -k DEV}'s value for {@code name} in namespace A: on or off. */
    static String feature(String dev, String name) {
        for (String line : a.exec("ethtool", "-k", dev).lines().toList()) {
            if (line.startsWith(name + ":")) return line.substring(name.length() + 1).trim().split(" ")[0];
        }
        throw new AssertionError("ethtool -k " + dev + " has no " + name);
    }
}

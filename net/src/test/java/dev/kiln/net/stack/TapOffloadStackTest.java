package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.net.Ipv4;
import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpOptions;
import dev.kiln.platform.MacAddress;
import dev.kiln.platform.Offload;
import dev.kiln.platform.linux.EpollReadiness;
import dev.kiln.platform.linux.Netns;
import dev.kiln.platform.linux.TapConfig;
import dev.kiln.platform.linux.TapDevice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KilnStack on a TAP with offloads, against Linux's TCP: Linux hands it super-frames with partial
 * checksums, which the stack takes (the device vouches for the checksum, the segment is as long
 * as the super-frame); and the stack sends runs of segments as super-frames the kernel cuts
 * ({@link SuperSegments}). A namespace with 192.0.2.1/24 on the kernel side, removed even on failure.
 */
class TapOffloadStackTest {
    static final String NS = "kiln-ot-" + ProcessHandle.current().pid();
    static final int KILN_IP = Ipv4.parse("192.0.2.2");
    static final int TOTAL = 4 << 20;
    static final long DEADLINE_NS = 30_000_000_000L;

    @BeforeAll
    static void namespace() {
        assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false), "needs root (creates a network namespace and a TAP device)");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "needs /dev/net/tun (modprobe tun)");
        sh("ip", "netns", "add", NS);
    }

    @AfterAll
    static void deleteNamespace() {
        if (Files.exists(Path.of("/var/run/netns", NS))) sh("ip", "netns", "del", NS);
    }

    /** Checks every byte against the pattern the client sends, and notes the end. */
    static final class Sink implements TcpHandler {
        long received, firstBad = -1;
        volatile boolean peerClosed;

        @Override public void onAccepted(TcpConnection c, long nowNs) { }

        @Override
        public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
            int n = (int) data.byteSize();
            for (int i = 0; i < n && firstBad < 0; i++) {
                if (data.get(ValueLayout.JAVA_BYTE, i) != pattern(received + i)) firstBad = received + i;
            }
            received += n;
            return n;
        }

        @Override
        public void onPeerClosed(TcpConnection c, long nowNs) {
            peerClosed = true;
            c.close();
        }

        @Override public void onClosed(TcpConnection c, TcpCloseReason reason, long nowNs) { }
    }

    static byte pattern(long i) { return (byte) (i * 31 + (i >>> 11)); }

    @Test
    void linuxSendsSuperFramesTheStackTakesByteExact() throws Exception {
        TapConfig cfg = TapConfig.of("ko-stack", MacAddress.localUnicast(0x5e00_5302L)).withNetns(NS)
                .withOffloads(Offload.RX_CSUM | Offload.RX_GSO4);
        try (TapDevice tap = TapDevice.open(cfg); EpollReadiness ready = EpollReadiness.open()) {
            assertEquals(Offload.RX_CSUM | Offload.RX_GSO4, tap.offloads(), tap.offloadStatus());
            sh("ip", "-n", NS, "addr", "add", "192.0.2.1/24", "dev", "ko-stack");
            sh("ip", "-n", NS, "link", "set", "ko-stack", "up");
            ready.add(tap.fd());
            KilnStack stack = KilnStack.create(tap, StackConfig.builder(KILN_IP, 24).build(), new SeededEntropy(7));
            Sink sink = new Sink();
            stack.tcpListen(5001, TcpOptions.defaults(), sink);
            SocketChannel client = Netns.callIn(NS, TapOffloadStackTest::openChannel);
            Thread sender = Thread.ofPlatform().name("linux-sender").start(() -> send(client));
            try {
                runUntil(stack, ready, () -> sink.peerClosed, () -> sink.received + " bytes, device " + tap.counters());
            } finally {
                client.close();
                sender.join(10_000);
                stack.close();
            }
            assertEquals(-1, sink.firstBad, "byte " + sink.firstBad + " differs");
            assertEquals(TOTAL, sink.received);
            assertTrue(tap.counters().get("rxGso") > 0, "Linux sent super-frames: " + tap.counters());
            assertEquals(0, stack.counter(Counter.DROP_TCP_BAD_CHECKSUM), "partial checksums are not counted as bad");
        }
    }

    /** Writes {@link #TOTAL} bytes of {@link #sent} pattern as the send buffer takes them, then closes. */
    static final class Source implements TcpHandler {
        static final int PERIOD = 65521;
        final MemorySegment pattern;
        final boolean lend;
        long written;

        /** {@code lend}: the pattern lies in global native memory and is written with {@code writeImmutable}. */
        Source(boolean lend) {
            this.lend = lend;
            pattern = lend ? java.lang.foreign.Arena.global().allocate(2 * PERIOD) : MemorySegment.ofArray(new byte[2 * PERIOD]);
            for (int i = 0; i < pattern.byteSize(); i++) pattern.set(ValueLayout.JAVA_BYTE, i, sent(i));
        }

        static byte sent(long i) { return (byte) ((i % PERIOD) * 7 + 1); }

        @Override public void onAccepted(TcpConnection c, long nowNs) { onWritable(c, nowNs); }

        @Override
        public void onWritable(TcpConnection c, long nowNs) {
            while (written < TOTAL) {
                int len = (int) Math.min(PERIOD, TOTAL - written);
                int n = lend ? c.writeImmutable(pattern, written % PERIOD, len) : c.write(pattern, written % PERIOD, len);
                if (n == 0) return;
                written += n;
            }
            c.close();
        }

        @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return (int) data.byteSize(); }
    }

    @Test
    void theStackSendsSuperFramesLinuxReadsByteExact() throws Exception {
        Map<String, Long> counters = sendToLinux("ko-tx", false);
        assertEquals(0L, counters.get("txGathered"), "copied bytes are not gathered: " + counters);
    }

    /** Lent bytes ({@code writeImmutable}) leave in gathered super-frames (one writev each, no stack copy) and arrive byte-exact. */
    @Test
    void theStackSendsLentBytesGatheredLinuxReadsByteExact() throws Exception {
        Map<String, Long> counters = sendToLinux("ko-gx", true);
        assertTrue(counters.get("txGathered") > counters.get("txFrames") / 2, "most frames were gathered: " + counters);
    }

    /** {@link #TOTAL} bytes from a Kiln stack on a TAP with every offload to a Linux socket; returns the TAP's counters. */
    static Map<String, Long> sendToLinux(String dev, boolean lend) throws Exception {
        TapConfig cfg = TapConfig.of(dev, MacAddress.localUnicast(0x5e00_5303L)).withNetns(NS).withOffloads(Offload.ALL);
        try (TapDevice tap = TapDevice.open(cfg); EpollReadiness ready = EpollReadiness.open()) {
            assertEquals(Offload.ALL, tap.offloads(), tap.offloadStatus());
            sh("ip", "-n", NS, "addr", "add", "192.0.2.1/24", "dev", dev);
            sh("ip", "-n", NS, "link", "set", dev, "up");
            ready.add(tap.fd());
            KilnStack stack = KilnStack.create(tap, StackConfig.builder(KILN_IP, 24).build(), new SeededEntropy(8));
            stack.tcpListen(5002, TcpOptions.defaults().withTxBufferBytes(1 << 20), new Source(lend));
            SocketChannel client = Netns.callIn(NS, TapOffloadStackTest::openChannel);
            long[] got = {0, -1}; // bytes read, first bad byte
            Thread reader = Thread.ofPlatform().name("linux-reader").start(() -> read(client, got));
            try {
                runUntil(stack, ready, () -> !reader.isAlive(), () -> got[0] + " bytes, device " + tap.counters());
            } finally {
                client.close();
                reader.join(10_000);
                stack.close();
            }
            assertEquals(-1, got[1], "byte " + got[1] + " differs");
            assertEquals(TOTAL, got[0]);
            assertTrue(tap.counters().get("txGso") > 0, "the stack sent super-frames: " + tap.counters());
            assertTrue(tap.counters().get("txFrames") < TOTAL / 1460, "fewer writes than MSS segments: " + tap.counters());
            return tap.counters();
        }
    }

    static void read(SocketChannel client, long[] got) {
        try {
            client.connect(new InetSocketAddress("192.0.2.2", 5002));
            ByteBuffer b = ByteBuffer.allocate(64 * 1024);
            while (client.read(b.clear()) >= 0) {
                for (int i = 0; i < b.position(); i++) {
                    if (got[1] < 0 && b.get(i) != Source.sent(got[0] + i)) got[1] = got[0] + i;
                }
                got[0] += b.position();
            }
        } catch (IOException e) {
            // the test thread closed the channel after a failure; its assertion says why
        }
    }

    /** Turns the stack's loop (sleeping in epoll while idle) until {@code done}, for at most 30 s. */
    static void runUntil(KilnStack stack, EpollReadiness ready, BooleanSupplier done, Supplier<String> progress) {
        long deadline = System.nanoTime() + DEADLINE_NS;
        while (!done.getAsBoolean()) {
            long now = System.nanoTime();
            assertTrue(now < deadline, () -> "the transfer did not end within 30 s: " + progress.get() + ", stack " + stack.counters());
            if (stack.doWork(now) == 0) ready.await(Math.max(0, Math.min(stack.pollAtNs() - now, 50_000_000L)));
        }
    }

    static SocketChannel openChannel() {
        try {
            return SocketChannel.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void send(SocketChannel client) {
        try {
            client.connect(new InetSocketAddress("192.0.2.2", 5001));
            ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
            for (long sent = 0; sent < TOTAL; ) {
                chunk.clear();
                for (int i = 0; i < chunk.capacity(); i++) chunk.put(i, pattern(sent + i));
                while (chunk.hasRemaining()) sent += client.write(chunk);
            }
            client.shutdownOutput();
        } catch (IOException e) {
            // the test thread closed the channel after a failure; its assertion says why
        }
    }

    static void sh(String... cmd) {
        try {
            Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new AssertionError(String.join(" ", cmd) + " failed: " + out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

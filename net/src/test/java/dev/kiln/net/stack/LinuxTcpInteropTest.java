package dev.kiln.net.stack;

import static dev.kiln.net.stack.LinuxInteropTest.onPath;
import static dev.kiln.net.stack.LinuxInteropTest.run;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.net.Ipv4;
import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.wire.Mac;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KilnStack's TCP against Linux's over a TAP device in a namespace this test creates (198.51.100.1
 * kernel, 198.51.100.2 Kiln) and removes in @AfterAll even on failure: a Linux client ({@code socat})
 * sends 20 MB to a Kiln sink, a Linux client ({@code python3}) gets an echo, and Kiln connects out
 * ({@code tcpConnect}) to a Linux {@code socat} listener and sends 20 MB. Byte-exact by SHA-256.
 * A {@link StackLoop} runs the stack; the test thread reaches it only through {@link KilnStack#execute}. Needs root, /dev/net/tun, iproute2, socat, python3.
 */
class LinuxTcpInteropTest {
    static final String NS = "kiln-tcp-test-" + ProcessHandle.current().pid();
    static final String TAP = "ktt" + (ProcessHandle.current().pid() % 1_000_000);
    static final int KERNEL_IP = Ipv4.parse("198.51.100.1");
    static final int KILN_IP = Ipv4.parse("198.51.100.2");
    static final int BYTES = 20_000_000;

    static TapTestDevice device;
    static KilnStack stack;
    static StackLoop loop;
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false), "needs root (creates a network namespace and a TAP device)");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "needs /dev/net/tun");
        for (String tool : new String[] {"ip", "socat", "python3", "ss"})
            assumeTrue(onPath(tool), "needs " + tool + " (apt packages iproute2, socat, python3)");
        dir = Files.createTempDirectory("kiln-tcp-interop");
        device = LinuxInteropTest.tapInNamespace(NS, TAP, Mac.parse("02:00:00:00:01:02"), "198.51.100.1/24");
        stack = KilnStack.create(device, StackConfig.builder(KILN_IP, 24).build(), new SeededEntropy(7));
        loop = new StackLoop(stack, "kiln-tcp-interop-loop");
    }

    @AfterAll
    static void tearDown() throws Exception {
        try {
            StackLoop.tearDown(loop, stack, device, NS);
        } finally {
            if (dir != null) try (var s = Files.list(dir)) { s.forEach(p -> p.toFile().delete()); }
            if (dir != null) Files.deleteIfExists(dir);
        }
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception { return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)); }

    /** Counts and hashes what arrives; closes after the peer's FIN and reports the digest. */
    static final class Sink implements TcpHandler {
        final MessageDigest md;
        final CompletableFuture<String> digest = new CompletableFuture<>();
        long bytes;

        Sink() throws Exception { md = MessageDigest.getInstance("SHA-256"); }

        @Override public void onAccepted(TcpConnection c, long nowNs) { }
        @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) {
            md.update(d.asByteBuffer());
            bytes += d.byteSize();
            return (int) d.byteSize();
        }
        @Override public void onPeerClosed(TcpConnection c, long nowNs) { c.close(); digest.complete(bytes + " " + HexFormat.of().formatHex(md.digest())); }
        @Override public void onClosed(TcpConnection c, TcpCloseReason r, long nowNs) { if (r != TcpCloseReason.CLOSED) digest.completeExceptionally(new AssertionError("sink ended " + r)); }
    }

    @Test
    void linuxSendsTwentyMegabytesToAKilnSink() throws Exception {
        byte[] data = randomBytes(BYTES, 1);
        Path file = dir.resolve("up.bin");
        Files.write(file, data);
        Sink sink = new Sink();
        CompletableFuture<Void> listening = new CompletableFuture<>();
        stack.execute(() -> {
            stack.tcpListen(5001, TcpOptions.defaults().withRxBufferBytes(256 << 10), sink);
            listening.complete(null);
        });
        listening.get(10, TimeUnit.SECONDS);
        LinuxInteropTest.Result r = run(List.of("ip", "netns", "exec", NS, "socat", "-u", "FILE:" + file, "TCP:198.51.100.2:5001"));
        assertEquals(0, r.code(), r.out());
        assertEquals(BYTES + " " + sha256(data), sink.digest.get(30, TimeUnit.SECONDS), () -> "counters " + stack.counters());
        assertNull(loop.failure);
    }

    @Test
    void linuxGetsItsBytesEchoedByKiln() throws Exception {
        CompletableFuture<Void> listening = new CompletableFuture<>();
        stack.execute(() -> {
            stack.tcpListen(5003, TcpOptions.defaults(), new TcpHandler() {
                @Override public void onAccepted(TcpConnection c, long nowNs) { }
                // what does not fit waits, paused (a paused connection's FIN waits too), until the send buffer drains
                @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) {
                    int n = c.write(d, 0, (int) d.byteSize());
                    if (n < d.byteSize()) c.pauseReading();
                    return n;
                }
                @Override public void onWritable(TcpConnection c, long nowNs) { c.resumeReading(); }
            });
            listening.complete(null);
        });
        listening.get(10, TimeUnit.SECONDS);
        String py = """
                import socket, os, hashlib, threading
                data = os.urandom(2_000_000)
                s = socket.create_connection(("198.51.100.2", 5003), timeout=20)
                t = threading.Thread(target=lambda: (s.sendall(data), s.shutdown(socket.SHUT_WR)))
                t.start()
                got = bytearray()
                while True:
                    b = s.recv(65536)
                    if not b: break
                    got += b
                t.join()
                print("echo ok" if bytes(got) == data else "echo differs: %d of %d bytes" % (len(got), len(data)))
                """;
        LinuxInteropTest.Result r = run(List.of("ip", "netns", "exec", NS, "python3", "-c", py));
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains("echo ok"), r.out());
        assertNull(loop.failure);
    }

    @Test
    void kilnConnectsOutAndSendsTwentyMegabytes() throws Exception {
        byte[] data = randomBytes(BYTES, 2);
        Path file = dir.resolve("down.bin");
        Process listener = StackLoop.socatSink(NS, 5002, file);
        try {
            SendAndClose sender = new SendAndClose(data);
            stack.execute(() -> stack.tcpConnect(KERNEL_IP, 5002, TcpOptions.defaults().withTxBufferBytes(256 << 10), sender));
            assertEquals(TcpCloseReason.CLOSED, sender.ended.get(60, TimeUnit.SECONDS), () -> "counters " + stack.counters());
            assertTrue(listener.waitFor(30, TimeUnit.SECONDS), "socat exits after the connection ends");
            assertEquals(sha256(data), sha256(Files.readAllBytes(file)));
        } finally {
            listener.destroyForcibly();
        }
        assertNull(loop.failure);
    }
}

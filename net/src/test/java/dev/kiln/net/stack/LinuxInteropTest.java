package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.net.Ipv4;
import dev.kiln.net.UdpSocket;
import dev.kiln.net.wire.Mac;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * KilnStack against Linux's own stack: a TAP device moved into a network namespace this test
 * creates (192.0.2.1/24 on the kernel side, 192.0.2.2 for Kiln), then {@code ping} and
 * {@code dig} from the namespace, and Kiln resolving the kernel with ARP. The namespace is
 * removed in @AfterAll even on failure. Needs root, /dev/net/tun, iproute2, iputils-ping and dig.
 */
class LinuxInteropTest {
    static final String NS = "kiln-net-test-" + ProcessHandle.current().pid();
    static final String TAP = "kt" + (ProcessHandle.current().pid() % 1_000_000);
    static final int KERNEL_IP = Ipv4.parse("192.0.2.1");
    static final int KILN_IP = Ipv4.parse("192.0.2.2");

    static TapTestDevice device;
    static KilnStack stack;
    static Thread loop;
    static volatile boolean running = true;
    static volatile Throwable loopFailure;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false), "needs root (creates a network namespace and a TAP device)");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "needs /dev/net/tun");
        for (String tool : new String[] {"ip", "ping", "dig"})
            assumeTrue(onPath(tool), "needs " + tool + " (apt packages iproute2, iputils-ping, bind9-dnsutils)");
        device = tapInNamespace(NS, TAP, Mac.parse("02:00:00:00:00:02"), "192.0.2.1/24");
        stack = KilnStack.create(device, StackConfig.builder(KILN_IP, 24).build(), new SeededEntropy(99));
        // A minimal DNS answerer: the query back with QR set and no records (NOERROR, empty answer).
        stack.udpBind(53, (s, src, port, payload, reply) -> {
            int n = (int) payload.byteSize();
            if (n < 12) return 0;
            MemorySegment.copy(payload, 0, reply, 0, n);
            reply.set(ValueLayout.JAVA_BYTE, 2, (byte) (payload.get(ValueLayout.JAVA_BYTE, 2) | 0x80));
            return n;
        });
        // The loop thread polls the TAP fd every 200 µs (the product's loop waits on epoll instead).
        loop = Thread.ofPlatform().name("kiln-interop-loop").start(() -> {
            try {
                while (running) {
                    if (stack.doWork(System.nanoTime()) == 0) LockSupport.parkNanos(200_000);
                }
            } catch (Throwable t) {
                loopFailure = t;
            }
        });
    }

    @AfterAll
    static void tearDown() throws Exception {
        running = false;
        if (loop != null) loop.join(5000);
        try {
            if (stack != null) stack.close();
            if (device != null) device.close();
        } finally {
            if (onPath("ip")) run(List.of("ip", "netns", "del", NS));
        }
    }

    @Test
    void linuxPingsKiln() throws Exception {
        Result r = run(List.of("ip", "netns", "exec", NS, "ping", "-c", "3", "-i", "0.2", "-W", "2", "192.0.2.2"));
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("3 received"), r.out);
        assertNull(loopFailure);
    }

    @Test
    void linuxDigGetsAnAnswerFromKiln() throws Exception {
        Result r = run(List.of("ip", "netns", "exec", NS, "dig", "+tries=2", "+time=2", "@192.0.2.2", "example.com", "A"));
        assertEquals(0, r.code, r.out);
        assertTrue(r.out.contains("status: NOERROR"), r.out);
        assertNull(loopFailure);
    }

    @Test
    void kilnResolvesLinuxWithArpAndLinuxAnswersPortUnreachable() throws Exception {
        long icmpBefore = counterOnLoop(Counter.RX_ICMP);
        byte[] q = "hello linux".getBytes(StandardCharsets.US_ASCII);
        // sendTo belongs to the loop thread; hand it over through a one-shot task.
        runOnLoop(() -> {
            UdpSocket s = stack.udpBind(0, (x, a, p, pl, rep) -> 0);
            s.sendTo(KERNEL_IP, 9, MemorySegment.ofArray(q), q.length);
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (counterOnLoop(Counter.RX_ICMP) == icmpBefore && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000);
        assertTrue(counterOnLoop(Counter.RX_ICMP) > icmpBefore, "Linux answered our datagram with ICMP port unreachable: " + stack.counters());
        assertTrue(stack.arpLookup(KERNEL_IP, System.nanoTime()) > 0, "Linux's MAC learned through ARP");
    }

    // --- helpers

    /** Creates namespace {@code ns} and a TAP device moved into it, up, with {@code kernelCidr} on the kernel's side. */
    static TapTestDevice tapInNamespace(String ns, String tap, long mac, String kernelCidr) throws IOException, InterruptedException {
        sh("ip", "netns", "add", ns);
        TapTestDevice d = new TapTestDevice(tap, mac);
        sh("ip", "link", "set", tap, "netns", ns);
        sh("ip", "-n", ns, "link", "set", "lo", "up");
        sh("ip", "-n", ns, "addr", "add", kernelCidr, "dev", tap);
        sh("ip", "-n", ns, "link", "set", tap, "up");
        return d;
    }

    /** Runs {@code r} between loop turns by pausing the loop briefly (the stack is single-threaded). */
    static synchronized void runOnLoop(Runnable r) throws InterruptedException {
        running = false;
        loop.join(5000);
        try {
            r.run();
        } finally {
            running = true;
            loop = Thread.ofPlatform().name("kiln-interop-loop").start(() -> {
                try {
                    while (running) if (stack.doWork(System.nanoTime()) == 0) LockSupport.parkNanos(200_000);
                } catch (Throwable t) {
                    loopFailure = t;
                }
            });
        }
    }

    /** Counters are plain longs written by the loop thread; reading one from the test thread is a racy but harmless snapshot. */
    static long counterOnLoop(Counter c) { return stack.counter(c); }

    record Result(int code, String out) {}

    static Result run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + cmd);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    static void sh(String... cmd) throws IOException, InterruptedException {
        Result r = run(List.of(cmd));
        if (r.code != 0) throw new IllegalStateException(String.join(" ", cmd) + " failed (" + r.code + "): " + r.out);
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":"))
            if (Files.isExecutable(Path.of(dir, tool))) return true;
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }
}

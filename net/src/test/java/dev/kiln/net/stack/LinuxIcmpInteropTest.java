package dev.kiln.net.stack;

import static dev.kiln.net.stack.LinuxInteropTest.onPath;
import static dev.kiln.net.stack.LinuxInteropTest.sh;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.net.Ipv4;
import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.UdpError;
import dev.kiln.net.UdpHandler;
import dev.kiln.net.UdpSocket;
import dev.kiln.net.wire.Mac;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ICMP errors from a real Linux router to Kiln's TCP. Kiln (198.51.100.2, TAP) routes through a namespace
 * acting as router (198.51.100.1, forwarding) to a second namespace (203.0.113.2) behind a veth whose
 * router side has MTU 1280. Linux then sends fragmentation needed (MTU 1280) for Kiln's full-sized DF
 * segments (RFC 1191): the transfer completes only if Kiln lowers its MSS. A {@code prohibit} route makes
 * Linux answer a SYN with communication administratively prohibited: Kiln's connect ends UNREACHABLE. A
 * datagram to a closed port of the far host comes back as port unreachable to the UDP socket that sent it.
 * Both namespaces are removed in @AfterAll, even on failure. Needs root, /dev/net/tun, iproute2, socat.
 */
class LinuxIcmpInteropTest {
    static final long PID = ProcessHandle.current().pid();
    static final String NS = "kiln-icmp-r-" + PID, FAR = "kiln-icmp-f-" + PID;
    static final String TAP = "kti" + (PID % 1_000_000), VETH = "kvi" + (PID % 1_000_000), VETH_FAR = "kvf" + (PID % 1_000_000);
    static final int KILN_IP = Ipv4.parse("198.51.100.2"), FAR_IP = Ipv4.parse("203.0.113.2"), PROHIBITED_IP = Ipv4.parse("203.0.113.99");
    static final int BYTES = 2_000_000;

    static TapTestDevice device;
    static KilnStack stack;
    static StackLoop loop;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(ProcessHandle.current().info().user().map("root"::equals).orElse(false), "needs root (creates network namespaces and a TAP device)");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "needs /dev/net/tun");
        for (String tool : new String[] {"ip", "socat", "ss"}) assumeTrue(onPath(tool), "needs " + tool + " (apt packages iproute2, socat)");
        device = LinuxInteropTest.tapInNamespace(NS, TAP, Mac.parse("02:00:00:00:01:04"), "198.51.100.1/24");
        sh("ip", "netns", "add", FAR);
        sh("ip", "-n", NS, "link", "add", VETH, "mtu", "1280", "type", "veth", "peer", "name", VETH_FAR, "netns", FAR);
        sh("ip", "-n", NS, "addr", "add", "203.0.113.1/24", "dev", VETH);
        sh("ip", "-n", NS, "link", "set", VETH, "up");
        sh("ip", "-n", FAR, "link", "set", VETH_FAR, "mtu", "1500"); // the far host offers MSS 1460: only the router knows better
        sh("ip", "-n", FAR, "addr", "add", "203.0.113.2/24", "dev", VETH_FAR);
        sh("ip", "-n", FAR, "link", "set", VETH_FAR, "up");
        sh("ip", "-n", FAR, "link", "set", "lo", "up");
        sh("ip", "-n", FAR, "route", "add", "default", "via", "203.0.113.1");
        sh("ip", "-n", NS, "route", "add", "prohibit", "203.0.113.99/32");
        sh("ip", "netns", "exec", NS, "sysctl", "-qw", "net.ipv4.ip_forward=1");
        stack = KilnStack.create(device, StackConfig.builder(KILN_IP, 24).gateway(Ipv4.parse("198.51.100.1")).build(), new SeededEntropy(9));
        loop = new StackLoop(stack, "kiln-icmp-interop-loop");
    }

    @AfterAll
    static void tearDown() throws Exception {
        StackLoop.tearDown(loop, stack, device, FAR, NS);
    }

    @Test
    void fragmentationNeededFromALinuxRouterLowersTheMssAndTheTransferCompletes() throws Exception {
        Path file = Files.createTempFile("kiln-icmp-interop", ".bin");
        byte[] data = LinuxTcpInteropTest.randomBytes(BYTES, 3);
        Process listener = StackLoop.socatSink(FAR, 5004, file);
        try {
            SendAndClose s = new SendAndClose(data);
            stack.execute(() -> stack.tcpConnect(FAR_IP, 5004, TcpOptions.defaults().withTxBufferBytes(256 << 10), s));
            assertEquals(TcpCloseReason.CLOSED, s.ended.get(60, TimeUnit.SECONDS), () -> "counters " + stack.counters());
            assertTrue(listener.waitFor(30, TimeUnit.SECONDS), "socat exits after the connection ends");
            assertEquals(LinuxTcpInteropTest.sha256(data), LinuxTcpInteropTest.sha256(Files.readAllBytes(file)));
            assertTrue(stack.counter(Counter.TCP_PMTU_LOWERED) >= 1, () -> "the router's fragmentation needed lowered the MSS: " + stack.counters());
            // (not asserted: no recovery at all — under load the 2 MB burst can overflow a real queue; PathMtuTest checks that)
            assertEquals(0, s.timeouts, () -> "RFC 1191 §6.5: the flight lost to the narrow link was resent at once, not at the retransmission"
                    + " timeout (recoveries " + s.recoveries + ", loss probes " + s.lossProbes + ")");
        } finally {
            listener.destroyForcibly();
            Files.deleteIfExists(file);
        }
        assertNull(loop.failure);
    }

    @Test
    void aDatagramToAClosedPortBringsPortUnreachableToTheSocket() throws Exception {
        CompletableFuture<UdpError> error = new CompletableFuture<>();
        UdpHandler h = new UdpHandler() {
            @Override public int onDatagram(UdpSocket so, int a, int p, MemorySegment d, MemorySegment r) { return 0; }
            @Override public void onError(UdpSocket so, UdpError e, long nowNs) { error.complete(e); }
        };
        stack.execute(() -> stack.udpBind(0, h).sendTo(FAR_IP, 5999, MemorySegment.ofArray(new byte[20]), 20));
        UdpError e = error.get(30, TimeUnit.SECONDS);
        assertEquals(new UdpError(UdpError.Kind.PORT_UNREACHABLE, FAR_IP, 5999, FAR_IP, 0, 3, 3), e, "RFC 1122 §4.1.3.3, from Linux");
        assertNull(loop.failure);
    }

    @Test
    void aConnectThroughAProhibitRouteEndsUnreachable() throws Exception {
        SendAndClose s = new SendAndClose(new byte[0]);
        stack.execute(() -> stack.tcpConnect(PROHIBITED_IP, 5005, TcpOptions.defaults(), s));
        assertEquals(TcpCloseReason.UNREACHABLE, s.ended.get(30, TimeUnit.SECONDS), () -> "counters " + stack.counters());
        assertTrue(stack.counter(Counter.TCP_ICMP_ABORTS) >= 1);
        assertNull(loop.failure);
    }
}

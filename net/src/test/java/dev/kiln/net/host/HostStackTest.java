package dev.kiln.net.host;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.Ipv4;
import dev.kiln.net.UdpSocket;
import dev.kiln.platform.Clock;
import dev.kiln.platform.Loop;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Real UDP on 127.0.0.1, ephemeral ports. */
class HostStackTest {
    static final int LOOPBACK = Ipv4.parse("127.0.0.1");
    static final long DEADLINE_NS = 10_000_000_000L;
    final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) c.close();
    }

    HostStack stack(HostConfig c) {
        HostStack s = HostStack.open(c);
        toClose.add(s);
        return s;
    }

    DatagramSocket client() throws Exception {
        DatagramSocket c = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        c.setSoTimeout(5000);
        toClose.add(c);
        return c;
    }

    /** Upper-cases the payload into the reply buffer. */
    static int upper(MemorySegment payload, MemorySegment reply) {
        int n = (int) payload.byteSize();
        for (int i = 0; i < n; i++) {
            byte b = payload.get(ValueLayout.JAVA_BYTE, i);
            reply.set(ValueLayout.JAVA_BYTE, i, (byte) Character.toUpperCase(b));
        }
        return n;
    }

    /** Turns the stack until {@code done} or the deadline. */
    static void turnUntil(HostStack s, java.util.function.BooleanSupplier done) {
        long end = System.nanoTime() + DEADLINE_NS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) fail("condition not met within 10 s; counters " + s.counters());
            s.readiness().await(50_000_000L);
            s.doWork(System.nanoTime());
        }
    }

    @Test
    void handlerReplyReachesTheSender() throws Exception {
        HostStack s = stack(HostConfig.of("127.0.0.1"));
        int[] seen = new int[2];
        UdpSocket sock = s.udpBind(0, (so, addr, port, payload, reply) -> {
            seen[0] = addr;
            seen[1] = port;
            return upper(payload, reply);
        });
        assertTrue(sock.port() > 0);
        assertEquals(LOOPBACK, s.ipv4Address());
        DatagramSocket c = client();
        byte[] q = "hello kiln".getBytes(StandardCharsets.US_ASCII);
        c.send(new DatagramPacket(q, q.length, InetAddress.getLoopbackAddress(), sock.port()));
        turnUntil(s, () -> s.counter(HostCounter.TX_DATAGRAMS) == 1);
        DatagramPacket p = new DatagramPacket(new byte[100], 100);
        c.receive(p);
        assertEquals("HELLO KILN", new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII));
        assertEquals(LOOPBACK, seen[0]);
        assertEquals(c.getLocalPort(), seen[1]);
        assertEquals(1L, s.counters().get("rx.udp"));
        assertEquals(1L, s.counters().get("tx.udp"));
    }

    @Test
    void twoHostStacksTalkThroughSendTo() throws Exception {
        HostStack server = stack(HostConfig.of("127.0.0.1"));
        HostStack client = stack(HostConfig.of("127.0.0.1"));
        UdpSocket srv = server.udpBind(0, (so, a, p, payload, reply) -> upper(payload, reply));
        List<String> answers = new ArrayList<>();
        UdpSocket cli = client.udpBind(0, (so, a, p, payload, reply) -> {
            answers.add(new String(payload.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII));
            return 0;
        });
        for (int i = 0; i < 20; i++) {
            byte[] m = ("msg-" + i).getBytes(StandardCharsets.US_ASCII);
            assertTrue(cli.sendTo(LOOPBACK, srv.port(), MemorySegment.ofArray(m), m.length));
        }
        long end = System.nanoTime() + DEADLINE_NS;
        while (answers.size() < 20 && System.nanoTime() < end) {
            server.doWork(System.nanoTime());
            client.readiness().await(10_000_000L);
            client.doWork(System.nanoTime());
        }
        assertEquals(20, answers.size(), "counters " + server.counters());
        assertEquals("MSG-0", answers.get(0));
    }

    @Test
    void batchLimitBoundsOneTurn() throws Exception {
        HostStack s = stack(HostConfig.of("127.0.0.1").withRxBatchMax(4));
        UdpSocket sock = s.udpBind(0, (so, a, p, payload, reply) -> 0);
        DatagramSocket c = client();
        for (int i = 0; i < 10; i++) c.send(new DatagramPacket(new byte[1], 1, InetAddress.getLoopbackAddress(), sock.port()));
        long end = System.nanoTime() + DEADLINE_NS;
        int max = 0;
        while (s.counter(HostCounter.RX_DATAGRAMS) < 10 && System.nanoTime() < end) {
            s.readiness().await(10_000_000L);
            max = Math.max(max, s.doWork(System.nanoTime()));
        }
        assertEquals(10, s.counter(HostCounter.RX_DATAGRAMS));
        assertTrue(max <= 4, "at most 4 per turn, saw " + max);
    }

    @Test
    void handlerErrorIsCountedAndReplyTooBigIsDropped() throws Exception {
        HostStack s = stack(HostConfig.of("127.0.0.1"));
        UdpSocket bad = s.udpBind(0, (so, a, p, payload, reply) -> { throw new IllegalStateException("bug"); });
        UdpSocket big = s.udpBind(0, (so, a, p, payload, reply) -> (int) reply.byteSize() + 1);
        DatagramSocket c = client();
        c.send(new DatagramPacket(new byte[1], 1, InetAddress.getLoopbackAddress(), bad.port()));
        c.send(new DatagramPacket(new byte[1], 1, InetAddress.getLoopbackAddress(), big.port()));
        turnUntil(s, () -> s.counter(HostCounter.RX_DATAGRAMS) == 2);
        assertEquals(1, s.counter(HostCounter.DROP_UDP_HANDLER_ERROR));
        assertEquals(1, s.counter(HostCounter.DROP_UDP_REPLY_TOO_BIG));
        assertEquals(0, s.counter(HostCounter.TX_DATAGRAMS));
    }

    @Test
    void bindingAPortTwiceFailsWithAMessage() {
        HostStack s = stack(HostConfig.of("127.0.0.1"));
        UdpSocket a = s.udpBind(0, (so, x, p, pl, r) -> 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.udpBind(a.port(), (so, x, p, pl, r) -> 0));
        assertTrue(e.getMessage().contains("already bound"), e.getMessage());
        HostStack other = stack(HostConfig.of("127.0.0.1"));
        e = assertThrows(IllegalStateException.class, () -> other.udpBind(a.port(), (so, x, p, pl, r) -> 0));
        assertTrue(e.getMessage().contains("cannot bind UDP 127.0.0.1:" + a.port()), e.getMessage());
        a.close();
        other.udpBind(a.port(), (so, x, p, pl, r) -> 0); // free again after close
    }

    @Test
    void loopServesUntilStoppedAndWakesUp() throws Exception {
        HostStack s = stack(HostConfig.of("127.0.0.1"));
        UdpSocket sock = s.udpBind(0, (so, a, p, payload, reply) -> upper(payload, reply));
        Clock clock = new Clock() {
            public long nanoTime() { return System.nanoTime(); }
            public long wallNanos() { return System.currentTimeMillis() * 1_000_000L; }
        };
        Loop loop = new Loop(s, s.readiness(), clock);
        Thread t = Thread.ofPlatform().name("host-stack-loop").start(loop::run);
        try {
            DatagramSocket c = client();
            for (int i = 0; i < 50; i++) {
                byte[] q = ("q" + i).getBytes(StandardCharsets.US_ASCII);
                c.send(new DatagramPacket(q, q.length, InetAddress.getLoopbackAddress(), sock.port()));
                DatagramPacket p = new DatagramPacket(new byte[16], 16);
                c.receive(p);
                assertEquals("Q" + i, new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII));
            }
        } finally {
            loop.stop();
            t.join(5000);
        }
        assertFalse(t.isAlive(), "stop() woke the selector and ended the loop");
    }

    /** Documents and bounds what the JDK allocates per datagram on the host path (our code adds nothing). */
    @Test
    void perDatagramAllocationIsSmall() throws Exception {
        HostStack s = stack(HostConfig.of("127.0.0.1"));
        UdpSocket sock = s.udpBind(0, (so, a, p, payload, reply) -> upper(payload, reply));
        DatagramSocket c = client();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        byte[] q = new byte[32];
        DatagramPacket out = new DatagramPacket(q, q.length, InetAddress.getLoopbackAddress(), sock.port());
        DatagramPacket in = new DatagramPacket(new byte[64], 64);
        for (int i = 0; i < 3000; i++) { // warm-up
            c.send(out);
            while (s.doWork(0) == 0) { }
            c.receive(in);
        }
        long served = 0;
        long allocated = 0;
        for (int i = 0; i < 2000; i++) {
            c.send(out);
            long before = mx.getThreadAllocatedBytes(tid);
            int n;
            while ((n = s.doWork(0)) == 0) { }
            allocated += mx.getThreadAllocatedBytes(tid) - before;
            served += n;
            c.receive(in);
        }
        long perDatagram = allocated / served;
        System.out.println("host stack: " + perDatagram + " bytes allocated per datagram (JDK receive/select)");
        assertTrue(perDatagram < 64, "host path allocated " + perDatagram + " bytes per datagram");
    }
}

package dev.kiln.examples.dns;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.dns.tcp.DnsTcpConfig;
import dev.kiln.dns.tcp.DnsTcpServer;
import dev.kiln.net.TcpListener;
import dev.kiln.net.host.HostStack;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.Socket;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The appliance's TCP wiring ({@link DnsAppliance#serveTcp}) on the host stack, with an echo responder; the test thread is the loop. */
class DnsTcpOverHostTest {
    static final long MS = 1_000_000L;
    final HostStack stack = HostStack.open("127.0.0.1");
    final DnsTcpServer server = new DnsTcpServer(DnsTcpOverHostTest::echo, DnsTcpConfig.defaults().withIdleTimeoutNs(150 * MS));
    final TcpListener listener = DnsAppliance.serveTcp(stack, server, 0);

    @AfterEach
    void close() { stack.close(); }

    static int echo(MemorySegment q, MemorySegment out) {
        MemorySegment.copy(q, 0, out, 0, q.byteSize());
        out.set(ValueLayout.JAVA_BYTE, 2, (byte) 0x80);
        return (int) q.byteSize();
    }

    void turnUntil(BooleanSupplier done) {
        long end = System.nanoTime() + 10_000 * MS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) fail("not within 10 s: " + stack.counters() + " " + server.counters());
            long at = stack.pollAtNs();
            stack.readiness().await(at == Long.MAX_VALUE ? 50 * MS : Math.max(0, Math.min(50 * MS, at - System.nanoTime())));
            stack.doWork(System.nanoTime());
        }
    }

    static byte[] query(int id) {
        byte[] q = new byte[14];
        q[1] = 12;
        q[2] = (byte) (id >>> 8);
        q[3] = (byte) id;
        return q;
    }

    @Test
    void pipelinedAnswersThenTheIdleConnectionIsClosedByItsTimer() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.port())) {
            s.setSoTimeout(5000);
            byte[] two = new byte[28];
            System.arraycopy(query(0x0102), 0, two, 0, 14);
            System.arraycopy(query(0x0304), 0, two, 14, 14);
            s.getOutputStream().write(two);
            long sent = System.nanoTime();
            turnUntil(() -> server.counters().get("answers") == 2);
            turnUntil(() -> listener.connections() == 0);
            assertTrue(System.nanoTime() - sent >= 150 * MS, "not closed before the idle timeout");
            assertEquals(1L, server.counters().get("closed_idle"));
            InputStream in = s.getInputStream();
            byte[] a = in.readNBytes(28);
            assertEquals(0x01, a[2]);
            assertEquals(0x02, a[3]);
            assertEquals((byte) 0x80, a[4]);
            assertEquals(0x03, a[16]);
            assertEquals(-1, in.read(), "closed in order (FIN) after the answers");
        }
    }

    /** Answers of 60,000 bytes: a client that does not read fills every buffer in a few dozen queries. */
    static int bigEcho(MemorySegment q, MemorySegment out) {
        echo(q, out);
        return 60_000;
    }

    @Test
    void aClientThatDoesNotReadIsNoLongerReadAndLosesNothing() throws Exception {
        DnsTcpServer big = new DnsTcpServer(DnsTcpOverHostTest::bigEcho, DnsTcpConfig.defaults());
        TcpListener l = DnsAppliance.serveTcp(stack, big, 0);
        int n = 400;
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), l.port())) {
            s.setSoTimeout(10_000);
            byte[] all = new byte[14 * n];
            for (int i = 0; i < n; i++) System.arraycopy(query(i), 0, all, 14 * i, 14);
            s.getOutputStream().write(all);
            // the kernel's buffers fill (a few MB), then the send buffer: an answer is deferred and reading pauses
            long[] last = {-1};
            turnUntil(() -> {
                long now = big.counters().get("answers");
                boolean stable = now == last[0] && big.counters().get("answers_deferred") > 0;
                last[0] = now;
                return stable;
            });
            for (int i = 0; i < 20; i++) { stack.readiness().await(5 * MS); stack.doWork(System.nanoTime()); } // a negative check
            long answered = big.counters().get("answers");
            assertEquals(last[0], answered, "no progress while the client does not read");
            assertTrue(answered < n, "the server stopped answering a client that does not read: " + answered);
            var reader = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    InputStream in = s.getInputStream();
                    for (int i = 0; i < n; i++) {
                        byte[] a = in.readNBytes(2 + 60_000);
                        if (a.length < 2 + 60_000 || ((a[2] & 0xff) << 8 | (a[3] & 0xff)) != i) return "answer " + i + " wrong or missing";
                    }
                    return "ok";
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            }, r -> Thread.ofVirtual().start(r));
            try {
                turnUntil(reader::isDone);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + " " + big.counters(), e);
            }
            assertEquals("ok", reader.get());
            assertEquals((long) n, big.counters().get("answers"));
        }
    }

    @Test
    void aLengthThatCannotBeAQueryClosesTheConnection() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(new byte[] {0, 3, 1, 2, 3});
            turnUntil(() -> server.counters().get("closed_bad_length") == 1 && listener.connections() == 0);
            assertEquals(-1, s.getInputStream().read());
        }
    }
}

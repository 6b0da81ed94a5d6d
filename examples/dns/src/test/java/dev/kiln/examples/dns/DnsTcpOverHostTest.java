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

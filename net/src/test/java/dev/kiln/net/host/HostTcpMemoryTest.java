package dev.kiln.net.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The host target's TCP buffers stay within the stack's direct-memory limit ({@link HostConfig#tcpBuffersBytesMax}):
 * send buffers grow as writes need them and go back when the kernel took their bytes, a write that finds no
 * memory takes what fits and hears onWritable later, {@code writable()} is what {@code write} takes, and a
 * connection whose receive buffer does not fit is refused and counted. Before, every connection took its full
 * send buffer at accept, and 123 web connections with 1 MiB buffers ended the 128 MB appliance with
 * {@code OutOfMemoryError: Cannot reserve ... direct buffer memory}.
 */
class HostTcpMemoryTest {
    static final int FILE = 1 << 20, TX = 1 << 20, RX = 16 << 10;
    final List<HostStack> stacks = new ArrayList<>();

    @AfterEach
    void close() { stacks.forEach(HostStack::close); }

    HostStack stack(long limit) {
        HostStack s = HostStack.open(HostConfig.of("127.0.0.1").withTcpBuffersBytesMax(limit));
        stacks.add(s);
        return s;
    }

    static TcpOptions options() {
        return TcpOptions.defaults().withConnectionsMax(64).withRxBufferBytes(RX).withTxBufferBytes(TX).withBuffersBytesMax(64L * (RX + TX));
    }

    /** Sends FILE pattern bytes to each client, as much as write takes each time; counts writes that took less than writable() said. */
    static final class Sender implements TcpHandler {
        final MemorySegment file = MemorySegment.ofArray(pattern());
        final AtomicInteger broken = new AtomicInteger(), finished = new AtomicInteger();

        @Override public void onAccepted(TcpConnection c, long nowNs) { c.attach(new int[1]); push(c); }
        @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return (int) data.byteSize(); }
        @Override public void onWritable(TcpConnection c, long nowNs) { push(c); }
        @Override public void onClosed(TcpConnection c, TcpCloseReason why, long nowNs) { if (why == TcpCloseReason.CLOSED) finished.incrementAndGet(); }

        void push(TcpConnection c) {
            int[] sent = (int[]) c.attachment();
            while (sent[0] < FILE) {
                int room = c.writable(), want = Math.min(FILE - sent[0], room);
                if (want == 0) { c.write(file, sent[0], FILE - sent[0]); return; } // takes nothing: onWritable follows
                int n = c.write(file, sent[0], want);
                if (n != want) broken.incrementAndGet();
                sent[0] += n;
                if (n == 0) return;
            }
            c.close();
        }
    }

    static byte[] pattern() {
        byte[] b = new byte[FILE];
        for (int i = 0; i < FILE; i++) b[i] = (byte) (i * 31 + (i >>> 11));
        return b;
    }

    @Test
    void manyLargeSendersShareASmallLimitAndEveryByteArrives() throws Exception {
        long limit = 512 << 10; // room for eight receive buffers and a few send buffers at once, not eight 1 MiB ones
        HostStack s = stack(limit);
        Sender sender = new Sender();
        TcpListener l = s.tcpListen(0, options(), sender);
        int clients = 8;
        byte[] expected = pattern();
        AtomicInteger right = new AtomicInteger();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            readers.add(Thread.ofVirtual().start(() -> {
                try (Socket c = new Socket(InetAddress.getLoopbackAddress(), l.port())) {
                    c.setSoTimeout(30_000); // a stalled sender fails the test instead of hanging it
                    InputStream in = c.getInputStream();
                    byte[] got = in.readNBytes(FILE + 1);
                    if (java.util.Arrays.equals(expected, got)) right.incrementAndGet();
                } catch (IOException e) {
                    // counted as not right
                }
            }));
        }
        long most = 0;
        long end = System.nanoTime() + 20_000_000_000L;
        while (sender.finished.get() < clients && System.nanoTime() < end) {
            s.readiness().await(20_000_000L);
            s.doWork(System.nanoTime());
            most = Math.max(most, s.buffers().heldBytes());
        }
        for (Thread t : readers) t.join();
        Map<String, Long> counters = s.counters();
        assertEquals(clients, right.get(), "clients that got the whole file byte for byte; counters " + counters);
        assertEquals(0, sender.broken.get(), "writes that took less than writable() said");
        assertTrue(most <= limit, "direct memory held at most " + most + " of " + limit);
        assertEquals(0L, counters.getOrDefault("drop.tcp_buffer_limit", 0L), counters.toString());
        assertTrue(counters.getOrDefault("tcp.memory_waits", 0L) > 0, "the limit was reached and writes waited: " + counters);
    }

    @Test
    void aConnectionWhoseReceiveBufferDoesNotFitIsRefusedAndCounted() throws Exception {
        HostStack s = stack(2 * RX + RX / 2); // two receive buffers, not three
        TcpListener l = s.tcpListen(0, options(), new TcpHandler() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { }
            @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return (int) data.byteSize(); }
        });
        List<Socket> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) open.add(new Socket(InetAddress.getLoopbackAddress(), l.port()));
            HostStackTest.turnUntil(s, () -> s.counters().getOrDefault("tcp.accepted", 0L) + s.counters().getOrDefault("drop.tcp_buffer_limit", 0L) >= 3);
            assertEquals(2L, s.counters().get("tcp.accepted"), s.counters().toString());
            assertEquals(1L, s.counters().get("drop.tcp_buffer_limit"), s.counters().toString());
        } finally {
            for (Socket c : open) c.close();
        }
    }
}

package dev.kiln.net.host;

import static org.junit.jupiter.api.Assertions.*;

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
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TCP API over host sockets, on 127.0.0.1 with ephemeral ports; the test thread is the loop thread. */
class HostTcpTest {
    final List<AutoCloseable> toClose = new ArrayList<>();
    final HostStack stack = HostStack.open("127.0.0.1");
    final List<String> events = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : toClose.reversed()) c.close();
        stack.close();
    }

    Socket connect(TcpListener l) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), l.port());
        s.setSoTimeout(5000);
        toClose.add(s);
        return s;
    }

    void turnUntil(BooleanSupplier done) {
        HostStackTest.turnUntil(stack, done);
    }

    long count(HostCounter c) { return stack.counter(c); }

    static String text(MemorySegment data) { return new String(data.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII); }

    static MemorySegment bytes(String s) { return MemorySegment.ofArray(s.getBytes(StandardCharsets.US_ASCII)); }

    /** Echoes what it can take, records every callback. */
    class Recorder implements TcpHandler {
        TcpConnection conn;
        @Override public void onAccepted(TcpConnection c, long nowNs) { conn = c; events.add("accepted"); }
        @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
            events.add("readable " + text(data));
            return c.write(data, 0, (int) data.byteSize());
        }
        @Override public void onWritable(TcpConnection c, long nowNs) { events.add("writable"); }
        @Override public void onPeerClosed(TcpConnection c, long nowNs) { events.add("peerClosed"); c.close(); }
        @Override public void onClosed(TcpConnection c, TcpCloseReason r, long nowNs) { events.add("closed " + r); }
    }

    @Test
    void echoesInOrderAndReportsTheLifecycle() throws Exception {
        Recorder h = new Recorder();
        TcpListener l = stack.tcpListen(0, TcpOptions.defaults(), h);
        Socket s = connect(l);
        s.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
        turnUntil(() -> count(HostCounter.TCP_TX_BYTES) == 5);
        assertEquals("hello", new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII));
        assertEquals(s.getLocalPort(), h.conn.remotePort());
        assertEquals(stack.ipv4Address(), h.conn.remoteAddress());
        assertEquals(l.port(), h.conn.localPort());
        s.shutdownOutput();
        turnUntil(() -> events.contains("closed CLOSED"));
        assertEquals(-1, s.getInputStream().read(), "the server's FIN after its close");
        assertEquals(List.of("accepted", "readable hello", "peerClosed", "closed CLOSED"), events);
        assertEquals(0, l.connections());
        assertThrows(IllegalStateException.class, () -> h.conn.write(bytes("x"), 0, 1), "a dead handle refuses writes");
    }

    @Test
    void connectionsOverTheCapAreResetAndCounted() throws Exception {
        TcpListener l = stack.tcpListen(0, TcpOptions.defaults().withConnectionsMax(2), new Recorder());
        connect(l);
        connect(l);
        Socket third = connect(l);
        turnUntil(() -> count(HostCounter.TCP_ACCEPTED) + count(HostCounter.DROP_TCP_CONN_LIMIT) == 3);
        assertEquals(2, l.connections());
        assertEquals(1, count(HostCounter.DROP_TCP_CONN_LIMIT));
        assertThrows(SocketException.class, () -> third.getInputStream().read(), "the refused connection is reset");
        assertEquals(1L, stack.counters().get("drop.tcp_conn_limit"));
    }

    @Test
    void connectionsOverTheBufferLimitAreRefused() throws Exception {
        TcpOptions o = TcpOptions.defaults().withRxBufferBytes(1000).withTxBufferBytes(1000).withBuffersBytesMax(3000);
        TcpListener l = stack.tcpListen(0, o, new Recorder());
        connect(l);
        connect(l);
        turnUntil(() -> count(HostCounter.TCP_ACCEPTED) + count(HostCounter.DROP_TCP_BUFFER_LIMIT) == 2);
        assertEquals(1, l.connections());
        assertEquals(1, count(HostCounter.DROP_TCP_BUFFER_LIMIT));
    }

    @Test
    void writeTakesOnlyWhatFitsAndWritableFollows() throws Exception {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31 + 7);
        int[] sent = {0};
        List<Integer> taken = new ArrayList<>();
        TcpHandler h = new TcpHandler() {
            void push(TcpConnection c) {
                int n = c.write(MemorySegment.ofArray(big), sent[0], big.length - sent[0]);
                taken.add(n);
                sent[0] += n;
                if (sent[0] == big.length) c.close();
            }
            @Override public void onAccepted(TcpConnection c, long nowNs) { push(c); }
            @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return (int) d.byteSize(); }
            @Override public void onWritable(TcpConnection c, long nowNs) { push(c); }
        };
        TcpListener l = stack.tcpListen(0, TcpOptions.defaults().withTxBufferBytes(4096), h);
        Socket s = connect(l);
        CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
            try (InputStream in = s.getInputStream()) {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        turnUntil(got::isDone);
        assertArrayEquals(big, got.get());
        assertEquals(4096, taken.getFirst(), "the first write takes exactly the send buffer");
        assertTrue(taken.stream().allMatch(n -> n <= 4096), "never more than the buffer: " + taken);
        assertTrue(taken.size() > 1);
    }

    @Test
    void pausedConnectionKeepsItsBytesAndTheFinUntilResumed() throws Exception {
        Recorder h = new Recorder() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { super.onAccepted(c, nowNs); c.pauseReading(); }
        };
        TcpListener l = stack.tcpListen(0, TcpOptions.defaults(), h);
        Socket s = connect(l);
        s.getOutputStream().write("xyz".getBytes(StandardCharsets.US_ASCII));
        s.shutdownOutput();
        turnUntil(() -> h.conn != null);
        for (int i = 0; i < 20; i++) { stack.readiness().await(5_000_000L); stack.doWork(System.nanoTime()); } // a negative check
        assertEquals(List.of("accepted"), events, "nothing is reported while paused");
        h.conn.resumeReading();
        turnUntil(() -> events.contains("closed CLOSED"));
        assertEquals(List.of("accepted", "readable xyz", "peerClosed", "closed CLOSED"), events);
        assertEquals("xyz", new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void partialConsumptionOffersTheRestWithMoreBytes() throws Exception {
        List<String> seen = new ArrayList<>();
        TcpHandler h = new TcpHandler() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { }
            @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) {
                seen.add(text(d));
                return d.byteSize() >= 4 ? 4 : 0; // whole 4-byte "messages" only
            }
        };
        TcpListener l = stack.tcpListen(0, TcpOptions.defaults(), h);
        Socket s = connect(l);
        s.getOutputStream().write("ab".getBytes(StandardCharsets.US_ASCII));
        turnUntil(() -> seen.size() == 1);
        s.getOutputStream().write("cdef".getBytes(StandardCharsets.US_ASCII));
        turnUntil(() -> seen.size() == 2);
        assertEquals(List.of("ab", "abcdef"), seen);
    }

    @Test
    void abortResetsThePeer() throws Exception {
        Recorder h = new Recorder() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { super.onAccepted(c, nowNs); c.abort(); }
        };
        TcpListener l = stack.tcpListen(0, TcpOptions.defaults(), h);
        Socket s = connect(l);
        turnUntil(() -> events.contains("closed ABORTED"));
        assertThrows(SocketException.class, () -> s.getInputStream().read());
        assertEquals(List.of("accepted", "closed ABORTED"), events);
    }

    @Test
    void peerResetIsReported() throws Exception {
        Recorder h = new Recorder();
        TcpListener l = stack.tcpListen(0, TcpOptions.defaults(), h);
        Socket s = connect(l);
        turnUntil(() -> h.conn != null);
        s.setSoLinger(true, 0);
        s.close();
        turnUntil(() -> events.size() > 1);
        assertEquals(List.of("accepted", "closed RESET"), events);
        assertEquals(1, count(HostCounter.DROP_TCP_RESET));
    }

    @Test
    void timerFiresAtItsDeadlineAndPollAtNsShowsIt() throws Exception {
        long[] fired = {0};
        long[] asked = {0};
        TcpHandler h = new TcpHandler() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { asked[0] = nowNs + 2_000_000; c.timerAt(asked[0]); }
            @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return 0; }
            @Override public void onTimer(TcpConnection c, long nowNs) { fired[0] = nowNs; c.close(); }
        };
        TcpListener l = stack.tcpListen(0, TcpOptions.defaults(), h);
        Socket s = connect(l);
        turnUntil(() -> asked[0] != 0);
        assertEquals(asked[0], stack.pollAtNs());
        turnUntil(() -> fired[0] != 0);
        assertTrue(fired[0] >= asked[0]);
        assertEquals(-1, s.getInputStream().read());
        assertEquals(Long.MAX_VALUE, stack.pollAtNs());
    }

    @Test
    void aThrowingHandlerAbortsOnlyItsConnection() throws Exception {
        Recorder h = new Recorder() {
            @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
                if (text(data).startsWith("boom")) throw new IllegalStateException("planted");
                return super.onReadable(c, data, nowNs);
            }
        };
        TcpListener l = stack.tcpListen(0, TcpOptions.defaults(), h);
        Socket bad = connect(l);
        bad.getOutputStream().write("boom".getBytes(StandardCharsets.US_ASCII));
        turnUntil(() -> events.contains("closed ABORTED"));
        assertEquals(1, count(HostCounter.DROP_TCP_HANDLER_ERROR));
        Socket good = connect(l);
        good.getOutputStream().write("ok".getBytes(StandardCharsets.US_ASCII));
        turnUntil(() -> count(HostCounter.TCP_TX_BYTES) == 2);
        assertEquals("ok", new String(good.getInputStream().readNBytes(2), StandardCharsets.US_ASCII));
    }

    @Test
    void closingTheListenerEndsItsConnectionsAndFreesThePort() throws Exception {
        Recorder h = new Recorder();
        TcpListener l = stack.tcpListen(0, TcpOptions.defaults(), h);
        connect(l);
        turnUntil(() -> h.conn != null);
        int port = l.port();
        l.close();
        assertEquals(List.of("accepted", "closed STACK_CLOSED"), events);
        TcpListener again = stack.tcpListen(port, TcpOptions.defaults(), h);
        assertEquals(port, again.port());
        assertThrows(IllegalStateException.class, () -> stack.tcpListen(port, TcpOptions.defaults(), h));
    }

    @Test
    void optionsAreCheckedWithAMessage() {
        var e = assertThrows(IllegalArgumentException.class, () -> TcpOptions.defaults().withConnectionsMax(0));
        assertTrue(e.getMessage().contains("connectionsMax"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TcpOptions.defaults().withBuffersBytesMax(10));
        assertTrue(e.getMessage().contains("buffersBytesMax"), e.getMessage());
        assertFalse(Arrays.asList(HostCounter.values()).isEmpty());
    }
}

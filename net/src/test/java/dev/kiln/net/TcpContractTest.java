package dev.kiln.net;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The TCP contract ({@link TcpHandler}'s documentation) as behaviour every target must show, written
 * against the API alone: the server side listens, the client side connects with
 * {@link NetStack#tcpConnect}. One subclass per target says how its stacks are driven.
 */
public abstract class TcpContractTest {
    /** The stack that listens. */
    protected abstract NetStack server();

    /** The stack that connects (may be the server's). */
    protected abstract NetStack client();

    /** The address the client connects to. */
    protected abstract int serverAddress();

    /** The address the server sees the client at. */
    protected abstract int clientAddress();

    /** Runs the stacks until {@code done}; fails if it takes too long. */
    protected abstract void turnUntil(BooleanSupplier done);

    /** Runs the stacks for {@code ns} of their time (a negative check). */
    protected abstract void passTime(long ns);

    protected long counter(NetStack s, String name) { return s.counters().getOrDefault(name, 0L); }

    protected static String text(MemorySegment d) { return new String(d.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII); }

    protected static MemorySegment bytes(String s) { return MemorySegment.ofArray(s.getBytes(StandardCharsets.US_ASCII)); }

    protected final List<String> events = new ArrayList<>();

    /** The server's side: echoes what it can take, records every callback. */
    protected class Recorder implements TcpHandler {
        public TcpConnection conn;
        @Override public void onAccepted(TcpConnection c, long nowNs) { conn = c; events.add("accepted"); }
        @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
            events.add("readable " + text(data));
            return c.write(data, 0, (int) data.byteSize());
        }
        @Override public void onWritable(TcpConnection c, long nowNs) { events.add("writable"); }
        @Override public void onPeerClosed(TcpConnection c, long nowNs) { events.add("peerClosed"); c.close(); }
        @Override public void onClosed(TcpConnection c, TcpCloseReason r, long nowNs) { events.add("closed " + r); }
    }

    /** The client's side: sends {@code toSend} (then half-closes if asked), keeps what it receives, records callbacks. */
    public static class Client implements TcpHandler {
        public final List<String> log = new ArrayList<>();
        public final ByteArrayOutputStream got = new ByteArrayOutputStream();
        public TcpConnection conn;
        byte[] toSend = new byte[0];
        int sent;
        boolean halfClose;

        public Client() { }

        public Client sending(byte[] b, boolean halfClose) { toSend = b; this.halfClose = halfClose; return this; }

        /** The bytes of {@code b}, mostly lent from a global native copy ({@link TcpConnection#writeImmutable}), some chunks copied. */
        public Client lending(byte[] b, boolean halfClose) {
            lent = Arena.global().allocate(Math.max(1, b.length));
            MemorySegment.copy(MemorySegment.ofArray(b), 0, lent, 0, b.length);
            return sending(b, halfClose);
        }

        MemorySegment lent;
        boolean peerGone;

        void push(TcpConnection c) {
            while (sent < toSend.length) {
                int len = lent == null ? toSend.length - sent : Math.min(toSend.length - sent, 3000 + sent % 7000);
                boolean byRef = lent != null && (sent / 1000) % 4 != 0; // mostly lent, a copied chunk now and then
                int n = byRef ? c.writeImmutable(lent, sent, len) : c.write(MemorySegment.ofArray(toSend), sent, len);
                sent += n;
                if (n < len) break;
            }
            if (sent < toSend.length) return;
            if (halfClose) { halfClose = false; c.shutdownOutput(); }
            if (peerGone) c.close(); // the peer is done and so are we
        }

        @Override public void onAccepted(TcpConnection c, long nowNs) { conn = c; log.add("established"); push(c); }
        @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { got.writeBytes(d.toArray(ValueLayout.JAVA_BYTE)); return (int) d.byteSize(); }
        @Override public void onWritable(TcpConnection c, long nowNs) { push(c); }
        @Override public void onPeerClosed(TcpConnection c, long nowNs) { log.add("peerClosed"); peerGone = true; push(c); }
        @Override public void onClosed(TcpConnection c, TcpCloseReason r, long nowNs) { log.add("closed " + r); }

        public boolean ended() { return !log.isEmpty() && log.getLast().startsWith("closed"); }
    }

    protected TcpConnection connect(TcpListener l, Client h) { return client().tcpConnect(serverAddress(), l.port(), TcpOptions.defaults(), h); }

    @Test
    void echoesInOrderAndReportsTheLifecycle() {
        Recorder h = new Recorder();
        TcpListener l = server().tcpListen(0, TcpOptions.defaults(), h);
        Client c = new Client().sending("hello".getBytes(StandardCharsets.US_ASCII), true);
        TcpConnection cc = connect(l, c);
        turnUntil(() -> events.contains("closed CLOSED") && c.ended());
        assertEquals(List.of("accepted", "readable hello", "peerClosed", "closed CLOSED"), events);
        assertEquals(List.of("established", "peerClosed", "closed CLOSED"), c.log);
        assertEquals("hello", c.got.toString(StandardCharsets.US_ASCII));
        assertEquals(clientAddress(), h.conn.remoteAddress());
        assertEquals(cc.localPort(), h.conn.remotePort());
        assertEquals(l.port(), h.conn.localPort());
        assertEquals(l.port(), cc.remotePort());
        assertEquals(0, l.connections());
        assertThrows(IllegalStateException.class, () -> h.conn.write(bytes("x"), 0, 1), "a dead handle refuses writes");
        assertThrows(IllegalStateException.class, () -> cc.close(), "a dead client handle too");
    }

    /** Lent bytes mixed with copied ones arrive byte-exact, in the order written, with back-pressure between (writeImmutable). */
    @Test
    void immutableWritesMixedWithCopiesArriveByteExact() {
        Client s = new Client();
        TcpListener l = server().tcpListen(0, TcpOptions.defaults(), s);
        byte[] data = new byte[3 << 20];
        new java.util.Random(9).nextBytes(data);
        Client c = new Client().lending(data, true);
        connect(l, c);
        turnUntil(() -> c.ended() && s.ended());
        assertArrayEquals(data, s.got.toByteArray());
        assertThrows(IllegalStateException.class, () -> c.conn.writeImmutable(c.lent, 0, 1), "a dead handle refuses lent writes");
    }

    @Test
    void bytesWrittenBeforeTheHandshakeAreSentAfterIt() {
        Recorder h = new Recorder();
        TcpListener l = server().tcpListen(0, TcpOptions.defaults(), h);
        Client c = new Client();
        TcpConnection cc = connect(l, c);
        assertEquals(5, cc.write(bytes("early"), 0, 5));
        cc.shutdownOutput();
        turnUntil(() -> events.contains("closed CLOSED") && c.ended());
        assertEquals("early", c.got.toString(StandardCharsets.US_ASCII));
        assertEquals(List.of("established", "peerClosed", "closed CLOSED"), c.log);
    }

    /** RFC 1122 §4.2.3.6: keep-alives default to off and are switched per connection, before or after the handshake. */
    @Test
    void keepAliveIsOffByDefaultAndSwitchablePerConnection() {
        Recorder h = new Recorder();
        TcpListener l = server().tcpListen(0, TcpOptions.defaults(), h);
        Client c = new Client();
        TcpConnection cc = connect(l, c);
        assertNull(cc.keepAlive(), "off by default on an active open");
        TcpKeepAlive k = new TcpKeepAlive(30, 7, 4);
        cc.keepAlive(k); // before the handshake
        turnUntil(() -> h.conn != null && c.conn != null);
        assertNull(h.conn.keepAlive(), "off by default on an accepted connection");
        assertEquals(k, cc.keepAlive());
        h.conn.keepAlive(true);
        assertEquals(TcpKeepAlive.defaults(), h.conn.keepAlive());
        cc.keepAlive(false);
        assertNull(cc.keepAlive());
        assertThrows(IllegalArgumentException.class, () -> new TcpKeepAlive(0, 75, 9), "an idle time of 0 is refused with its range");
        cc.close();
        turnUntil(() -> events.contains("closed CLOSED") && c.ended());
        assertThrows(IllegalStateException.class, () -> cc.keepAlive(true), "a dead handle refuses it");
    }

    @Test
    void connectingToAClosedPortIsRefused() {
        TcpListener gone = server().tcpListen(0, TcpOptions.defaults(), new Recorder());
        int port = gone.port();
        gone.close();
        Client c = new Client();
        client().tcpConnect(serverAddress(), port, TcpOptions.defaults(), c);
        turnUntil(c::ended);
        assertEquals(List.of("closed REFUSED"), c.log, "no onAccepted, only onClosed");
    }

    @Test
    void connectionsOverTheCapAreResetAndCounted() {
        TcpListener l = server().tcpListen(0, TcpOptions.defaults().withConnectionsMax(2), new Recorder());
        List<Client> cs = List.of(new Client(), new Client(), new Client());
        cs.forEach(c -> connect(l, c));
        turnUntil(() -> l.connections() == 2 && cs.stream().anyMatch(Client::ended));
        passTime(20_000_000L);
        assertEquals(2, l.connections());
        assertEquals(1, counter(server(), "drop.tcp_conn_limit"));
        assertEquals(1, cs.stream().filter(Client::ended).count());
        String end = cs.stream().filter(Client::ended).findFirst().orElseThrow().log.getLast();
        assertTrue(end.equals("closed RESET") || end.equals("closed REFUSED"), "the refused client is reset: " + end);
    }

    @Test
    void connectionsOverTheBufferLimitAreRefused() {
        TcpOptions o = TcpOptions.defaults().withRxBufferBytes(1000).withTxBufferBytes(1000).withBuffersBytesMax(3000);
        TcpListener l = server().tcpListen(0, o, new Recorder());
        Client a = new Client(), b = new Client();
        connect(l, a);
        connect(l, b);
        turnUntil(() -> l.connections() == 1 && (a.ended() || b.ended()));
        assertEquals(1, counter(server(), "drop.tcp_buffer_limit"));
    }

    @Test
    void writeTakesOnlyWhatFitsAndWritableFollows() {
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
        TcpListener l = server().tcpListen(0, TcpOptions.defaults().withTxBufferBytes(4096), h);
        Client c = new Client();
        connect(l, c);
        turnUntil(c::ended);
        assertArrayEquals(big, c.got.toByteArray());
        assertEquals(4096, taken.getFirst(), "the first write takes exactly the send buffer");
        assertTrue(taken.stream().allMatch(n -> n <= 4096), "never more than the buffer: " + taken);
        assertTrue(taken.size() > 1);
    }

    @Test
    void pausedConnectionKeepsItsBytesAndTheFinUntilResumed() {
        Recorder h = new Recorder() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { super.onAccepted(c, nowNs); c.pauseReading(); }
        };
        TcpListener l = server().tcpListen(0, TcpOptions.defaults(), h);
        Client c = new Client().sending("xyz".getBytes(StandardCharsets.US_ASCII), true);
        connect(l, c);
        turnUntil(() -> h.conn != null && c.sent == 3);
        passTime(50_000_000L); // a negative check: the bytes and the FIN arrive meanwhile
        assertEquals(List.of("accepted"), events, "nothing is reported while paused");
        h.conn.resumeReading();
        turnUntil(() -> events.contains("closed CLOSED") && c.ended());
        assertEquals(List.of("accepted", "readable xyz", "peerClosed", "closed CLOSED"), events);
        assertEquals("xyz", c.got.toString(StandardCharsets.US_ASCII));
    }

    /**
     * A half-closed side reaches TIME-WAIT when the peer's bytes and FIN arrive: while it is paused,
     * they are still held for it (TcpStreams' echo lost its last kilobytes to this), not dropped by onClosed.
     */
    @Test
    void halfClosedPausedConnectionKeepsTheLastBytesAndTheFinUntilResumed() {
        TcpHandler h = new TcpHandler() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { c.write(bytes("xyz"), 0, 3); c.close(); }
            @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return (int) d.byteSize(); }
        };
        TcpListener l = server().tcpListen(0, TcpOptions.defaults(), h);
        Client c = new Client() {
            @Override public void onAccepted(TcpConnection cc, long nowNs) { cc.pauseReading(); super.onAccepted(cc, nowNs); }
        }.sending(new byte[0], true);
        connect(l, c);
        turnUntil(() -> c.conn != null && l.connections() == 0);
        passTime(50_000_000L); // a negative check: the bytes and the FIN arrive meanwhile
        assertEquals(List.of("established"), c.log, "nothing is reported while paused");
        c.conn.resumeReading();
        turnUntil(c::ended);
        assertEquals(List.of("established", "peerClosed", "closed CLOSED"), c.log);
        assertEquals("xyz", c.got.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void partialConsumptionOffersTheRestWithMoreBytes() {
        List<String> seen = new ArrayList<>();
        TcpHandler h = new TcpHandler() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { }
            @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) {
                seen.add(text(d));
                return d.byteSize() >= 4 ? 4 : 0; // whole 4-byte "messages" only
            }
        };
        TcpListener l = server().tcpListen(0, TcpOptions.defaults(), h);
        Client c = new Client().sending("ab".getBytes(StandardCharsets.US_ASCII), false);
        connect(l, c);
        turnUntil(() -> seen.size() == 1);
        c.conn.write(bytes("cdef"), 0, 4);
        turnUntil(() -> seen.size() == 2);
        assertEquals(List.of("ab", "abcdef"), seen);
    }

    @Test
    void abortResetsThePeer() {
        Recorder h = new Recorder() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { super.onAccepted(c, nowNs); c.abort(); }
        };
        TcpListener l = server().tcpListen(0, TcpOptions.defaults(), h);
        Client c = new Client();
        connect(l, c);
        turnUntil(() -> events.contains("closed ABORTED") && c.ended());
        assertEquals(List.of("accepted", "closed ABORTED"), events);
        assertEquals("closed RESET", c.log.getLast());
    }

    @Test
    void peerResetIsReported() {
        Recorder h = new Recorder();
        TcpListener l = server().tcpListen(0, TcpOptions.defaults(), h);
        Client c = new Client();
        connect(l, c);
        turnUntil(() -> h.conn != null && c.conn != null);
        long before = counter(server(), "drop.tcp_reset");
        c.conn.abort();
        turnUntil(() -> events.size() > 1 && c.ended());
        assertEquals(List.of("accepted", "closed RESET"), events);
        assertEquals(List.of("established", "closed ABORTED"), c.log);
        assertEquals(before + 1, counter(server(), "drop.tcp_reset"));
    }

    @Test
    void timerFiresAtItsDeadlineAndPollAtNsShowsIt() {
        long[] fired = {0};
        long[] asked = {0};
        TcpHandler h = new TcpHandler() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { asked[0] = nowNs + 2_000_000; c.timerAt(asked[0]); }
            @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return 0; }
            @Override public void onTimer(TcpConnection c, long nowNs) { fired[0] = nowNs; c.close(); }
        };
        TcpListener l = server().tcpListen(0, TcpOptions.defaults(), h);
        Client c = new Client();
        connect(l, c);
        turnUntil(() -> asked[0] != 0);
        assertTrue(server().pollAtNs() <= asked[0], "the stack wakes for the timer: " + server().pollAtNs() + " > " + asked[0]);
        assertEquals(0, fired[0]);
        turnUntil(() -> fired[0] != 0 && c.ended());
        assertTrue(fired[0] >= asked[0]);
        assertEquals(List.of("established", "peerClosed", "closed CLOSED"), c.log);
    }

    @Test
    void aThrowingHandlerAbortsOnlyItsConnection() {
        Recorder h = new Recorder() {
            @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
                if (text(data).startsWith("boom")) throw new IllegalStateException("planted");
                return super.onReadable(c, data, nowNs);
            }
        };
        TcpListener l = server().tcpListen(0, TcpOptions.defaults(), h);
        Client bad = new Client().sending("boom".getBytes(StandardCharsets.US_ASCII), false);
        connect(l, bad);
        turnUntil(() -> events.contains("closed ABORTED") && bad.ended());
        assertEquals(1, counter(server(), "drop.tcp_handler_error"));
        assertEquals("closed RESET", bad.log.getLast());
        Client good = new Client().sending("ok".getBytes(StandardCharsets.US_ASCII), false);
        connect(l, good);
        turnUntil(() -> good.got.size() == 2);
        assertEquals("ok", good.got.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void closingTheListenerEndsItsConnectionsAndFreesThePort() {
        Recorder h = new Recorder();
        TcpListener l = server().tcpListen(0, TcpOptions.defaults(), h);
        Client c = new Client();
        connect(l, c);
        turnUntil(() -> h.conn != null);
        int port = l.port();
        l.close();
        assertEquals(List.of("accepted", "closed STACK_CLOSED"), events);
        turnUntil(c::ended);
        assertEquals("closed RESET", c.log.getLast());
        TcpListener again = server().tcpListen(port, TcpOptions.defaults(), h);
        assertEquals(port, again.port());
        assertThrows(IllegalStateException.class, () -> server().tcpListen(port, TcpOptions.defaults(), h));
    }

    @Test
    void fourMebibytesEachWayArriveByteExact() {
        byte[] up = new byte[4 << 20], down = new byte[4 << 20];
        new Random(1).nextBytes(up);
        new Random(2).nextBytes(down);
        ByteArrayOutputStream serverGot = new ByteArrayOutputStream();
        Client server = new Client() {
            @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { serverGot.writeBytes(d.toArray(ValueLayout.JAVA_BYTE)); return (int) d.byteSize(); }
        }.sending(down, true);
        TcpListener l = server().tcpListen(0, TcpOptions.defaults(), server);
        Client c = new Client().sending(up, true);
        connect(l, c);
        turnUntil(() -> c.ended() && server.ended());
        assertEquals(up.length, serverGot.size());
        assertArrayEquals(up, serverGot.toByteArray());
        assertArrayEquals(down, c.got.toByteArray());
        assertEquals("closed CLOSED", c.log.getLast());
        assertEquals("closed CLOSED", server.log.getLast());
    }
}

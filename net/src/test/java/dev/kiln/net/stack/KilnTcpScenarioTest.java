package dev.kiln.net.stack;

import static dev.kiln.net.stack.TcpFrames.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC scenarios at the frame level: a scripted peer against one KilnStack (StackHarness at 192.0.2.2). */
class KilnTcpScenarioTest {
    static final long MS = 1_000_000L;
    final StackHarness h = new StackHarness();

    static final TcpHandler SINK = new TcpHandler() {
        @Override public void onAccepted(TcpConnection c, long nowNs) { }
        @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return (int) d.byteSize(); }
    };

    TcpRepr only(List<byte[]> out) {
        assertEquals(1, out.size(), "one segment expected, got " + out.size());
        return tcpOf(out.getFirst());
    }

    @Test
    void synToAClosedPortIsAnsweredWithRstAck() {
        h.learnPeer(0);
        TcpRepr r = only(h.run(MS, fromPeer(segment(40000, 81, 1000, 0, SYN, 0))));
        assertEquals(RST | ACK, r.flags());
        assertEquals(0, r.seq());
        assertEquals(1001, r.ack(), "RFC 9293 §3.10.7.1: ACK = SEG.SEQ + SEG.LEN");
        assertEquals(81, r.srcPort());
        assertEquals(40000, r.dstPort());
        assertEquals(1, h.count(Counter.DROP_TCP_NO_CONNECTION));
        assertEquals(1, h.count(Counter.TX_TCP_RESETS));
    }

    @Test
    void ackToAClosedPortGetsRstAtItsAckAndRstGetsNothing() {
        h.learnPeer(0);
        TcpRepr r = only(h.run(MS, fromPeer(segment(40000, 81, 1000, 5000, ACK, 0))));
        assertEquals(RST, r.flags());
        assertEquals(5000, r.seq());
        assertTrue(h.run(2 * MS, fromPeer(segment(40000, 81, 1000, 5000, RST, 0))).isEmpty(), "an RST is never answered");
    }

    @Test
    void badChecksumIsDroppedAndCounted() {
        h.learnPeer(0);
        h.stack.tcpListen(80, TcpOptions.defaults(), SINK);
        byte[] f = fromPeer(segment(40000, 80, 1000, 0, SYN, 0));
        f[14 + 20 + 16] ^= 0x55; // the TCP checksum
        assertTrue(h.run(MS, f).isEmpty());
        assertEquals(1, h.count(Counter.DROP_TCP_BAD_CHECKSUM));
        assertEquals(0, h.stack.tcpConnections());
    }

    @Test
    void badDataOffsetIsDroppedAsMalformed() {
        h.learnPeer(0);
        byte[] f = fromPeer(segment(40000, 80, 1000, 0, SYN, 0));
        f[14 + 20 + 12] = (byte) 0x30; // 3 words: shorter than a header
        assertTrue(h.run(MS, f).isEmpty());
        assertEquals(1, h.count(Counter.DROP_TCP_MALFORMED));
    }

    @Test
    void synOverConnectionsMaxGetsRstAndIsCounted() {
        h.learnPeer(0);
        h.stack.tcpListen(80, TcpOptions.defaults().withConnectionsMax(1), SINK);
        assertEquals(SYN | ACK, only(h.run(MS, fromPeer(segment(40000, 80, 1000, 0, SYN, 0)))).flags());
        TcpRepr r = only(h.run(2 * MS, fromPeer(segment(40001, 80, 7000, 0, SYN, 0))));
        assertEquals(RST | ACK, r.flags());
        assertEquals(7001, r.ack());
        assertEquals(1, h.count(Counter.DROP_TCP_CONN_LIMIT));
        assertEquals(1, h.stack.tcpConnections());
    }

    @Test
    void synBeyondTheBacklogIsAnsweredWithACookieThatCompletesTheHandshake() {
        h.learnPeer(0);
        int[] accepted = {0};
        h.stack.tcpListen(80, TcpOptions.defaults().withBacklog(1), new TcpHandler() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { accepted[0]++; }
            @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return (int) d.byteSize(); }
        });
        TcpRepr first = only(h.run(MS, fromPeer(segment(40000, 80, 1000, 0, SYN, 0))));
        assertEquals(SYN | ACK, first.flags());
        TcpRepr cookie = only(h.run(2 * MS, fromPeer(segment(40001, 80, 7000, 0, SYN, 0))));
        assertEquals(SYN | ACK, cookie.flags(), "RFC 4987 §3.6: the full queue answers with a SYN cookie, keeping no state");
        assertEquals(7001, cookie.ack());
        assertEquals(1, h.stack.tcpConnections(), "only the first SYN holds state");
        h.run(3 * MS, fromPeer(segment(40000, 80, 1001, first.seq() + 1, ACK, 0))); // the first completes and leaves the queue
        assertEquals(1, accepted[0]);
        h.run(4 * MS, fromPeer(segment(40001, 80, 7001, cookie.seq() + 1, ACK, 0)));
        assertEquals(2, accepted[0], "the cookie's ACK makes an established connection, accepted");
        assertEquals(2, h.stack.tcpConnections());
        assertEquals(0, h.count(Counter.DROP_TCP_BACKLOG));
        assertEquals(1, h.count(Counter.TX_TCP_SYN_COOKIES));
        assertEquals(1, h.count(Counter.TCP_SYN_COOKIES_VALID));
    }

    /** The application closes first; the peer's FIN puts the connection in TIME-WAIT, held by the table. */
    @Test
    void timeWaitAnswersARetransmittedFinAndAnewSynThenExpires() {
        h.learnPeer(0);
        h.stack.tcpListen(80, TcpOptions.defaults(), new TcpHandler() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { c.close(); }
            @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return 0; }
        });
        TcpRepr synAck = only(h.run(MS, fromPeer(segment(40000, 80, 1000, 0, SYN, 0))));
        int iss = synAck.seq();
        TcpRepr fin = only(h.run(2 * MS, fromPeer(segment(40000, 80, 1001, iss + 1, ACK, 0))));
        assertEquals(FIN | ACK, fin.flags(), "close right after accept: FIN");
        assertTrue(h.run(3 * MS, fromPeer(segment(40000, 80, 1001, iss + 2, ACK, 0))).isEmpty()); // FIN-WAIT-2
        TcpRepr ack = only(h.run(4 * MS, fromPeer(segment(40000, 80, 1001, iss + 2, FIN | ACK, 0))));
        assertEquals(ACK, ack.flags());
        assertEquals(1002, ack.ack());
        assertEquals(1, h.stack.tcpTimeWaitEntries());
        assertEquals(0, h.stack.tcpConnections(), "the TCB is gone; the table keeps what TIME-WAIT needs");
        TcpRepr again = only(h.run(5 * MS, fromPeer(segment(40000, 80, 1001, iss + 2, FIN | ACK, 0))));
        assertEquals(1002, again.ack(), "a retransmitted FIN is acknowledged again");
        assertEquals(ACK, only(h.run(6 * MS, fromPeer(segment(40000, 80, 90000, 0, SYN, 0)))).flags(), "a SYN for the tuple gets an ACK, no reuse");
        long now = 6 * MS, twoMsl = 60_000 * MS; // the FIN at 5 ms restarted 2 MSL
        for (int i = 0; i < 10 && h.stack.tcpTimeWaitEntries() > 0; i++) {
            long at = h.stack.pollAtNs();
            assertTrue(at > now && at <= 5 * MS + twoMsl, "pollAtNs leads to the expiry: " + at);
            h.run(now = at);
        }
        assertEquals(0, h.stack.tcpTimeWaitEntries());
        assertEquals(5 * MS + twoMsl, now, "expired exactly 2 MSL after the last FIN");
        h.learnPeer(now); // the neighbour entry expired meanwhile too
        assertEquals(SYN | ACK, only(h.run(now + MS, fromPeer(segment(40000, 80, 90000, 0, SYN, 0)))).flags());
    }

    @Test
    void executeFromAnotherThreadCallsTheWakerAndRunsOnTheNextTurn() throws Exception {
        int[] wakeups = {0};
        h.stack.waker(() -> wakeups[0]++);
        boolean[] ran = {false};
        Thread t = Thread.ofPlatform().start(() -> h.stack.execute(() -> ran[0] = true));
        t.join();
        assertEquals(1, wakeups[0]);
        assertEquals(0, h.stack.pollAtNs(), "a waiting task makes the stack due now");
        assertFalse(ran[0]);
        h.run(MS);
        assertTrue(ran[0]);
        assertNotEquals(0, h.stack.pollAtNs());
    }

    @Test
    void activeOpensAreBoundedByTcpConnectsMax() {
        StackHarness one = new StackHarness(StackConfig.builder(Frames.OUR_IP, 24).tcpConnectsMax(1));
        one.learnPeer(0);
        TcpConnection c = one.stack.tcpConnect(Frames.PEER_IP, 80, TcpOptions.defaults(), new dev.kiln.net.TcpContractTest.Client());
        assertEquals(SYN, only(one.run(MS)).flags());
        var e = assertThrows(IllegalStateException.class, () -> one.stack.tcpConnect(Frames.PEER_IP, 81, TcpOptions.defaults(), SINK));
        assertTrue(e.getMessage().contains("tcpConnectsMax"), e.getMessage());
        c.abort();
        one.run(2 * MS);
        assertNotNull(one.stack.tcpConnect(Frames.PEER_IP, 81, TcpOptions.defaults(), SINK), "the slot is free again once the first is gone");
    }
}

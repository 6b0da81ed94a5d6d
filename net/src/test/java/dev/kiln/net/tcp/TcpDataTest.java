package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Data in ESTABLISHED: acceptability (RFC 9293 §3.10.7.4), windows (§3.8.6), retransmission (§3.8.1). */
class TcpDataTest {
    final Peer p = new Peer(TcpConfig.DEFAULT.withOptions(false, false, false).withRecvBufBytes(4096));
    final Tcb t = p.established(0);
    final int una = t.sndUna, rcv = p.iss + 1;

    static MemorySegment bytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) i;
        return MemorySegment.ofArray(b);
    }

    @Test
    void inOrderDataIsAckedAndReadable() {
        deliver(t, seg(rcv, una, ACK | PSH, 65535, TcpOptionsRepr.EMPTY, 3), new byte[] {'a', 'b', 'c'}, 1);
        assertEquals(List.of(TcpEvent.READABLE), events(t));
        assertEquals(List.of(), sent(t), "RFC 9293 §3.8.6.3: the ACK of one segment is delayed");
        assertEquals(1 + TcpConfig.DEFAULT.delayedAckNs(), t.pollAtNs());
        t.onTimer(t.pollAtNs());
        OutSegment ack = sentOne(t);
        assertAck(ack, una, rcv + 3);
        assertEquals(4096 - 3, ack.header().window());
        byte[] dst = new byte[10];
        assertEquals(3, t.read(dst, 0, 10, 2));
        assertEquals('c', dst[2]);
    }

    @Test
    void overlappingRetransmissionDeliversOnlyTheNewBytes() {
        deliver(t, seg(rcv, una, ACK, 65535, TcpOptionsRepr.EMPTY, 2), new byte[] {1, 2}, 1);
        deliver(t, seg(rcv, una, ACK, 65535, TcpOptionsRepr.EMPTY, 4), new byte[] {1, 2, 3, 4}, 2);
        byte[] dst = new byte[10];
        assertEquals(4, t.read(dst, 0, 10, 3));
        assertArrayEquals(new byte[] {1, 2, 3, 4}, java.util.Arrays.copyOf(dst, 4));
    }

    @Test
    void outOfOrderDataGetsDuplicateAck() {
        deliver(t, seg(rcv + 100, una, ACK, 65535, TcpOptionsRepr.EMPTY, 3), new byte[3], 1);
        assertAck(sentOne(t), una, rcv);
        assertEquals(0, t.readable(), "kept out of order, not readable before the hole fills");
    }

    @Test
    void establishedOutOfWindowDataGetsAck() {
        deliver(t, seg(rcv + 5000, una, ACK, 65535, TcpOptionsRepr.EMPTY, 3), new byte[3], 1);
        assertAck(sentOne(t), una, rcv);
        deliver(t, seg(rcv - 10, una, ACK, 65535, TcpOptionsRepr.EMPTY, 3), new byte[3], 1);
        assertAck(sentOne(t), una, rcv);
        assertEquals(0, t.readable());
    }

    @Test
    void fullReceiveBufferClosesTheWindowAndReadingReopensIt() {
        deliver(t, seg(rcv, una, ACK, 65535, TcpOptionsRepr.EMPTY, 4096), new byte[4096], 1);
        assertEquals(0, sentOne(t).header().window(), "more than two full-sized segments: acknowledged at once");
        deliver(t, seg(rcv + 4096, una, ACK, 65535, TcpOptionsRepr.EMPTY, 1), new byte[1], 2);
        assertAck(sentOne(t), una, rcv + 4096);
        assertEquals(4096, t.read(new byte[4096], 0, 4096, 3));
        OutSegment update = sentOne(t);
        assertAck(update, una, rcv + 4096);
        assertEquals(4096, update.header().window(), "window update after the read");
    }

    @Test
    void sendSplitsAtMssAndStopsAtThePeersWindow() {
        deliver(t, seg(rcv, una, ACK, 3000, TcpOptionsRepr.EMPTY, 0), 1);
        assertEquals(4000, t.send(bytes(4000), 0, 4000, 2));
        List<OutSegment> out = sent(t);
        assertEquals(List.of(1400, 1400), out.stream().map(s -> s.payload().length).toList(),
                "MSS 1400, window 3000: the 200 bytes left in the window wait (sender SWS avoidance)");
        assertEquals(una + 1400, out.get(1).header().seq());
        deliver(t, seg(rcv, una + 2800, ACK, 3000, TcpOptionsRepr.EMPTY, 0), 3);
        assertEquals(List.of(TcpEvent.WRITABLE), events(t));
        assertEquals(1200, sentOne(t).payload().length, "the rest, once nothing is unacknowledged");
        assertEquals(1200, t.unacknowledged());
    }

    @Test
    void unacknowledgedDataIsRetransmittedOnTimeout() {
        t.send(bytes(100), 0, 100, 1);
        OutSegment first = sentOne(t);
        assertEquals(1 + TcpConfig.DEFAULT.rtoInitialNs(), t.pollAtNs());
        t.onTimer(t.pollAtNs());
        OutSegment again = sentOne(t);
        assertEquals(first.header().seq(), again.header().seq());
        assertArrayEquals(first.payload(), again.payload());
        assertEquals(1 + 3 * TcpConfig.DEFAULT.rtoInitialNs(), t.pollAtNs(), "backed off to 2 RTO");
        deliver(t, seg(rcv, una + 100, ACK), 5 * SECOND);
        assertEquals(Long.MAX_VALUE, t.pollAtNs(), "all acknowledged");
    }

    @Test
    void dataRetransmissionsRunOutAndTheConnectionTimesOut() {
        t.send(bytes(10), 0, 10, 1);
        sent(t);
        for (int i = 0; i < TcpConfig.DEFAULT.retriesMax(); i++) {
            t.onTimer(t.pollAtNs());
            assertEquals(1, sent(t).size());
        }
        t.onTimer(t.pollAtNs());
        assertEquals(TcpState.CLOSED, t.state());
        assertEquals(List.of(TcpEvent.TIMED_OUT, TcpEvent.CLOSED), events(t));
    }

    @Test
    void zeroWindowIsProbed() {
        deliver(t, seg(rcv, una, ACK, 0, TcpOptionsRepr.EMPTY, 0), 1);
        t.send(bytes(10), 0, 10, 2);
        assertTrue(sent(t).isEmpty());
        t.onTimer(t.pollAtNs());
        OutSegment probe = sentOne(t);
        assertEquals(1, probe.payload().length, "one byte beyond the window");
        assertEquals(una, probe.header().seq());
        deliver(t, seg(rcv, una + 1, ACK, 500, TcpOptionsRepr.EMPTY, 0), 3 * SECOND);
        assertEquals(9, sentOne(t).payload().length, "the window opened: the rest goes");
    }

    @Test
    void isnsDifferPerTupleAndAdvanceEvery4Microseconds() {
        Isn isn = new Isn(1, 2);
        TcpTuple x = new TcpTuple(US, 1, THEM, 2), y = new TcpTuple(US, 2, THEM, 2);
        assertNotEquals(isn.isn(x, 0), isn.isn(y, 0));
        assertEquals(isn.isn(x, 0) + 250_000, isn.isn(x, 1_000_000_000L), "RFC 6528: M ticks every 4 µs");
        assertNotEquals(isn.isn(x, 0), new Isn(1, 3).isn(x, 0), "the secret matters");
        assertNotEquals(isn.isn(x, 0), isn.isn(x.reversed(), 0));
    }
}

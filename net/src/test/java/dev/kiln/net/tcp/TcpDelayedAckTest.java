package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Delayed ACKs (RFC 9293 §3.8.6.3, RFC 5681 §4.2). */
class TcpDelayedAckTest {
    static final long DELAY = TcpConfig.DEFAULT.delayedAckNs();
    final Peer p = new Peer();
    final Tcb t = p.established(0);
    final int una = t.sndUna, rcv = p.iss + 1;

    void data(int seq, int len, long nowNs) { deliver(t, seg(seq, una, ACK, 65535, TcpOptionsRepr.EMPTY, len), new byte[len], nowNs); }

    @Test
    void delayedAckSentAfterTwoFullSegments() {
        data(rcv, 1460, 1);
        assertEquals(List.of(), sent(t), "one full segment: the ACK waits");
        data(rcv + 1460, 1460, 2);
        assertAck(sentOne(t), una, rcv + 2920);
        assertEquals(Long.MAX_VALUE, t.pollAtNs(), "nothing owed, no timer");
    }

    @Test
    void delayedAckTimerFeedsPollAtAndOnTimer() {
        data(rcv, 100, 5);
        assertEquals(5 + DELAY, t.pollAtNs());
        t.onTimer(4 + DELAY);
        assertEquals(List.of(), sent(t), "not yet due");
        data(rcv + 100, 50, 6);
        assertEquals(List.of(), sent(t), "150 bytes are less than two 100-byte segments");
        assertEquals(5 + DELAY, t.pollAtNs(), "a later segment does not push the deadline back");
        t.onTimer(5 + DELAY);
        assertAck(sentOne(t), una, rcv + 150);
        assertEquals(Long.MAX_VALUE, t.pollAtNs());
    }

    @Test
    void outOfOrderSegmentIsAckedAtOnce() {
        data(rcv + 1000, 100, 1);
        assertAck(sentOne(t), una, rcv);
        data(rcv, 1000, 2);
        assertAck(sentOne(t), una, rcv + 1100); // RFC 5681 §4.2: a segment that fills a hole, at once
    }

    @Test
    void finIsAckedAtOnce() {
        deliver(t, seg(rcv, una, ACK | FIN, 65535, TcpOptionsRepr.EMPTY, 10), new byte[10], 1);
        assertAck(sentOne(t), una, rcv + 11);
    }

    @Test
    void ackRidesOnData() {
        data(rcv, 100, 1);
        assertEquals(List.of(), sent(t));
        t.send(MemorySegment.ofArray(new byte[40]), 0, 40, 2);
        OutSegment reply = sentOne(t);
        assertEquals(40, reply.payload().length);
        assertEquals(rcv + 100, reply.header().ack(), "the owed ACK piggybacks on the reply");
        assertEquals(2 + TcpConfig.DEFAULT.rtoInitialNs(), t.pollAtNs(), "only the retransmission timer is left");
    }

    @Test
    void delayedAckOffAcksEverySegment() {
        Peer q = new Peer(TcpConfig.DEFAULT.withOptions(false, false, false).withDelayedAckNs(0));
        Tcb u = q.established(0);
        deliver(u, seg(q.iss + 1, u.sndUna, ACK, 65535, TcpOptionsRepr.EMPTY, 10), new byte[10], 1);
        assertAck(sentOne(u), u.sndUna, q.iss + 11);
    }

    @Test
    void delayedAckLimitIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> TcpConfig.DEFAULT.withDelayedAckNs(600_000_000L));
    }
}

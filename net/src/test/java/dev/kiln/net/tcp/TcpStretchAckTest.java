package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stretch ACKs for aggregates (received super-frames, each larger than our MSS), RFC 5681 §4.2 read with
 * GRO in mind as Linux does, and window updates after a read only when they matter (RFC 9293 §3.8.6.2.2).
 */
class TcpStretchAckTest {
    static final int AGG = 64_000, BUF = 1 << 20;
    final Peer p = peer(BUF);
    final Tcb t = p.established(0);
    final int una = t.sndUna;
    int rcv = p.iss + 1;

    static Peer peer(int buf) {
        Peer q = new Peer(TcpConfig.DEFAULT.withOptions(true, false, false).withRecvBufBytes(buf));
        q.synOptions = q.synOptions.withWindowScale(7);
        return q;
    }

    /** An in-order aggregate of {@code len} bytes; returns what the TCB sent. */
    List<OutSegment> arrive(int len, long nowNs) {
        deliver(t, seg(rcv, una, ACK, 65535, TcpOptionsRepr.EMPTY, len), new byte[len], nowNs);
        rcv += len;
        t.read(new byte[len], 0, len, nowNs); // the application keeps up
        return sent(t);
    }

    void pastQuickAcks() {
        for (int i = 0; i < Tcb.QUICK_ACKS; i++) assertEquals(1, arrive(AGG, i).size(), "quick-ACK mode: aggregate " + i + " at once");
    }

    @Test
    void firstAggregatesAreAckedAtOnceThenEveryFourth() {
        pastQuickAcks();
        assertEquals(4 * AGG, t.stretchAckBytes(), "four aggregates, within a quarter of the buffer");
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 3; i++) assertEquals(List.of(), arrive(AGG, 100 + round), "aggregate " + i + " waits");
            assertEquals(100 + round + Tcb.STRETCH_ACK_NS, t.pollAtNs(), "bounded by the stretch timer");
            assertAck(sentOne(tcbAfter(AGG, 100 + round)), una, rcv);
        }
        assertEquals(Long.MAX_VALUE, t.pollAtNs());
    }

    Tcb tcbAfter(int len, long nowNs) {
        deliver(t, seg(rcv, una, ACK, 65535, TcpOptionsRepr.EMPTY, len), new byte[len], nowNs);
        rcv += len;
        t.read(new byte[len], 0, len, nowNs);
        return t;
    }

    @Test
    void stretchTimerAcksAFlightThatStopped() {
        pastQuickAcks();
        assertEquals(List.of(), arrive(AGG, 200));
        t.onTimer(200 + Tcb.STRETCH_ACK_NS - 1);
        assertEquals(List.of(), sent(t));
        t.onTimer(200 + Tcb.STRETCH_ACK_NS);
        assertAck(sentOne(t), una, rcv);
    }

    /** The device had nothing more: the held-back stretch ACK goes at the end of the batch, not at the timer. */
    @Test
    void endOfBatchSendsTheHeldBackStretchAck() {
        pastQuickAcks();
        assertEquals(List.of(), arrive(AGG, 250));
        assertTrue(t.stretchAckPending());
        assertTrue(t.endOfBatch(251), "the ACK goes now");
        assertAck(sentOne(t), una, rcv);
        assertFalse(t.stretchAckPending());
        assertFalse(t.endOfBatch(252), "nothing held back any more");
        assertEquals(Long.MAX_VALUE, t.pollAtNs(), "the stretch timer is gone with the ACK");
    }

    /** A delayed ACK that is not a stretch ACK (a single small segment) keeps its timer through the end of a batch. */
    @Test
    void endOfBatchLeavesAnOrdinaryDelayedAck() {
        assertEquals(List.of(), arrive(100, 260), "one small segment: delayed");
        assertFalse(t.stretchAckPending());
        assertFalse(t.endOfBatch(261));
        assertEquals(List.of(), sent(t));
        assertEquals(260 + TcpConfig.DEFAULT.delayedAckNs(), t.pollAtNs());
    }

    @Test
    void aShorterAggregateEndsTheFlightAndIsAckedAtOnce() {
        pastQuickAcks();
        assertEquals(List.of(), arrive(AGG, 300));
        assertEquals(List.of(), arrive(AGG / 2, 301), "half the largest still counts as full");
        assertEquals(1, arrive(AGG / 3, 302).size(), "less than half the largest: the sender's flight ended");
    }

    @Test
    void outOfOrderAggregateIsAckedAtOnce() {
        pastQuickAcks();
        deliver(t, seg(rcv + AGG, una, ACK, 65535, TcpOptionsRepr.EMPTY, AGG), new byte[AGG], 400);
        assertAck(sentOne(t), una, rcv);
        assertEquals(1, arrive(AGG, 401).size(), "filling the hole: at once");
    }

    @Test
    void aSmallBufferGetsAnAckPerAggregate() {
        Peer q = peer(128 * 1024);
        Tcb u = q.established(0);
        int r = q.iss + 1;
        for (int i = 0; i < Tcb.QUICK_ACKS + 4; i++, r += AGG) {
            deliver(u, seg(r, u.sndUna, ACK, 65535, TcpOptionsRepr.EMPTY, AGG), new byte[AGG], i);
            u.read(new byte[AGG], 0, AGG, i);
            assertEquals(1, sent(u).size(), "the window the peer knows would not take two more: at once");
        }
    }

    @Test
    void readingAnnouncesTheWindowOnlyOnceItFellToHalf() {
        Peer q = peer(256 * 1024);
        Tcb u = q.established(0);
        int r = q.iss + 1, una2 = u.sndUna;
        deliver(u, seg(r, una2, ACK, 65535, TcpOptionsRepr.EMPTY, 1000), new byte[1000], 1);
        assertEquals(List.of(), sent(u), "one segment: delayed");
        u.read(new byte[1000], 0, 1000, 2);
        assertEquals(List.of(), sent(u), "the peer still knows a window of nearly the whole buffer");
        int len = 240_000;
        List<OutSegment> acks = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            deliver(u, seg(r + 1000 + i * 60_000, una2, ACK, 65535, TcpOptionsRepr.EMPTY, 60_000), new byte[60_000], 3);
            acks.addAll(sent(u));
        }
        assertTrue(acks.getLast().header().window() << u.recvWindowShift() < 32 * 1024, "the window closed to what is left");
        u.read(new byte[len], 0, len, 4);
        OutSegment update = sentOne(u);
        assertEquals(r + 1000 + len, update.header().ack());
        assertTrue(update.header().window() << u.recvWindowShift() >= 250 * 1024, "window update after the read");
    }

    @Test
    void segmentsKeepTheEverySecondSegmentRule() {
        Peer q = peer(BUF);
        Tcb u = q.established(0);
        int r = q.iss + 1;
        for (int i = 0; i < 40; i += 2, r += 2920) {
            deliver(u, seg(r, u.sndUna, ACK, 65535, TcpOptionsRepr.EMPTY, 1460), new byte[1460], i);
            assertEquals(List.of(), sent(u));
            deliver(u, seg(r + 1460, u.sndUna, ACK, 65535, TcpOptionsRepr.EMPTY, 1460), new byte[1460], i + 1);
            assertAck(sentOne(u), u.sndUna, r + 2920);
        }
    }
}

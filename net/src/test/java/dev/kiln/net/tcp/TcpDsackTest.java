package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpSackBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** D-SACK (RFC 2883): a duplicate segment is reported by the first SACK block of the ACK it triggers, once. */
class TcpDsackTest {
    final Peer p = new Peer(TcpConfig.DEFAULT.withOptions(false, false, true));
    final Tcb t = TcpReassemblyTest.established(p, true);
    final int una = t.sndUna, rcv = p.iss + 1;

    OutSegment data(int seq, int len, long nowNs) {
        deliver(t, seg(seq, una, ACK, 65535, TcpOptionsRepr.EMPTY, len), new byte[len], nowNs);
        return sentOne(t);
    }

    static List<TcpSackBlock> sack(OutSegment s) { return s.header().options().sack(); }

    @Test
    void duplicateBelowTheCumulativeAckIsReported() { // RFC 2883 §4.1.1
        deliver(t, seg(rcv, una, ACK, 65535, TcpOptionsRepr.EMPTY, 1000), new byte[1000], 1);
        deliver(t, seg(rcv + 1000, una, ACK, 65535, TcpOptionsRepr.EMPTY, 1000), new byte[1000], 2);
        sent(t);
        OutSegment a = data(rcv, 1000, 3);
        assertAck(a, una, rcv + 2000);
        assertEquals(List.of(new TcpSackBlock(rcv, rcv + 1000)), sack(a));
        deliver(t, seg(rcv + 2000, una, ACK, 65535, TcpOptionsRepr.EMPTY, 10), new byte[10], 4);
        t.onTimer(t.pollAtNs()); // the delayed ACK
        assertEquals(List.of(), sack(sentOne(t)), "reported once; no hole: no blocks");
    }

    @Test
    void theDuplicateIsReportedOnlyOnce() {
        deliver(t, seg(rcv, una, ACK, 65535, TcpOptionsRepr.EMPTY, 1000), new byte[1000], 1);
        deliver(t, seg(rcv + 1000, una, ACK, 65535, TcpOptionsRepr.EMPTY, 1000), new byte[1000], 2);
        sent(t);
        assertEquals(List.of(new TcpSackBlock(rcv + 1000, rcv + 2000)), sack(data(rcv + 1000, 1000, 3)));
        deliver(t, seg(rcv + 5000, una, ACK, 65535, TcpOptionsRepr.EMPTY, 100), new byte[100], 4);
        assertEquals(List.of(new TcpSackBlock(rcv + 5000, rcv + 5100)), sack(sentOne(t)), "a later ACK: plain SACK blocks only");
    }

    @Test
    void partlyDuplicateSegmentReportsItsOldPart() {
        deliver(t, seg(rcv, una, ACK, 65535, TcpOptionsRepr.EMPTY, 1000), new byte[1000], 1);
        sent(t);
        OutSegment a = data(rcv + 500, 1000, 2); // [500, 1000) again, [1000, 1500) new
        assertAck(a, una, rcv + 1500);
        assertEquals(List.of(new TcpSackBlock(rcv + 500, rcv + 1000)), sack(a));
        assertEquals(1500, t.readable());
    }

    @Test
    void duplicateOfOutOfOrderDataIsFollowedByTheBlockHoldingIt() { // RFC 2883 §4.2.1
        assertEquals(List.of(new TcpSackBlock(rcv + 1000, rcv + 2000)), sack(data(rcv + 1000, 1000, 1)));
        assertEquals(List.of(new TcpSackBlock(rcv + 3000, rcv + 4000), new TcpSackBlock(rcv + 1000, rcv + 2000)), sack(data(rcv + 3000, 1000, 2)));
        OutSegment a = data(rcv + 1000, 500, 3);
        assertAck(a, una, rcv);
        assertEquals(List.of(new TcpSackBlock(rcv + 1000, rcv + 1500), new TcpSackBlock(rcv + 1000, rcv + 2000),
                new TcpSackBlock(rcv + 3000, rcv + 4000)), sack(a));
    }

    @Test
    void withoutSackNoBlocks() {
        Peer q = new Peer(TcpConfig.DEFAULT.withOptions(false, false, false));
        Tcb u = q.established(0);
        int r = q.iss + 1;
        deliver(u, seg(r, u.sndUna, ACK, 65535, TcpOptionsRepr.EMPTY, 3000), new byte[3000], 1);
        sent(u);
        deliver(u, seg(r, u.sndUna, ACK, 65535, TcpOptionsRepr.EMPTY, 1000), new byte[1000], 2);
        assertEquals(List.of(), sack(sentOne(u)));
    }
}

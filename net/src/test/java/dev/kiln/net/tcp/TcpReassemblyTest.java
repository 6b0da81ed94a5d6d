package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpSackBlock;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Out-of-order text is kept and delivered once the hole fills; SACK blocks on the ACKs (RFC 2018 §4). */
class TcpReassemblyTest {
    static byte[] range(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (from + i);
        return b;
    }

    static Tcb established(Peer p, boolean sack) {
        if (sack) p.synOptions = p.synOptions.withSackPermitted(true);
        return p.established(0);
    }

    @Test
    void outOfOrderSegmentsAreKeptAndDeliveredWhenTheHoleFills() {
        Peer p = new Peer(TcpConfig.DEFAULT.withOptions(false, false, true));
        Tcb t = established(p, true);
        assertTrue(t.sackPermitted());
        int una = t.sndUna, rcv = p.iss + 1;
        deliver(t, seg(rcv + 20, una, ACK, 65535, TcpOptionsRepr.EMPTY, 10), range(20, 10), 1);
        OutSegment a1 = sentOne(t);
        assertAck(a1, una, rcv);
        assertEquals(List.of(new TcpSackBlock(rcv + 20, rcv + 30)), a1.header().options().sack());
        deliver(t, seg(rcv + 40, una, ACK, 65535, TcpOptionsRepr.EMPTY, 5), range(40, 5), 2);
        OutSegment a2 = sentOne(t);
        assertAck(a2, una, rcv);
        assertEquals(List.of(new TcpSackBlock(rcv + 40, rcv + 45), new TcpSackBlock(rcv + 20, rcv + 30)),
                a2.header().options().sack(), "newest block first");
        assertEquals(0, t.readable());
        assertEquals(List.of(), events(t));

        deliver(t, seg(rcv + 10, una, ACK, 65535, TcpOptionsRepr.EMPTY, 10), range(10, 10), 3); // between, still a hole before
        assertAck(sentOne(t), una, rcv);
        deliver(t, seg(rcv, una, ACK, 65535, TcpOptionsRepr.EMPTY, 10), range(0, 10), 4); // fills [0, 30)
        OutSegment a3 = sentOne(t);
        assertAck(a3, una, rcv + 30);
        assertEquals(List.of(new TcpSackBlock(rcv + 40, rcv + 45)), a3.header().options().sack());
        assertEquals(List.of(TcpEvent.READABLE), events(t));
        deliver(t, seg(rcv + 30, una, ACK, 65535, TcpOptionsRepr.EMPTY, 10), range(30, 10), 5);
        OutSegment a4 = sentOne(t);
        assertAck(a4, una, rcv + 45);
        assertEquals(List.of(), a4.header().options().sack(), "no hole left: no SACK option");
        byte[] dst = new byte[64];
        assertEquals(45, t.read(dst, 0, dst.length, 6));
        assertArrayEquals(range(0, 45), Arrays.copyOf(dst, 45));
    }

    @Test
    void withoutSackOutOfOrderDataIsStillKeptButNoBlocksAreSent() {
        Peer p = new Peer(TcpConfig.DEFAULT.withOptions(false, false, true));
        Tcb t = established(p, false);
        assertFalse(t.sackPermitted());
        int una = t.sndUna, rcv = p.iss + 1;
        deliver(t, seg(rcv + 5, una, ACK, 65535, TcpOptionsRepr.EMPTY, 5), range(5, 5), 1);
        OutSegment dup = sentOne(t);
        assertAck(dup, una, rcv);
        assertEquals(List.of(), dup.header().options().sack());
        deliver(t, seg(rcv, una, ACK, 65535, TcpOptionsRepr.EMPTY, 5), range(0, 5), 2);
        assertAck(sentOne(t), una, rcv + 10);
        byte[] dst = new byte[16];
        assertEquals(10, t.read(dst, 0, dst.length, 3));
        assertArrayEquals(range(0, 10), Arrays.copyOf(dst, 10));
    }
}

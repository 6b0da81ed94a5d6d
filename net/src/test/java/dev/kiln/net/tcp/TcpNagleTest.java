package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Nagle (RFC 9293 §3.7.4, RFC 1122 4.2.3.4) and sender SWS avoidance, with the TCP_NODELAY opt-out. */
class TcpNagleTest {
    static final MemorySegment DATA = MemorySegment.ofArray(new byte[10_000]);
    final Peer p = new Peer();
    final int rcv = p.iss + 1;

    static List<Integer> lengths(Tcb t) { return sent(t).stream().map(s -> s.payload().length).toList(); }

    /** An established connection with 10 bytes sent and not yet acknowledged. */
    Tcb tenUnacked() {
        Tcb t = p.established(0);
        t.send(DATA, 0, 10, 1);
        assertEquals(List.of(10), lengths(t));
        return t;
    }

    @Test
    void nagleHoldsSmallSegmentWhileDataUnacked() {
        Tcb t = p.established(0);
        int una = t.sndUna;
        t.send(DATA, 0, 10, 1);
        assertEquals(List.of(10), lengths(t), "nothing unacknowledged: the small segment goes");
        t.send(DATA, 0, 20, 2);
        t.send(DATA, 0, 30, 3);
        assertEquals(List.of(), lengths(t), "10 bytes unacknowledged: small segments wait");
        deliver(t, seg(rcv, una + 10, ACK), 4);
        assertEquals(List.of(50), lengths(t), "the ACK releases them coalesced into one segment");
    }

    @Test
    void nagleSendsFullSegmentsAndHoldsOnlyTheTail() {
        Tcb t = tenUnacked();
        t.send(DATA, 0, 3000, 2);
        assertEquals(List.of(1400, 1400), lengths(t), "full-sized segments go at once; the 200-byte tail waits");
    }

    @Test
    void noDelayConfigSendsSmallSegmentsAtOnce() {
        Tcb t = new Peer(TcpConfig.DEFAULT.withOptions(false, false, false).withNoDelay(true)).established(0);
        assertTrue(t.noDelay());
        t.send(DATA, 0, 10, 1);
        t.send(DATA, 0, 20, 2);
        assertEquals(List.of(10, 20), lengths(t));
    }

    @Test
    void setNoDelayPerConnection() {
        Tcb t = tenUnacked();
        t.setNoDelay(true);
        t.send(DATA, 0, 20, 2);
        assertEquals(List.of(20), lengths(t), "TCP_NODELAY on this connection");
        t.setNoDelay(false);
        t.send(DATA, 0, 5, 3);
        assertEquals(List.of(), lengths(t), "and Nagle again");
    }

    @Test
    void closeFlushesTheHeldTailBeforeTheFin() {
        Tcb t = tenUnacked();
        t.send(DATA, 0, 20, 2);
        assertEquals(List.of(), lengths(t));
        t.close(3);
        List<OutSegment> out = sent(t);
        assertEquals(2, out.size());
        assertEquals(20, out.get(0).payload().length, "a FIN behind the data pushes it out");
        assertTrue(out.get(1).header().has(FIN));
    }

    @Test
    void senderSwsAvoidanceWaitsForAUsefulWindow() {
        Tcb t = p.established(0);
        int una = t.sndUna;
        deliver(t, seg(rcv, una, ACK, 100, TcpOptionsRepr.EMPTY, 0), 1); // the peer's window shrinks to 100 (max was 65535)
        t.send(DATA, 0, 5000, 2);
        assertEquals(List.of(), lengths(t), "100 bytes is neither a full segment, nor all the data, nor half the largest window");
        t.onTimer(t.pollAtNs()); // RFC 1122 4.2.3.4 override (the persist timer): send what fits
        assertEquals(List.of(100), lengths(t));
    }
}

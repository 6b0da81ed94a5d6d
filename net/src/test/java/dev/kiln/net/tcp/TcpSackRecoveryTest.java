package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6675 SACK-based loss recovery in the connection, with RFC 3042 limited transmit. */
class TcpSackRecoveryTest extends SackSenderFixture {

    Tcb sending(int segments) {
        p.synOptions = TcpOptionsRepr.EMPTY.withMss(MSS).withSackPermitted(true);
        t = p.established(0);
        assertTrue(t.sackPermitted());
        una = t.sndUna;
        t.send(MemorySegment.ofArray(new byte[segments * MSS]), 0, segments * MSS, 1);
        return t;
    }

    /** The k-th ACK's time: the first after 1 ms (the round trip), then 50 µs apart: within RACK's reordering window (RTT / 4). */
    static long at(int k) { return MS + (k - 2) * 50_000L; }

    @Test
    void sackRecoveryRetransmitsOnlyTheHoles() {
        sending(30);
        assertEquals(10, sentSegments().size(), "initial window");
        // segments 0 and 4 are lost; 1, 2, 3 arrive and are SACKed
        ack(0, at(2), 1, 2);
        assertEquals(List.of(10), sentSegments(), "limited transmit (RFC 3042)");
        ack(0, at(3), 1, 3);
        assertEquals(List.of(11), sentSegments(), "limited transmit (RFC 3042)");
        ack(0, at(4), 1, 4);
        assertTrue(t.cc.inRecovery(), "three duplicate ACKs SACKing new data: RFC 6675 §5");
        List<Integer> first = sentSegments();
        assertEquals(0, first.getFirst(), "the first unacknowledged segment goes at once");
        assertFalse(first.contains(4), "segment 4 is not yet lost (nothing SACKed above it)");
        ack(0, at(5), 5, 10, 1, 4);
        List<Integer> next = sentSegments();
        assertTrue(next.contains(4), "five SACKed segments above it: segment 4 is lost and resent " + next);
        for (int s : List.of(1, 2, 3, 5, 6, 7, 8, 9)) assertFalse(next.contains(s), "SACKed segment " + s + " is not resent");
        assertEquals(2L * MSS, t.retransmittedBytes(), "only the two holes were sent again");
        ack((t.sndNxt - una) / MSS, at(6));
        assertFalse(t.cc.inRecovery(), "an ACK of everything sent before recovery ends it");
        assertEquals(1, t.recoveries());
    }

    @Test
    void timeoutResendsFromSndUnaSkippingSackedData() {
        sending(20);
        assertEquals(10, sentSegments().size());
        t.onTimer(t.rtxAtNs); // the tail loss probe, due just before, is not sent once the RTO has fired
        assertEquals(List.of(0), sentSegments(), "RFC 6298 §5.4: the first segment, cwnd one MSS");
        ack(1, t.pollAtNs() - 1, 2, 10);
        assertEquals(List.of(1), sentSegments(), "go-back-N from SND.UNA, but segments 2..9 were SACKed");
        assertEquals(2L * MSS, t.retransmittedBytes());
        ack(10, t.pollAtNs() - 1);
        // slow start counts the bytes the ACK covered (8 segments), up to ssthresh (0.7 of the 10 in flight)
        assertEquals(7 * MSS, t.cc.ssthresh());
        assertEquals(List.of(10, 11, 12, 13, 14, 15, 16), sentSegments(), "then new data in slow start, cwnd at ssthresh");
    }

    @Test
    void duplicatedAcksRepeatingTheSameSackBlockAreNotALoss() {
        sending(20);
        sent(t);
        for (int i = 0; i < 5; i++) ack(0, at(2 + i), 3, 4); // the link duplicates one ACK: nothing new is SACKed after the first
        assertFalse(t.cc.inRecovery(), "RFC 6675: only ACKs that SACK new data count as duplicates");
        assertEquals(0, t.retransmittedBytes());
    }

    @Test
    void withoutSackBlocksThreeDuplicatesStillRecover() {
        sending(20);
        sent(t);
        ack(0, at(2));
        ack(0, at(3));
        sent(t);
        ack(0, at(4));
        assertTrue(t.cc.inRecovery(), "the peer negotiated SACK but sends no blocks: RFC 5681 duplicate ACKs count");
        assertEquals(0, sentSegments().getFirst());
    }

    @Test
    void newRenoFallbackWithoutSackRetransmitsOnPartialAck() {
        p.synOptions = TcpOptionsRepr.EMPTY.withMss(MSS); // SACK not permitted by the peer
        t = p.established(0);
        una = t.sndUna;
        t.send(MemorySegment.ofArray(new byte[20 * MSS]), 0, 20 * MSS, 1);
        sent(t);
        for (int i = 0; i < 2; i++) deliver(t, seg(p.iss + 1, una, ACK), 2 + i);
        assertEquals(List.of(10, 11), sentSegments(), "limited transmit");
        deliver(t, seg(p.iss + 1, una, ACK), 4);
        assertEquals(0, sentSegments().getFirst(), "fast retransmit");
        deliver(t, seg(p.iss + 1, una + 3 * MSS, ACK), 10); // a partial ACK: segment 3 was lost too
        assertEquals(3, sentSegments().getFirst(), "RFC 6582: the partial ACK resends the next hole");
    }
}

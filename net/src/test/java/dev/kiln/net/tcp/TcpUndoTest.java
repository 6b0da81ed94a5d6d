package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Undo of a spurious fast retransmit (RFC 3708 D-SACK and RFC 3522 Eifel detection, RFC 4015 response), in the connection. */
class TcpUndoTest extends SackSenderFixture {
    int cwnd, ssthresh;

    /** 20 segments queued, the initial window sent; segment 0 then looks lost (three SACKed above it) and is resent at 4 ms. */
    void fastRetransmitOfSegmentZero() {
        sendingAfterRttSample(20);
        sent(t);
        cwnd = t.cc.cwnd();
        ssthresh = t.cc.ssthresh();
        ack(0, 2 * RTT, 1, 4);
        assertTrue(t.cc.inRecovery() && t.cc.cwnd() < cwnd, "RFC 6675: recovery, window reduced");
        assertEquals(0, sentSegments().getFirst());
    }

    @Test
    void aDsackForTheOnlyRetransmissionRestoresTheWindow() {
        fastRetransmitOfSegmentZero();
        ack(4, 2 * RTT + 100_000); // segment 0's original was only late (reordering): the ACK comes before the retransmission could arrive
        ack(4, 3 * RTT, 0, 1); // then the retransmission arrives and the peer reports it twice received (RFC 2883 D-SACK)
        assertEquals(1, t.undo.undone, "RFC 3708: every retransmission of the episode was a duplicate");
        assertFalse(t.cc.inRecovery(), "RFC 4015: recovery ends");
        assertTrue(t.cc.cwnd() >= cwnd && t.cc.ssthresh() == ssthresh, () -> "window restored: " + t.cc.cwnd() + "/" + t.cc.ssthresh());
    }

    @Test
    void aRetransmissionThatWasNeededKeepsTheReduction() {
        fastRetransmitOfSegmentZero();
        ack(10, 3 * RTT); // the retransmission filled the hole: no D-SACK follows
        ack(10, 3 * RTT + 100_000, 2, 3); // a D-SACK for an original (a duplicate made by the network) is no evidence
        assertEquals(0, t.undo.undone);
        assertTrue(t.cc.cwnd() < cwnd, "the reduction stands: " + t.cc.cwnd());
    }

    /** RFC 3522 Eifel with RFC 7323 timestamps: the ACK of the resent segment echoes the original's timestamp. */
    @Test
    void anAckEchoingTheOriginalsTimestampRestoresTheWindow() {
        assertTrue(eifel(true) >= cwnd, "window restored");
        assertEquals(1, t.undo.undone);
        assertFalse(t.cc.inRecovery());
    }

    @Test
    void anAckEchoingTheRetransmissionsTimestampKeepsTheReduction() {
        assertTrue(eifel(false) < cwnd, "the reduction stands");
        assertEquals(0, t.undo.undone);
    }

    /** Fast retransmit with timestamps; the ACK of segment 0 echoes the original ({@code original}) or the retransmission. Returns cwnd after it. */
    private int eifel(boolean original) {
        Peer q = new Peer(TcpConfig.DEFAULT.withOptions(false, true, true).withBbr(false));
        t = Tcb.connect(q.ctx, q.tuple, 0);
        int synTs = sentOne(t).header().options().tsVal();
        deliver(t, seg(q.iss, t.sndNxt, SYN | ACK, 65535, TcpOptionsRepr.EMPTY.withMss(MSS).withSackPermitted(true).withTimestamps(7, synTs), 0), RTT);
        sent(t);
        int una = t.sndUna, mss = t.sendMss();
        t.send(MemorySegment.ofArray(new byte[20 * mss]), 0, 20 * mss, RTT);
        int sentTs = sent(t).getFirst().header().options().tsVal();
        cwnd = t.cc.cwnd();
        var blocks = java.util.List.of(new dev.kiln.net.wire.TcpSackBlock(una + mss, una + 4 * mss));
        deliver(t, seg(q.iss + 1, una, ACK, 65535, TcpOptionsRepr.EMPTY.withSack(blocks).withTimestamps(8, sentTs), 0), 2 * RTT);
        assertTrue(t.cc.inRecovery());
        int resentTs = sent(t).getFirst().header().options().tsVal();
        assertTrue(Seq.lt(sentTs, resentTs), "the retransmission carries a later timestamp");
        deliver(t, seg(q.iss + 1, una + 4 * mss, ACK, 65535, TcpOptionsRepr.EMPTY.withTimestamps(9, original ? sentTs : resentTs), 0), 3 * RTT);
        return t.cc.cwnd();
    }
}

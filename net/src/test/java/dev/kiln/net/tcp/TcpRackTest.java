package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8985 §6 RACK: time-based loss marking with a reordering window, in the connection. */
class TcpRackTest extends SackSenderFixture {
    /** {@code segments} queued after the RTT sample, the initial window sent at 2 ms. */
    void sending(int segments) {
        sendingAfterRttSample(segments);
        sent(t);
    }

    @Test
    void rackMarksLostAfterReorderWindow() {
        sending(20);
        ack(0, 2 * RTT, 3, 4); // segment 3 arrived, 0..2 not (yet): one SACKed segment is no DupThresh loss
        assertFalse(t.cc.inRecovery());
        long due = RTT + RTT + RTT / 4; // sent at 2 ms + RACK.rtt 2 ms + reo_wnd = min_RTT / 4
        assertTrue(Math.abs(t.pollAtNs() - due) <= 2 * Rack.SLACK_NS, "the reordering timer: " + t.pollAtNs() + " vs " + due);
        ack(0, due - 10_000, 3, 4); // a duplicate within the window changes nothing
        assertFalse(t.cc.inRecovery());
        assertEquals(List.of(10), sentSegments(), "RFC 3042 limited transmit for the ACK that SACKed new data");
        t.onTimer(t.pollAtNs());
        assertTrue(t.cc.inRecovery(), "the window passed: 0..2 are lost (RFC 8985 §6.2 step 5)");
        assertEquals(0, sentSegments().getFirst(), "the first lost segment goes at once");
        assertTrue(t.board.isLost(una + 2 * MSS) && !t.board.isLost(una + 4 * MSS), () -> "0..2 lost, not 4: " + t.board);
    }

    @Test
    void rackDeliveryBelowTheHighestSackIsReorderingAndStopsDupThresh() {
        sending(20);
        ack(0, 2 * RTT, 2, 3);
        ack(0, 2 * RTT + 1000, 1, 3); // segment 1, sent before 2, arrived after it: reordering
        assertTrue(t.board.reorderingSeen());
        ack(0, 2 * RTT + 2000, 1, 6); // 4 segments SACKed above segment 0: DupThresh would call it lost
        assertFalse(t.cc.inRecovery(), "with reordering seen RACK waits for the window, not DupThresh");
        assertEquals(t.rackAtNs, t.pollAtNs(), () -> "the reordering timer is next: " + t.board + " rack " + t.rackAtNs + " pto " + t.ptoAtNs);
        sent(t);
        t.onTimer(t.pollAtNs());
        assertTrue(t.cc.inRecovery());
        assertEquals(0, sentSegments().getFirst());
    }

    @Test
    void rackMarksALostRetransmissionOnceLaterDataIsDelivered() {
        sending(20);
        ack(0, 2 * RTT, 1, 4); // three SACKed (DupThresh, no reordering seen): segment 0 is lost
        assertTrue(t.cc.inRecovery());
        assertEquals(0, sentSegments().getFirst(), "fast retransmit of segment 0 at 4 ms");
        ack(0, 2 * RTT + 100_000, 1, 10); // the rest arrived: the pipe drains, new data goes out after the retransmission
        List<Integer> next = sentSegments();
        assertFalse(next.isEmpty() || next.contains(0), "new data only: " + next);
        int newSeg = next.getFirst();
        long before = t.board.lostRetransmits();
        ack(0, 3 * RTT + 200_000, 1, 10, newSeg, newSeg + 1); // data sent after the retransmission arrived, the retransmission did not
        assertEquals(before + 1, t.board.lostRetransmits(), () -> "RFC 8985 §6.2: the retransmission was lost too " + t.board);
        assertEquals(0, sentSegments().getFirst(), "segment 0 sent a third time, without waiting for the RTO");
    }

    @Test
    void rackDsackWidensTheReorderingWindow() {
        sending(20);
        ack(2, 2 * RTT);
        assertEquals(1, t.board.reoWndMult());
        ack(2, 2 * RTT + 1000, 0, 1); // D-SACK below the cumulative ACK: something arrived twice
        assertEquals(2, t.board.reoWndMult(), "RFC 8985 §6.2 step 4: reo_wnd_mult + 1 per D-SACK round");
        ack(2, 2 * RTT + 2000, 1, 2); // the same round trip: no second increase
        assertEquals(2, t.board.reoWndMult());
        assertTrue(t.board.reorderingSeen());
    }
}

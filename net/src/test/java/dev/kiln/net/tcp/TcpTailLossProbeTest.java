package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 8985 §7 Tail Loss Probe: a probe after 2·SRTT of silence instead of waiting for the RTO. */
class TcpTailLossProbeTest extends SackSenderFixture {
    void sending(int segments) { sendingAfterRttSample(segments); }

    @Test
    void tlpProbesLastSegmentAfterPto() {
        sending(4);
        assertEquals(List.of(0, 1, 2, 3), sentSegments());
        ack(2, 2 * RTT); // the ACK for segments 2 and 3 never comes
        long pto = t.pollAtNs();
        assertEquals(2 * RTT + 2 * t.rto.srttNs() + TailLossProbe.SLACK_NS, pto, "PTO = 2·SRTT (+ slack), two segments in flight");
        assertTrue(pto < t.rtxAtNs, "well before the RTO");
        t.onTimer(pto);
        assertEquals(List.of(3), sentSegments(), "nothing new to send: the last segment is the probe");
        assertEquals(1, t.lossProbes());
        assertEquals(t.rtxAtNs, t.pollAtNs(), "after a probe only the RTO is armed: no back-to-back probes");
        assertEquals(pto + t.rto.rtoNs(), t.rtxAtNs);
    }

    @Test
    void tlpSendsNewDataWhenThePeersWindowAllows() {
        sending(12);
        assertEquals(10, sentSegments().size(), "initial window");
        t.onTimer(t.pollAtNs());
        assertEquals(List.of(10), sentSegments(), "RFC 8985 §7.3: new data is the better probe, beyond cwnd");
    }

    /**
     * Deviation from RFC 8985 §7.2 (see {@link TailLossProbe}): in recovery a lost retransmission is found by a probe, not
     * the RTO. The probe leaves the RTO timer alone, and no second probe follows until SND.UNA advances.
     */
    @Test
    void aProbeInRecoveryFindsALostRetransmission() {
        sending(6);
        sent(t);
        ack(0, 2 * RTT, 1, 4); // three SACKed above segment 0: recovery, segment 0 resent at 4 ms
        assertTrue(t.cc.inRecovery());
        assertEquals(List.of(0), sentSegments());
        long rtx = t.rtxAtNs, pto = t.pollAtNs(); // the retransmission is lost, and the ACKs of segments 4 and 5
        assertEquals(t.ptoAtNs, pto, "a probe timeout, not the RTO");
        assertTrue(pto < rtx);
        t.onTimer(pto);
        assertEquals(List.of(5), sentSegments(), "the highest unSACKed segment");
        assertEquals(rtx, t.rtxAtNs, "the probe does not postpone the RTO (RFC 6298 §5.3)");
        ack(0, pto + RTT, 1, 4, 5, 6); // the probe arrived: delivered after the retransmission was sent
        assertEquals(List.of(0, 4), sentSegments(), "RACK marks the retransmission (and segment 4) lost: resent without a timeout");
        assertEquals(Tcb.NEVER, t.ptoAtNs, "one probe per SND.UNA in recovery");
        assertEquals(0, t.timeouts());
    }

    /** Four segments out, 0..1 acknowledged, the PTO fired and probed segment 3; returns cwnd before the probe's ACK. */
    int probeOfTheLastSegmentSent() {
        sending(4);
        sent(t);
        ack(2, 2 * RTT);
        t.onTimer(t.pollAtNs());
        sent(t);
        return t.cc.cwnd();
    }

    @Test
    void tlpProbeAckedWithDsackLeavesTheWindow() {
        int cwnd = probeOfTheLastSegmentSent();
        ack(4, t.pollAtNs() - 1, 3, 4); // D-SACK: the probe was a duplicate, only the ACK had been lost
        assertEquals(0, t.lossProbeRepairs());
        assertTrue(t.cc.cwnd() >= cwnd, "no loss, no reduction");
        assertEquals(Tcb.NEVER, t.pollAtNs(), "everything acknowledged: no timer");
    }

    @Test
    void tlpProbeThatRepairedALossReducesTheWindowOnce() {
        int cwnd = probeOfTheLastSegmentSent();
        ack(4, t.pollAtNs() - 1); // no D-SACK: segment 3 itself had been lost
        assertEquals(1, t.lossProbeRepairs());
        assertTrue(t.cc.cwnd() < cwnd, "RFC 8985 §7.4.2: a repaired loss is a congestion signal");
        assertFalse(t.cc.inRecovery(), "no recovery phase: nothing is outstanding");
    }

    @Test
    void noProbeWithoutSack() {
        Peer q = new Peer(TcpConfig.DEFAULT.withOptions(false, false, false));
        Tcb c = q.established(0);
        c.send(MemorySegment.ofArray(new byte[4 * MSS]), 0, 4 * MSS, 1);
        sent(c);
        assertEquals(c.rtxAtNs, c.pollAtNs(), "RFC 8985 §7.2: TLP needs SACK");
    }
}

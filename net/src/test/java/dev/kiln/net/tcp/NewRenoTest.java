package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NewRenoTest {
    static final int MSS = 1000;

    @Test
    void initialWindowPerRfc6928() {
        assertEquals(14_600, CongestionControl.initialWindow(1460));
        assertEquals(5_360, CongestionControl.initialWindow(536));
        assertEquals(18_000, CongestionControl.initialWindow(9000));
        assertEquals(10 * MSS, new NewReno(MSS).cwnd());
    }

    @Test
    void slowStartGrowsByTheBytesAckedThenAvoidanceOneMssPerWindow() {
        var cc = new NewReno(MSS);
        cc.onAck(1000, 5 * MSS, 0, 0, 0); // a stretch ACK (a super-frame's) adds all it acknowledged (RFC 3465, no limit L)
        assertEquals(15 * MSS, cc.cwnd());
        cc.onRetransmitTimeout(0, 24 * MSS, 0); // ssthresh = 12 MSS, cwnd = 1 MSS
        assertEquals(MSS, cc.cwnd());
        assertEquals(12 * MSS, cc.ssthresh());
        for (int i = 0; i < 11; i++) cc.onAck(i, MSS, 0, 0, 0);
        assertEquals(12 * MSS, cc.cwnd());
        for (int i = 0; i < 11; i++) cc.onAck(i, MSS, 0, 0, 0);
        assertEquals(12 * MSS, cc.cwnd(), "11 MSS acked: not yet a full window");
        cc.onAck(12, MSS, 0, 0, 0);
        assertEquals(13 * MSS, cc.cwnd());
    }

    @Test
    void aStretchAckCrossingSsthreshGivesTheRestToCongestionAvoidance() {
        var cc = new NewReno(MSS);
        cc.onRetransmitTimeout(0, 24 * MSS, 0); // ssthresh 12 MSS, cwnd 1 MSS
        cc.onAck(1, 8 * MSS, 0, 0, 0);
        assertEquals(9 * MSS, cc.cwnd());
        cc.onAck(2, 14 * MSS, 0, 0, 0); // 3 MSS to reach ssthresh, 11 MSS counted in avoidance: not yet a window of 12
        assertEquals(12 * MSS, cc.cwnd());
        cc.onAck(3, MSS, 0, 0, 0); // the 12th MSS of avoidance: one more
        assertEquals(13 * MSS, cc.cwnd());
    }

    @Test
    void fastRetransmitAndNewRenoRecoveryWorkedExample() {
        var cc = new NewReno(MSS);
        int una = 5000, nxt = una + 20 * MSS;
        assertFalse(cc.onDupAck(una, nxt, 20 * MSS, 0));
        assertFalse(cc.onDupAck(una, nxt, 20 * MSS, 0));
        assertTrue(cc.onDupAck(una, nxt, 20 * MSS, 0), "third duplicate ACK: fast retransmit");
        assertTrue(cc.inRecovery());
        assertEquals(10 * MSS, cc.ssthresh()); // FlightSize / 2
        assertEquals(13 * MSS, cc.cwnd()); // ssthresh + 3*SMSS
        cc.onDupAck(una, nxt, 20 * MSS, 0);
        assertEquals(14 * MSS, cc.cwnd(), "each further dup ACK inflates by one SMSS");
        assertTrue(cc.onAck(una + 2 * MSS, 2 * MSS, 18 * MSS, 0, 0), "partial ACK: retransmit next hole");
        assertEquals(13 * MSS, cc.cwnd(), "deflate by 2 SMSS acked, add back one");
        assertTrue(cc.inRecovery());
        assertFalse(cc.onAck(nxt, 18 * MSS, 5 * MSS, 0, 0));
        assertFalse(cc.inRecovery());
        assertEquals(6 * MSS, cc.cwnd(), "full ACK: min(ssthresh, max(FlightSize, SMSS) + SMSS)");
    }

    @Test
    void noSecondReductionForLossesFromTheSameWindow() {
        var cc = new NewReno(MSS);
        int una = 0, nxt = 20 * MSS;
        for (int i = 0; i < 3; i++) cc.onDupAck(una, nxt, nxt, 0);
        cc.onAck(nxt, nxt, 0, 0, 0);
        int ssthresh = cc.ssthresh();
        // dup ACKs whose ACK does not cover more than recover (= nxt): RFC 6582 §3.2 step 2
        for (int i = 0; i < 5; i++) assertFalse(cc.onDupAck(nxt, nxt + 10 * MSS, 10 * MSS, 0));
        assertEquals(ssthresh, cc.ssthresh());
        assertFalse(cc.inRecovery());
        int later = nxt + MSS; // a loss after recover starts a new recovery
        cc.onAck(later, MSS, 9 * MSS, 0, 0);
        for (int i = 0; i < 2; i++) cc.onDupAck(later, nxt + 10 * MSS, 9 * MSS, 0);
        assertTrue(cc.onDupAck(later, nxt + 10 * MSS, 9 * MSS, 0));
    }

    @Test
    void sackRecoverySetsCwndToSsthreshWithoutInflation() {
        var cc = new NewReno(MSS);
        assertTrue(cc.onSackLoss(0, 30 * MSS, 30 * MSS, 0));
        assertEquals(15 * MSS, cc.cwnd());
        assertFalse(cc.onSackLoss(0, 30 * MSS, 30 * MSS, 0), "already recovering");
        cc.onDupAck(0, 30 * MSS, 30 * MSS, 0);
        assertFalse(cc.onAck(MSS, MSS, 29 * MSS, 0, 0), "partial ACK under SACK: pipe decides");
        assertEquals(15 * MSS, cc.cwnd());
    }

    @Test
    void repeatedTimeoutsHoldSsthresh() {
        var cc = new NewReno(MSS);
        cc.onRetransmitTimeout(40 * MSS, 40 * MSS, 0);
        cc.onRetransmitTimeout(40 * MSS, MSS, 0);
        assertEquals(20 * MSS, cc.ssthresh(), "RFC 5681 §3.1: held constant on a repeated timeout");
        assertEquals(MSS, cc.cwnd());
    }

    /** Random ACK clocks: invariants that hold whatever the peer does. */
    @Property(tries = 300)
    void windowInvariants(@ForAll("events") List<Integer> events, @ForAll boolean cubic) {
        CongestionControl cc = cubic ? new Cubic(MSS) : new NewReno(MSS);
        int una = 77, nxt = una + 30 * MSS, dupsInRecovery = 0;
        long now = 0;
        for (int e : events) {
            now += 10_000_000;
            int flight = nxt - una;
            switch (e % 4) {
                case 0 -> {
                    int acked = Math.min(flight, (e / 4) % (3 * MSS) + 1);
                    una += acked;
                    cc.onAck(una, acked, nxt - una, 50_000_000, now);
                }
                case 1 -> {
                    boolean wasRecovering = cc.inRecovery();
                    cc.onDupAck(una, nxt, flight, now);
                    dupsInRecovery = wasRecovering ? dupsInRecovery + 1 : 0;
                }
                case 2 -> cc.onSackLoss(una, nxt, flight, now);
                default -> {
                    cc.onRetransmitTimeout(nxt, flight, now);
                    assertEquals(MSS, cc.cwnd(), "RTO: cwnd is the loss window");
                    assertFalse(cc.inRecovery());
                }
            }
            if (e % 5 == 0) nxt += MSS;
            assertTrue(cc.cwnd() >= MSS, "cwnd " + cc.cwnd());
            assertTrue(cc.ssthresh() >= 2 * MSS);
            if (cc.inRecovery())
                assertTrue(cc.cwnd() <= cc.ssthresh() + (3 + dupsInRecovery) * MSS,
                        "recovery never grows beyond ssthresh + 3 + dup ACKs: " + cc.cwnd());
        }
    }

    @Provide
    Arbitrary<List<Integer>> events() {
        return Arbitraries.integers().between(0, 1 << 20).list().ofMaxSize(300);
    }
}

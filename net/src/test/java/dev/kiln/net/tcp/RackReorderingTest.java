package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/**
 * RFC 8985 §6.2 under reordering, on the scoreboard: the D-SACK-widened reordering window lasts while recoveries prove
 * spurious (step 4), and a retransmitted segment whose original was what arrived gives RACK no sample (step 2).
 */
class RackReorderingTest {
    static final int MSS = 1000;
    static final long MS = 1_000_000L, T0 = 1_000 * MS;
    /** Send times of one burst are a few ns apart ({@link Rack#stamp}). */
    static final long SLACK = Rack.SLACK_NS;

    static SackScoreboard board() { return new SackScoreboard(MSS, 16, 0, 64); }

    /** The multiplier after one D-SACK round: 2. */
    static SackScoreboard widened() {
        SackScoreboard b = board();
        b.onSentRun(0, MSS, 4, T0);
        b.onAck(2 * MSS, 4 * MSS, new int[] {0, MSS}, 1, T0 + 2 * MS); // D-SACK below the cumulative ACK
        assertEquals(2, b.reoWndMult());
        return b;
    }

    @Test
    void sixteenRecoveriesNotUndoneRestoreTheMultiplier() {
        SackScoreboard b = widened();
        for (int i = 0; i < 15; i++) b.onRecoveryEnd();
        assertEquals(2, b.reoWndMult());
        b.onRecoveryEnd();
        assertEquals(1, b.reoWndMult(), "RFC 8985 §6.2 step 4: 16 recoveries without a D-SACK");
    }

    @Test
    void recoveriesUndoneAsSpuriousDoNotWearTheMultiplierDown() {
        SackScoreboard b = widened();
        for (int i = 0; i < 100; i++) { // a recovery whose D-SACKs came after its end, then undone: as Linux, no net count
            b.onRecoveryEnd();
            b.onUndo();
        }
        assertEquals(2, b.reoWndMult());
    }

    @Test
    void undoTellsWhetherARecoveryEndedWithoutProvingSpurious() {
        Undo u = new Undo();
        u.start(0, 10 * MSS, 20 * MSS);
        u.onRetransmit(0, MSS, MSS, false, 0);
        assertFalse(u.recoveryEnded(true), "still recovering");
        assertTrue(u.onAck(MSS, false, 0, 0, MSS, MSS), "a D-SACK for the only retransmission: spurious");
        assertFalse(u.recoveryEnded(false), "undone: it does not count");
        u.start(5 * MSS, 10 * MSS, 20 * MSS);
        assertTrue(u.recoveryEnded(false), "a real loss counts");
        assertFalse(u.recoveryEnded(false), "once");
        u.start(9 * MSS, 10 * MSS, 20 * MSS);
        u.cancel();
        assertFalse(u.recoveryEnded(false), "a timeout counts for itself (Recovery.onTimer)");
    }

    /** Segment 0 sent at T0 and resent at T0 + 3 ms after 1..3 were SACKed at T0 + 2 ms (RACK.rtt 2 ms). */
    static SackScoreboard resentFirst() {
        SackScoreboard b = board();
        b.onSentRun(0, MSS, 4, T0);
        b.onAck(0, 4 * MSS, new int[] {MSS, 4 * MSS}, 1, T0 + 2 * MS);
        assertEquals(2 * MS, b.rttNs(), SLACK);
        b.onRetransmit(0, MSS, T0 + 3 * MS);
        return b;
    }

    @Test
    void aCumulativeAckEchoingTheOriginalGivesNoSampleForTheRetransmission() {
        SackScoreboard b = resentFirst();
        b.onAck(4 * MSS, 4 * MSS, new int[0], 0, T0 + 5 * MS + MS / 2, T0 / MS); // echoes the original's timestamp
        assertEquals(2 * MS, b.rttNs(), SLACK, "RFC 8985 §6.2 step 2: the original arrived; no RTT of 2.5 ms from the retransmission");
    }

    @Test
    void aCumulativeAckEchoingTheRetransmissionGivesASample() {
        SackScoreboard b = resentFirst();
        b.onAck(4 * MSS, 4 * MSS, new int[0], 0, T0 + 5 * MS + MS / 2, (T0 + 3 * MS) / MS);
        assertEquals(2 * MS + MS / 2, b.rttNs(), SLACK);
    }

    /** Behind a queue: a first segment crossed in 0.2 ms (min_RTT), then 1..9 took 10 ms (RACK.rtt); 0 of them resent at 11 ms. */
    static SackScoreboard queued() {
        SackScoreboard b = board();
        b.onSentRun(0, MSS, 1, T0);
        b.onAck(MSS, MSS, new int[0], 0, T0 + MS / 5);
        b.onSentRun(MSS, MSS, 10, T0 + MS);
        b.onAck(MSS, 11 * MSS, new int[] {2 * MSS, 11 * MSS}, 1, T0 + 11 * MS);
        assertEquals(10 * MS, b.rttNs(), SLACK);
        b.onRetransmit(MSS, MSS, T0 + 11 * MS);
        return b;
    }

    @Test
    void aSackSoonAfterTheRetransmissionLeftIsTheOriginals() {
        SackScoreboard b = queued();
        int[] blocks = {MSS, 2 * MSS, 2 * MSS, 11 * MSS};
        b.onAck(MSS, 11 * MSS, blocks, 2, T0 + 12 * MS, T0 / MS); // 1 ms after: above min_RTT, below RACK.rtt / 2
        assertEquals(10 * MS, b.rttNs(), SLACK, "the retransmission queued behind 10 ms of data cannot have crossed in 1 ms");
    }

    @Test
    void aSackOfTheRetransmissionAfterHalfTheRoundTripIsASample() {
        SackScoreboard b = queued();
        int[] blocks = {MSS, 2 * MSS, 2 * MSS, 11 * MSS};
        b.onAck(MSS, 11 * MSS, blocks, 2, T0 + 20 * MS, T0 / MS); // the SACK's echo is older: no evidence either way
        assertEquals(9 * MS, b.rttNs(), SLACK);
    }
}

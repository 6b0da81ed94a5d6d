package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The per-destination path MTU cache (RFC 1191 §5) and the congestion control's MSS change: bounded, expiring, in segments. */
class PathMtuCacheTest {
    @Test
    void entriesExpireAndTheLatestReportWins() {
        PathMtuCache c = new PathMtuCache(4, 100);
        assertEquals(Integer.MAX_VALUE, c.mss(1, 0));
        assertEquals(110, c.learned(1, 1240, 10));
        assertEquals(1240, c.mss(1, 109));
        assertEquals(Integer.MAX_VALUE, c.mss(1, 110), "expired: try the larger MTU (RFC 1191 §6.3)");
        c.learned(1, 1400, 50);
        assertEquals(1400, c.mss(1, 60));
        assertEquals(150, c.expiresNs(1));
        assertEquals(1, c.size());
    }

    @Test
    void aFullCacheReplacesTheEntryExpiringFirst() {
        PathMtuCache c = new PathMtuCache(3, 100);
        for (int host = 1; host <= 1000; host++) c.learned(host, 1000 + host % 7, host);
        assertEquals(3, c.size(), "bounded under a flood of destinations");
        assertEquals(1000 + 1000 % 7, c.mss(1000, 1000));
        assertEquals(Integer.MAX_VALUE, c.mss(1, 1000));
        PathMtuCache none = new PathMtuCache(0, 100);
        assertEquals(105, none.learned(1, 1240, 5), "no cache: the connection's own timer still runs");
        assertEquals(Integer.MAX_VALUE, none.mss(1, 6));
        assertThrows(IllegalArgumentException.class, () -> new PathMtuCache(-1, 100));
        assertThrows(IllegalArgumentException.class, () -> new PathMtuCache(1, 0));
    }

    @Test
    void anMssChangeKeepsTheWindowsInSegmentsWithoutARecovery() {
        for (NewReno cc : new NewReno[] {new NewReno(1460), new Cubic(1460)}) {
            assertEquals(14600, cc.cwnd());
            cc.onMssChanged(1240);
            assertEquals(12400, cc.cwnd(), "the initial window of the new MSS (10 segments)");
            assertEquals(NewReno.CWND_MAX, cc.ssthresh(), "no loss response");
            assertFalse(cc.inRecovery());
            cc.onAck(0, 12400, 0, 1_000_000, 1_000_000);
            assertEquals(24800, cc.cwnd(), "slow start goes on in the new unit");
            assertTrue(cc.onSackLoss(0, 24800, 24800, 2_000_000));
            int ssthresh = cc.ssthresh();
            cc.onMssChanged(1460);
            assertEquals((int) ((long) ssthresh * 1460 / 1240), cc.ssthresh(), "ssthresh keeps its segments too");
            cc.onRetransmitTimeout(0, 1460, 3_000_000);
            assertEquals(1460, cc.cwnd(), "the loss window is one new MSS");
        }
    }
}

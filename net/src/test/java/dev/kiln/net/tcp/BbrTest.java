package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** {@link Bbr}'s model driven by hand: an ACK per millisecond, each delivering the same bytes. */
class BbrTest {
    static final int MSS = 1000;
    static final long MS = 1_000_000L;
    final Bbr b = new Bbr(MSS);
    long now;
    int una;

    /** {@code n} ACKs, one per ms, each delivering {@code bytes} with this RTT sample; the sender keeps 3 ACKs' worth in flight. */
    void acks(int n, int bytes, long rttNs) {
        for (int i = 0; i < n; i++) {
            now += MS;
            b.onDelivered(bytes, una + bytes, una + 3 * bytes, false, rttNs, now);
            una += bytes;
            b.onAck(una, bytes, 2 * bytes, 0, now);
        }
    }

    @Test
    void theWindowFollowsRateTimesLowestRtt() {
        acks(200, 10 * MSS, MS); // 10 MB/s, 1 ms: BDP 10 KB
        assertTrue(b.filledPipe(), "the rate stopped growing: startup is over");
        assertEquals(10_000_000, b.bandwidth(), 10_000);
        int bdp = 10 * MSS;
        assertTrue(b.cwnd() >= 2 * bdp && b.cwnd() <= 2 * bdp + 3 * MSS + 10 * MSS, "2 x BDP + aggregation + 3 MSS: " + b.cwnd());
    }

    @Test
    void aLowestRttNotSeenFor10sIsProbedAndReplaced() {
        acks(200, 10 * MSS, MS);
        int before = b.target();
        acks(5_000, 10 * MSS, 10 * MS); // the path's RTT grew tenfold: the 1 ms minimum stands for now
        assertEquals(before, b.target(), "within 10 s the lowest RTT stands");
        acks(5_100, 10 * MSS, 10 * MS); // 10 s passed: PROBE_RTT
        assertEquals(Bbr.MIN_SEGMENTS * MSS, b.cwnd(), "PROBE_RTT holds the window at 4 segments");
        acks(250, 10 * MSS, 10 * MS);
        assertTrue(b.target() > 5 * before, "the window fits the new RTT: " + b.target() + " vs " + before);
        assertTrue(b.cwnd() >= before, "the window was restored after PROBE_RTT: " + b.cwnd());
    }

    @Test
    void lossKeepsTheWindow() {
        acks(200, 10 * MSS, MS);
        int cwnd = b.cwnd();
        assertTrue(b.onSackLoss(una, una + cwnd, cwnd, now));
        assertEquals(cwnd, b.cwnd(), "no reduction");
        assertEquals(cwnd, b.ssthresh(), "PRR aims at the same window");
    }
}

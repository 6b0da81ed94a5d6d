package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CubicTest {
    static final int MSS = 1000;
    static final long RTT_NS = 100_000_000L;

    /** Slow-start a fresh CUBIC to {@code segs} segments, then lose one (3 dup ACKs) and recover. */
    static Cubic afterLossAt(int segs) {
        var cc = new Cubic(MSS);
        int una = 0;
        while (cc.cwnd() < segs * MSS) cc.onAck(una += MSS, MSS, cc.cwnd(), RTT_NS, 0);
        int flight = cc.cwnd();
        for (int i = 0; i < 3; i++) cc.onDupAck(una, una + flight, flight, 0);
        cc.onAck(una + flight, flight, flight, RTT_NS, 0);
        return cc;
    }

    /** Run ACK clocked rounds of one RTT from {@code startNs}; returns cwnd (segments) after each. */
    static double[] rounds(Cubic cc, long startNs, int n) {
        double[] out = new double[n];
        long now = startNs;
        for (int r = 0; r < n; r++) {
            int acks = cc.cwnd() / MSS;
            for (int a = 0; a < acks; a++) cc.onAck(a, MSS, cc.cwnd(), RTT_NS, now += RTT_NS / acks);
            out[r] = (double) cc.cwnd() / MSS;
        }
        return out;
    }

    @Test
    void kAndWcubicWorkedExample() {
        // W_max = 100, beta = 0.7: cwnd_epoch = 70, K = cbrt((100 - 70) / 0.4) = cbrt(75) = 4.2172 s
        assertEquals(4.2172, Cubic.k(100, 70), 1e-4);
        assertEquals(70, Cubic.wCubic(0, 100, Cubic.k(100, 70)), 1e-9);
        assertEquals(100, Cubic.wCubic(Cubic.k(100, 70), 100, Cubic.k(100, 70)), 1e-9);
        assertEquals(0.5294, Cubic.ALPHA, 1e-4); // 3(1 - 0.7)/(1 + 0.7)
    }

    @Test
    void lossReducesByBetaAndRemembersWmax() {
        var cc = afterLossAt(1000);
        assertEquals(1000, cc.wMaxSegments(), 1e-9);
        assertEquals(700 * MSS, cc.ssthresh());
        assertEquals(700 * MSS, cc.cwnd());
    }

    @Test
    void fastConvergenceLowersWmaxWhenLossComesEarly() {
        var cc = afterLossAt(1000);
        rounds(cc, 0, 3); // still well below the old W_max
        double before = (double) cc.cwnd() / MSS;
        int una = 1 << 24, flight = cc.cwnd(); // beyond the previous recovery point
        for (int i = 0; i < 3; i++) cc.onDupAck(una, una + flight, flight, 0);
        assertEquals(before * (1 + 0.7) / 2, cc.wMaxSegments(), 1e-6, "RFC 9438 §4.7");
    }

    @Test
    void concaveBelowWmaxConvexAboveAndPlateauNearK() {
        var cc = afterLossAt(1000);
        double[] w = rounds(cc, 0, 160); // 16 s of 100 ms rounds; K = cbrt(300 / 0.4) = 9.09 s
        assertEquals(Cubic.k(1000, 700), cc.kSeconds(), 1e-9);
        double early = w[10] - w[0], beforeK = w[85] - w[75];
        double afterK = w[105] - w[95], late = w[150] - w[140];
        assertTrue(early > beforeK && beforeK > 0, "concave: growth slows towards W_max " + early + " " + beforeK);
        assertTrue(late > afterK, "convex: growth speeds up past W_max " + afterK + " " + late);
        assertEquals(1000, w[90], 15, "near W_max at t = K");
    }

    @Test
    void renoFriendlyRegionWinsAtSmallBdp() {
        var cc = afterLossAt(20); // W_max = 20 segments, K = 2.47 s, Reno grows faster in 10 rounds
        double[] w = rounds(cc, 0, 10);
        double renoLike = 14 + 10 * Cubic.ALPHA; // W_est: alpha segments per RTT from cwnd_epoch
        assertTrue(w[9] >= renoLike - 1, "cwnd " + w[9] + " follows W_est " + renoLike);
    }

    @Property(tries = 50)
    void growthPerRoundIsBoundedByHalfTheWindow(@ForAll @IntRange(min = 20, max = 2000) int wMax) {
        var cc = afterLossAt(wMax);
        double[] w = rounds(cc, 0, 60);
        double prev = (double) cc.ssthresh() / MSS;
        for (double x : w) {
            assertTrue(x >= prev - 1e-9 && x <= 1.5 * prev + 1, "round " + prev + " -> " + x);
            prev = x;
        }
    }
}

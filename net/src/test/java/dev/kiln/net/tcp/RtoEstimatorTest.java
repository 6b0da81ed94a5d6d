package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RtoEstimatorTest {
    static final long MS = 1_000_000L;

    @Test
    void initialRtoIsOneSecond() {
        var rto = RtoEstimator.rfc6298();
        assertEquals(1000 * MS, rto.rtoNs());
        assertFalse(rto.hasSample());
    }

    @Test
    void firstAndSecondSampleFollowRfc6298Equations() {
        var rto = new RtoEstimator(200 * MS, 60_000 * MS, 1000 * MS, MS); // Linux-like minimum
        assertTrue(rto.sample(100 * MS));
        // §2.2: SRTT = R, RTTVAR = R/2, RTO = SRTT + max(G, 4*RTTVAR) = 100 + 200
        assertEquals(100 * MS, rto.srttNs());
        assertEquals(50 * MS, rto.rttvarNs());
        assertEquals(300 * MS, rto.rtoNs());
        assertTrue(rto.sample(200 * MS));
        // §2.3: RTTVAR = 3/4*50 + 1/4*|100-200| = 62.5; SRTT = 7/8*100 + 1/8*200 = 112.5
        assertEquals(62_500_000L, rto.rttvarNs());
        assertEquals(112_500_000L, rto.srttNs());
        assertEquals(362_500_000L, rto.rtoNs());
    }

    @Test
    void minimumAppliesAndIsConfigurable() {
        var rfc = RtoEstimator.rfc6298();
        rfc.sample(10 * MS);
        assertEquals(1000 * MS, rfc.rtoNs(), "RFC 6298 §2.4: RTO rounded up to 1 s");
        var linux = new RtoEstimator(200 * MS, 60_000 * MS, 1000 * MS, MS);
        linux.sample(10 * MS);
        assertEquals(200 * MS, linux.rtoNs());
    }

    @Test
    void granularityBoundsTheVarianceTerm() {
        var rto = new RtoEstimator(1, 60_000 * MS, 1000 * MS, 100 * MS);
        for (int i = 0; i < 200; i++) rto.sample(50 * MS); // RTTVAR decays toward 0
        assertEquals(50 * MS + 100 * MS, rto.rtoNs(), "RTO = SRTT + G once 4*RTTVAR < G");
    }

    @Test
    void backoffDoublesUpToSixtySecondsAndASampleClearsIt() {
        var rto = RtoEstimator.rfc6298();
        long[] expect = {2000, 4000, 8000, 16000, 32000, 60000, 60000};
        for (long e : expect) {
            rto.onTimeout();
            assertEquals(e * MS, rto.rtoNs());
        }
        assertTrue(rto.sample(100 * MS));
        assertEquals(0, rto.backoffs());
        assertEquals(1000 * MS, rto.rtoNs());
    }

    @Test
    void karnIgnoresRetransmittedSegmentsAndKeepsTheBackoff() {
        var rto = RtoEstimator.rfc6298();
        rto.onTimeout();
        assertFalse(rto.onSegmentAcked(0, 5000 * MS, true), "ambiguous sample from a retransmission");
        assertEquals(2000 * MS, rto.rtoNs(), "backed-off RTO stays until a valid sample");
        assertTrue(rto.onSegmentAcked(1000 * MS, 1300 * MS, false));
        assertEquals(300 * MS, rto.srttNs());
    }

    @Test
    void timestampEchoSamplesEvenRetransmissions() {
        var rto = RtoEstimator.rfc6298();
        rto.onTimeout();
        // 1 ms ticks; TSecr names the transmission that was acknowledged, across the 2^32 wrap
        assertTrue(rto.onTimestampEcho(0xFFFF_FFF0, 0x0000_0020, MS));
        assertEquals(48 * MS, rto.srttNs());
        assertEquals(0, rto.backoffs());
        assertFalse(rto.onTimestampEcho(1000, 900, MS), "an echo from the future is ignored");
        assertTrue(rto.onTimestampEcho(7, 7, MS), "same tick: half a tick");
    }

    @Test
    void synTimeoutRaisesTheInitialRtoToThreeSeconds() {
        var rto = RtoEstimator.rfc6298();
        rto.onTimeout();
        rto.onSynTimeoutRecovered();
        assertEquals(3000 * MS, rto.rtoNs());
    }

    @Test
    void badBoundsAreRejectedWithTheValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RtoEstimator(0, 1, 1, 1));
        assertTrue(e.getMessage().contains("min=0"));
    }

    @Property
    void rtoStaysWithinBoundsForAnyEvents(@ForAll @Size(max = 60) List<@LongRange(min = -5, max = 70_000) Long> events) {
        var rto = new RtoEstimator(200 * MS, 60_000 * MS, 1000 * MS, MS);
        for (long e : events) {
            if (e < 0) rto.onTimeout();
            else rto.sample(e * MS);
            long r = rto.rtoNs();
            assertTrue(r >= 200 * MS && r <= 60_000 * MS, "rto " + r);
        }
    }

    @Property
    void constantRttConvergesToSrttPlusGranularityOrMinimum(@ForAll @IntRange(min = 1, max = 5000) int rttMs) {
        var rto = new RtoEstimator(MS, 60_000 * MS, 1000 * MS, MS);
        for (int i = 0; i < 300; i++) rto.sample(rttMs * MS);
        assertEquals(rttMs * MS, rto.srttNs());
        assertTrue(rto.rtoNs() >= rttMs * MS + MS && rto.rtoNs() <= rttMs * MS + 4 * MS + MS);
    }
}

package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link Bbr} against the loss-based window in the simulator (virtual time, both ends Kiln, SACK, timestamps and
 * delayed ACKs as Linux): random loss does not shrink BBR's window, and at a bottleneck it neither starves the link
 * nor overflows its queue. The netem interop case (5 % loss both ways) was 7× slower than Linux's TCP, which runs
 * BBR on the machines this is tested on; with CUBIC the window stays near 5 segments (Mathis) and a lost or delayed
 * ACK stalls the sender for a timer.
 */
class TcpBbrTest {
    static final long MS = TcpBackToBackTest.MS;

    static TcpBackToBackTest.Run transfer(boolean bbr, long seed, int bytes, int lossPercent, long bottleneckBytesPerSec) {
        return transfer(bbr, seed, bytes, lossPercent, bottleneckBytesPerSec, 256 * 1024);
    }

    static TcpBackToBackTest.Run transfer(boolean bbr, long seed, int bytes, int lossPercent, long bottleneckBytesPerSec, int buf) {
        TcpConfig cfg = new TcpConfig(1460, buf, buf, true, true, true, 30_000 * MS, 8, 16, 1000,
                200 * MS, 1_000 * MS, 60_000 * MS, 30, 30, 60_000 * MS, true).withBbr(bbr);
        var r = new TcpBackToBackTest.Run(cfg, seed, lossPercent, 0, bytes);
        r.jitterNs = 0;
        r.bottleneckBytesPerSec = bottleneckBytesPerSec;
        r.queueLimitNs = 20 * MS;
        r.maxSteps = 4_000_000;
        r.run(); // byte-exact delivery is asserted inside
        return r;
    }

    record Result(double mbPerS, long timeouts, long resent, long queueDrops) {}

    static Result measure(boolean bbr, int lossPercent, long bottleneck) {
        long totalNs = 0, timeouts = 0, resent = 0, drops = 0, bytes = 2_000_000;
        for (long seed = 1; seed <= 4; seed++) {
            var r = transfer(bbr, seed, (int) bytes, lossPercent, bottleneck);
            assertTrue(!bbr || r.a.cc instanceof Bbr, "the configuration chose BBR");
            totalNs += r.now;
            timeouts += r.a.timeouts();
            resent += r.a.retransmittedBytes();
            drops += r.queueDrops;
        }
        Result res = new Result(4.0 * bytes / (totalNs / 1e9) / 1e6, timeouts, resent, drops);
        System.out.printf("%s, %d%% loss, bottleneck %d B/s, 4 x %d B: %s%n", bbr ? "BBR" : "CUBIC", lossPercent, bottleneck, bytes, res);
        return res;
    }

    @Test
    void randomLossDoesNotShrinkTheWindow() {
        Result cubic = measure(false, 5, 0), bbr = measure(true, 5, 0);
        // 5 % loss both ways, 2 ms RTT, no bottleneck: CUBIC 5.5 MB/s (window ≈ 5 segments), BBR 21 MB/s
        assertTrue(bbr.mbPerS > 3 * cubic.mbPerS, "BBR " + bbr + " vs CUBIC " + cubic);
        assertTrue(bbr.timeouts <= 1, "BBR " + bbr);
    }

    @Test
    void aBottleneckIsFilledNotFlooded() {
        long rate = 10_000_000; // 10 MB/s, a 20 ms drop-tail queue, 2 ms RTT: BDP 20 KB
        Result bbr = measure(true, 0, rate); // 9.5 MB/s, nothing dropped
        assertTrue(bbr.mbPerS > 0.85 * rate / 1e6, "BBR uses the link: " + bbr);
        assertTrue(bbr.resent < 4 * 2_000_000 / 100, "BBR does not overflow the queue (less than 1 % resent): " + bbr);
    }

    /**
     * 2 MB buffers at 5 % loss: a window of ~700 segments has ~35 holes, and as many retransmissions in flight, 5 % of
     * them lost again. With 16 of them remembered ({@link RetransmitLog}) the others' losses waited for timeouts.
     */
    @Test
    void aLargeWindowTracksItsLostRetransmissions() {
        long timeouts = 0, totalNs = 0;
        for (long seed = 1; seed <= 2; seed++) {
            var r = transfer(true, seed, 8_000_000, 5, 0, 2 << 20);
            timeouts += r.a.timeouts();
            totalNs += r.now;
        }
        System.out.printf("BBR, 5%% loss, 2 MB buffers, 2 x 8 MB: %.1f MB/s, %d timeouts%n", 16e6 / (totalNs / 1e9) / 1e6, timeouts);
        assertTrue(timeouts <= 1, "timeouts " + timeouts);
    }

    @Test
    void aLossyBottleneckIsStillFilled() {
        long rate = 10_000_000;
        Result cubic = measure(false, 5, rate), bbr = measure(true, 5, rate);
        // CUBIC 4.6 MB/s with a timeout, BBR 8.6 MB/s
        assertTrue(bbr.mbPerS > 0.75 * rate / 1e6 && bbr.mbPerS > 1.5 * cubic.mbPerS, "BBR " + bbr + " vs CUBIC " + cubic);
    }
}

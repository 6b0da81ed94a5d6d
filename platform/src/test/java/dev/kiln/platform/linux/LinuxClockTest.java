package dev.kiln.platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LinuxClockTest {
    final LinuxClock clock = new LinuxClock();

    @Test
    void monotonicNeverGoesBack() {
        long prev = clock.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            long now = clock.nanoTime();
            assertTrue(now >= prev, "went back from " + prev + " to " + now);
            prev = now;
        }
    }

    @Test
    void monotonicRunsAtTheRateOfSystemNanoTime() {
        long c0 = clock.nanoTime(), j0 = System.nanoTime();
        long until = j0 + 50_000_000; // spin 50 ms, no sleep
        while (System.nanoTime() < until) Thread.onSpinWait();
        long c1 = clock.nanoTime(), j1 = System.nanoTime();
        double ratio = (double) (c1 - c0) / (j1 - j0);
        assertTrue(ratio > 0.95 && ratio < 1.05, "rate ratio " + ratio);
        // HotSpot's System.nanoTime is CLOCK_MONOTONIC on Linux: the same origin.
        assertTrue(Math.abs(clock.nanoTime() - System.nanoTime()) < 1_000_000_000L, "same clock as System.nanoTime");
    }

    @Test
    void wallClockAgreesWithInstant() {
        Instant i = Instant.now();
        long javaNs = i.getEpochSecond() * 1_000_000_000L + i.getNano();
        long diff = Math.abs(clock.wallNanos() - javaNs);
        assertTrue(diff < 1_000_000_000L, "wall clock off by " + diff + " ns");
    }

    @Test
    void safeFromManyThreads() throws Exception {
        try (ExecutorService ex = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(ex.submit(() -> {
                    long prev = clock.nanoTime();
                    for (int i = 0; i < 20_000; i++) {
                        long now = clock.nanoTime();
                        if (now < prev) return false;
                        prev = now;
                    }
                    return true;
                }));
            }
            for (Future<Boolean> f : fs) assertEquals(true, f.get());
        }
    }
}

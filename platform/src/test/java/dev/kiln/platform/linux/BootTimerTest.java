package dev.kiln.platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BootTimerTest {
    @Test
    void parsesTheLaunchersValue() {
        assertEquals(123L, BootTimer.parse(" 123\n", "x").orElseThrow().epochNanos());
        assertTrue(BootTimer.parse("abc", "x").isEmpty());
        assertTrue(BootTimer.parse("", "x").isEmpty());
        assertTrue(BootTimer.parse(null, "x").isEmpty());
        assertTrue(BootTimer.parse("-5", "x").isEmpty());
    }

    @Test
    void propertyWinsOverProcessStart() {
        String old = System.getProperty(BootTimer.PROPERTY);
        try {
            Instant oneSecondAgo = Instant.now().minusSeconds(1);
            System.setProperty(BootTimer.PROPERTY, Long.toString(oneSecondAgo.getEpochSecond() * 1_000_000_000L + oneSecondAgo.getNano()));
            assertEquals("-Dkiln.execNs", BootTimer.execTime().orElseThrow().source());
            double ms = BootTimer.sinceExecMillis();
            assertTrue(ms >= 1000 && ms < 60_000, "since exec " + ms + " ms");
        } finally {
            if (old == null) System.clearProperty(BootTimer.PROPERTY);
            else System.setProperty(BootTimer.PROPERTY, old);
        }
    }

    @Test
    void fallsBackToProcessStart() {
        assumeNoLauncherValue();
        var t = BootTimer.execTime().orElseThrow();
        assertTrue(t.source().startsWith("process start"), t.source());
        double ms = BootTimer.sinceExecMillis();
        assertTrue(ms > 0 && ms < 3_600_000, "this JVM started " + ms + " ms ago");
    }

    @Test
    void procStartAgreesWithTheKernelsCoarseStartAndIsInThePast() {
        var proc = BootTimer.fromProc().orElseThrow();
        Instant coarse = ProcessHandle.current().info().startInstant().orElseThrow();
        long coarseNs = coarse.getEpochSecond() * 1_000_000_000L + coarse.getNano();
        assertTrue(Math.abs(proc.epochNanos() - coarseNs) < 1_100_000_000L, "within the coarse value's 1 s");
        Instant now = Instant.now();
        assertTrue(proc.epochNanos() < now.getEpochSecond() * 1_000_000_000L + now.getNano(), "in the past");
    }

    private static void assumeNoLauncherValue() {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty(BootTimer.PROPERTY) == null
                && System.getenv(BootTimer.ENV) == null, "launcher passed an exec time");
    }
}

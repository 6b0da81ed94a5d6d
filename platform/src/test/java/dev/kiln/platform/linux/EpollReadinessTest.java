package dev.kiln.platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EpollReadinessTest {
    static final long MS = 1_000_000;

    @Test
    void millisecondsRoundUp() {
        assertEquals(-1, EpollReadiness.toMillis(-1));
        assertEquals(-1, EpollReadiness.toMillis(Long.MIN_VALUE));
        assertEquals(0, EpollReadiness.toMillis(0));
        assertEquals(1, EpollReadiness.toMillis(1));
        assertEquals(1, EpollReadiness.toMillis(MS));
        assertEquals(2, EpollReadiness.toMillis(MS + 1));
        assertEquals(Integer.MAX_VALUE, EpollReadiness.toMillis(Long.MAX_VALUE));
    }

    @Test
    void zeroTimeoutOnlyPolls() {
        try (EpollReadiness r = EpollReadiness.open()) {
            long t0 = System.nanoTime();
            assertEquals(0, r.poll(0));
            assertTrue(System.nanoTime() - t0 < 500 * MS, "poll(0) must not wait");
        }
    }

    @Test
    void timeoutWaitsAtLeastTheTimeout() {
        try (EpollReadiness r = EpollReadiness.open()) {
            long t0 = System.nanoTime();
            assertEquals(0, r.poll(30 * MS + 1));
            long waited = System.nanoTime() - t0;
            assertTrue(waited >= 30 * MS, "returned after " + waited + " ns, before the 30 ms timeout");
        }
    }

    @Test
    void wakeupFromAnotherThreadEndsAnInfiniteWait() throws Exception {
        try (EpollReadiness r = EpollReadiness.open()) {
            CountDownLatch waiting = new CountDownLatch(1), returned = new CountDownLatch(1);
            Thread loop = Thread.ofPlatform().start(() -> {
                waiting.countDown();
                r.await(-1);
                returned.countDown();
            });
            assertTrue(waiting.await(10, TimeUnit.SECONDS));
            r.wakeup();
            assertTrue(returned.await(10, TimeUnit.SECONDS), "await(-1) did not return after wakeup()");
            loop.join();
            assertEquals(1, r.wakeups());
            // The eventfd was drained: the next poll sees nothing.
            assertEquals(0, r.poll(0));
            assertEquals(1, r.wakeups());
        }
    }

    @Test
    void wakeupBeforeAwaitIsNotLost() {
        try (EpollReadiness r = EpollReadiness.open()) {
            r.wakeup();
            r.wakeup();
            long t0 = System.nanoTime();
            r.await(10_000 * MS);
            assertTrue(System.nanoTime() - t0 < 5_000 * MS, "pending wake-up should end the wait at once");
            assertEquals(1, r.wakeups(), "two wake-ups merge into one");
        }
    }

    @Test
    void reportsReadyDescriptors() {
        // An epoll fd is readable when its own set has events: nest one readiness in another.
        try (EpollReadiness outer = EpollReadiness.open(); EpollReadiness inner = EpollReadiness.open()) {
            outer.add(inner.fd());
            assertEquals(0, outer.poll(0));
            inner.wakeup();
            assertEquals(1, outer.poll(5_000 * MS));
            assertEquals(inner.fd(), outer.readyFd(0));
            assertEquals(0, inner.poll(0), "inner drains its wake-up");
            assertEquals(0, outer.poll(0), "level-triggered: not ready once drained");
            outer.remove(inner.fd());
            inner.wakeup();
            assertEquals(0, outer.poll(0), "removed descriptors are not reported");
        }
    }

    @Test
    void errorsAreExplainedAndClosedIsSafe() {
        EpollReadiness r = EpollReadiness.open();
        var e = assertThrows(dev.kiln.platform.PlatformException.class, () -> r.add(123_456));
        assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
        r.close();
        r.close();
        r.wakeup(); // no-op after close
        assertThrows(IllegalStateException.class, () -> r.await(0));
        assertThrows(IllegalArgumentException.class, () -> EpollReadiness.open(0));
    }
}

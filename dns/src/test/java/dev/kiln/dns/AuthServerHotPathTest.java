package dev.kiln.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The memo-hit path allocates nothing after warm-up; prints a simple throughput figure. */
class AuthServerHotPathTest {
    static final String[] NAMES = {"www.example.com.", "mail.example.com.", "nope.example.com.", "x.wild.example.com.",
        "x.sub.example.com.", "alias.example.com.", "example.com.", "WWW.Example.COM."};

    @Test
    void memoHitsAllocateNothing() {
        AuthServer server = new AuthServer(TestZones.zoneSet(), ServerConfig.defaults());
        MemorySegment[] queries = new MemorySegment[NAMES.length * 2];
        for (int i = 0; i < NAMES.length; i++) {
            queries[2 * i] = MemorySegment.ofArray(Queries.query(i + 1, NAMES[i], 1, 1, true, 1232, false));
            queries[2 * i + 1] = MemorySegment.ofArray(Queries.query(i + 100, NAMES[i], 15, 1, false, Queries.NO_EDNS, false));
        }
        MemorySegment out = MemorySegment.ofArray(new byte[1232]);
        for (int round = 0; round < 20_000; round++) { // warm-up: fill the memo, let the JIT compile
            for (MemorySegment q : queries) server.answer(q, out, false);
        }
        long overhead = -(allocatedBytes() - allocatedBytes()); // what measuring itself costs
        long before = allocatedBytes();
        long hitsBefore = server.counter(Counter.MEMO_HITS);
        int total = 0;
        long t0 = System.nanoTime();
        final int n = 100_000;
        for (int i = 0; i < n; i++) total += server.answer(queries[i % queries.length], out, false);
        long ns = System.nanoTime() - t0;
        long allocated = allocatedBytes() - before - overhead;
        assertTrue(total > 0);
        assertEquals(n, server.counter(Counter.MEMO_HITS) - hitsBefore, "every query was a memo hit");
        // ThreadMXBean itself may allocate a little; 100k queries at even 1 byte each would be 100 kB
        assertTrue(allocated < 512, "hot path allocated " + allocated + " bytes over " + n + " queries");
        System.out.printf("AuthServer memo-hit path: %d queries in %.1f ms = %.0f k queries/s (one thread), %d bytes allocated%n",
                n, ns / 1e6, n / (ns / 1e9) / 1000, allocated);
    }

    /**
     * This thread's allocated bytes from com.sun.management.ThreadMXBean, looked up reflectively: tests compile
     * inside module kiln.dns, which does not read java.management (and need not, outside tests).
     */
    static long allocatedBytes() {
        try {
            Object bean = Class.forName("java.lang.management.ManagementFactory").getMethod("getThreadMXBean").invoke(null);
            var m = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
            return (long) m.invoke(bean);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("needs com.sun.management.ThreadMXBean (HotSpot)", e);
        }
    }
}

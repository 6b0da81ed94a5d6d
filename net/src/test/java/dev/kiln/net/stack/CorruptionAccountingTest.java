package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.ValueLayout;
import net.jqwik.api.*;
import net.jqwik.api.constraints.*;

/**
 * Every received frame has exactly one outcome: a corrupted copy of a valid UDP request is
 * either delivered to the handler (the damage was harmless, e.g. the source MAC or a zeroed
 * UDP checksum) or dropped with exactly one counted reason. Nothing is lost silently.
 */
class CorruptionAccountingTest {

    @Property(tries = 500)
    void singleByteDamageIsDeliveredOrCountedOnce(@ForAll @IntRange(min = 0, max = 1000) int where,
                                                   @ForAll @IntRange(min = 1, max = 255) int flip,
                                                   @ForAll @Size(max = 200) byte[] payload) {
        StackHarness h = new StackHarness();
        int[] calls = {0};
        byte[][] seen = {null};
        h.stack.udpBind(7, (s, src, port, p, reply) -> {
            calls[0]++;
            seen[0] = p.toArray(ValueLayout.JAVA_BYTE);
            return 0;
        });
        byte[] f = udpFromPeer(4000, 7, payload);
        int at = where % f.length;
        f[at] ^= (byte) flip;
        long dropsBefore = h.stack.counters().entrySet().stream().filter(e -> e.getKey().startsWith("drop.")).mapToLong(e -> e.getValue()).sum();
        h.run(0, f);
        long drops = h.stack.counters().entrySet().stream().filter(e -> e.getKey().startsWith("drop.")).mapToLong(e -> e.getValue()).sum() - dropsBefore;
        assertEquals(1, calls[0] + drops, () -> "byte " + at + " ^ " + flip + ": " + h.stack.counters());
        if (calls[0] == 1) {
            assertTrue(at < 12 || at == 40 || at == 41, "only MAC addresses or the UDP checksum may be damaged harmlessly, byte " + at);
            assertArrayEquals(payload, seen[0], "a delivered payload is intact");
        }
    }
}

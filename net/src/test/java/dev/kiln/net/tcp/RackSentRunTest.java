package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** {@link Rack#onSentRun} logs a burst exactly as one {@link Rack#onSent} per segment would: entries, times, overflow. */
class RackSentRunTest {
    @Test
    void aRunIsOneEntryPerSegment() {
        int seg = 1000, first = -5_000; // crosses sequence zero
        for (int cap : new int[] {4, 7, 64}) for (int before : new int[] {0, 1, 3, 6}) for (int count : new int[] {1, 2, 5, 9}) {
            Rack one = new Rack(cap, first), run = new Rack(cap, first);
            int at = first;
            for (int i = 0; i < before; i++) { // earlier bursts, one segment each
                at += seg;
                one.onSent(at, 10);
                run.onSent(at, 10);
            }
            int from = before == 6 ? at - 2 * seg : at; // a burst may begin below what is logged (a resend of the tail)
            for (int i = 1; i <= count; i++) one.onSent(from + i * seg, 20);
            run.onSentRun(from, seg, count, 20);
            String what = "capacity " + cap + ", " + before + " before, " + count + " in the run";
            for (int s = first - seg; s < first + 20 * seg; s += seg / 2)
                assertEquals(one.sentNsOf(s), run.sentNsOf(s), what + ": the send time of " + s);
            one.trim(first);
            run.trim(first);
            assertEquals(one.stamp(30), run.stamp(30), what + ": as many stamps taken");
        }
    }
}

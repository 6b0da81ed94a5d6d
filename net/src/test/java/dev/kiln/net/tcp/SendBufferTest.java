package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class SendBufferTest {
    static MemorySegment bytes(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (from + i);
        return MemorySegment.ofArray(b);
    }

    static byte[] read(SendBuffer sb, int seq, int len) {
        byte[] out = new byte[len];
        return Arrays.copyOf(out, sb.read(seq, MemorySegment.ofArray(out), 0, len));
    }

    @Test
    void writeSendAckAndRetransmitAcrossTheRingAndTheWrap() {
        var budget = new BufferBudget(1 << 20);
        var sb = new SendBuffer(10, budget, -4);
        assertEquals(8, sb.write(bytes(0, 8), 0, 8));
        byte[] wire = new byte[6];
        assertEquals(6, sb.send(MemorySegment.ofArray(wire), 0, 6));
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5}, wire);
        assertEquals(2, sb.unsent());
        assertEquals(6, sb.inFlight());
        assertEquals(5, sb.ack(1));
        assertEquals(7, sb.write(bytes(8, 8), 0, 8), "only the free space is taken");
        assertEquals(0, sb.free());
        assertArrayEquals(new byte[] {5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, read(sb, 1, 100), "retransmit read wraps the ring");
        assertArrayEquals(new byte[] {}, read(sb, 0, 4), "before SND.UNA");
        assertEquals(0, sb.ack(100), "acks unsent data: ignored");
        assertEquals(0, sb.ack(0), "old ack: ignored");
        sb.rewindTo(1);
        assertEquals(1, sb.sndNxt());
        assertEquals(2, sb.sndMax());
        assertEquals(1, sb.ack(2), "after a rewind the peer may ACK up to SND.MAX");
        assertEquals(2, sb.sndNxt(), "SND.NXT follows the ACK");
        assertEquals(9, budget.usedBytes());
        sb.reset(500);
        assertEquals(0, budget.usedBytes());
        assertEquals(500, sb.sndUna());
        assertEquals(3, sb.write(bytes(0, 3), 0, 3));
        assertArrayEquals(new byte[] {0, 1, 2}, read(sb, 500, 3), "a reset buffer starts at the new sequence number");
    }

    @Test
    void globalBudgetLimitsAllConnections() {
        var budget = new BufferBudget(100);
        var a = new SendBuffer(80, budget, 0);
        var b = new SendBuffer(80, budget, 0);
        assertEquals(80, a.write(bytes(0, 80), 0, 80));
        assertEquals(20, b.write(bytes(0, 80), 0, 80));
        a.send(MemorySegment.ofArray(new byte[80]), 0, 80);
        a.ack(30);
        assertEquals(30, b.write(bytes(0, 80), 0, 80));
        assertEquals(0, budget.availableBytes());
        assertThrows(IllegalStateException.class, () -> budget.release(101));
    }

    /** Any order of valid ACKs (reordered, repeated, stale) trims exactly to the highest one. */
    @Property(tries = 300)
    void acksInAnyOrderTrimExactly(@ForAll long seed, @ForAll int isn, @ForAll @IntRange(min = 1, max = 3000) int capacity) {
        var rnd = new Random(seed);
        var budget = new BufferBudget(capacity + rnd.nextInt(1000));
        var sb = new SendBuffer(capacity, budget, isn);
        int written = 0, sent = 0, acked = 0;
        for (int round = 0; round < 30; round++) {
            written += sb.write(bytes(written, 500), 0, rnd.nextInt(500));
            if (rnd.nextInt(5) == 0) sb.rewindTo(sb.sndUna()); // a timeout: go back to SND.UNA
            sb.send(MemorySegment.ofArray(new byte[2000]), 0, rnd.nextInt(2000));
            sent = sb.sndMax() - isn; // ACKs may cover anything ever sent, even after a rewind
            List<Integer> acks = new ArrayList<>();
            for (int i = 0; i < 5; i++) acks.add(rnd.nextInt(sent + 1));
            Collections.shuffle(acks, rnd);
            for (int a : acks) {
                int freed = sb.ack(isn + a);
                assertEquals(Math.max(0, a - acked), freed);
                acked = Math.max(acked, a);
            }
            assertEquals(isn + acked, sb.sndUna());
            assertTrue(Seq.le(sb.sndUna(), sb.sndNxt()) && Seq.le(sb.sndNxt(), sb.sndMax()));
            assertEquals(written - acked, budget.usedBytes(), "budget holds exactly the buffered bytes");
            int at = acked + (sent > acked ? rnd.nextInt(sent - acked) : 0);
            byte[] got = read(sb, isn + at, 300);
            assertEquals(Math.min(300, written - at), got.length);
            for (int i = 0; i < got.length; i++) assertEquals((byte) (at + i), got[i], "byte at " + (at + i));
        }
    }

    /** The ring grows on demand (its buffered bytes wrapped at the time) and keeps every byte at its sequence number. */
    @Test
    void theRingGrowsWithWrappedBytesInPlace() {
        var budget = new BufferBudget(1 << 20);
        var sb = new SendBuffer(70_000, budget, 1000);
        assertEquals(10_000, sb.write(bytes(0, 10_000), 0, 10_000));
        sb.send(MemorySegment.ofArray(new byte[10_000]), 0, 10_000);
        assertEquals(8_000, sb.ack(9_000));
        assertEquals(12_000, sb.write(bytes(10_000, 12_000), 0, 12_000)); // wraps the initial ring
        assertEquals(56_000, sb.write(bytes(22_000, 60_000), 0, 60_000), "up to the capacity: 70 000 buffered");
        assertEquals(0, sb.free());
        byte[] all = read(sb, 9_000, 70_000);
        assertEquals(70_000, all.length);
        for (int i = 0; i < all.length; i++) assertEquals((byte) (8_000 + i), all[i], "byte " + (8_000 + i));
        assertEquals(70_000, budget.usedBytes());
    }

    @Test
    void copyableIsWhatWriteTakesWithinTheBudgetAndTheExtentTable() {
        var budget = new BufferBudget(3000);
        var a = new SendBuffer(2000, budget, 0);
        var b = new SendBuffer(2000, budget, 0);
        var src = java.lang.foreign.MemorySegment.ofArray(new byte[4000]);
        assertEquals(2000, a.copyable());
        assertEquals(2000, a.write(src, 0, 4000));
        assertEquals(1000, b.copyable(), "the budget has 1000 left, the buffer 2000");
        assertEquals(b.copyable(), b.write(src, 0, 4000));
        assertEquals(0, b.copyable());
        var native1 = java.lang.foreign.Arena.global().allocate(1);
        var c = new SendBuffer(1 << 20, new BufferBudget(1 << 20), 0);
        for (int i = 0; i < 1000 && c.copyable() > 0; i++) { // alternate copied and lent bytes until the extent table is full
            c.write(src, 0, 1);
            c.writeRef(native1, 0, 1);
        }
        assertEquals(0, c.copyable(), "a full extent table takes no copied bytes");
        assertEquals(0, c.write(src, 0, 1));
    }
}

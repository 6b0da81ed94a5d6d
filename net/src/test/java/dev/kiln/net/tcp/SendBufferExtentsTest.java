package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.platform.FramePieces;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * {@link SendBuffer} over a mix of copied runs ({@code write}) and references ({@code writeRef}): reads
 * by sequence number (copied, or gathered into {@link FramePieces}) are byte-exact against a model of the
 * stream, references cost capacity but no budget, and the extent table's cap is back-pressure.
 */
class SendBufferExtentsTest {
    /** Immutable native bytes to lend: byte i is a mix of i. */
    static final MemorySegment BLOCK = block(1 << 16);

    static MemorySegment block(int n) {
        MemorySegment b = Arena.global().allocate(n);
        Random r = new Random(42);
        for (int i = 0; i < n; i++) b.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt());
        return b.asReadOnly();
    }

    /** A frame read: bytes copied into {@code dst} with the gathered pieces laid over them, as a device sends it. */
    static byte[] gathered(SendBuffer sb, int seq, int len, FramePieces pieces) {
        MemorySegment dst = MemorySegment.ofArray(new byte[len + 7]);
        dst.fill((byte) 0x77); // under a piece the frame holds garbage: only the piece may supply those bytes
        int n = sb.read(seq, dst, 7, len, pieces);
        MemorySegment frame = Arena.ofAuto().allocate(len + 7);
        MemorySegment.copy(dst, 0, frame, 0, len + 7);
        pieces.copyInto(frame);
        pieces.clear();
        return frame.asSlice(7, n).toArray(ValueLayout.JAVA_BYTE);
    }

    @Property(tries = 300)
    void mixedWritesAcksAndReadsAreByteExact(@ForAll long seed, @ForAll int isn, @ForAll @IntRange(min = 1, max = 40_000) int capacity) {
        Random rnd = new Random(seed);
        BufferBudget budget = new BufferBudget(capacity + rnd.nextInt(2000));
        SendBuffer sb = new SendBuffer(capacity, budget, isn);
        ByteArrayOutputStream model = new ByteArrayOutputStream(); // every byte ever written, from isn
        FramePieces pieces = new FramePieces();
        long refAt = rnd.nextInt(1000);
        int acked = 0;
        java.util.BitSet copied = new java.util.BitSet(); // which stream bytes were copied (they take budget)
        for (int step = 0; step < 200; step++) {
            int op = rnd.nextInt(10), size = model.size();
            if (op < 3) { // copy
                int len = rnd.nextInt(3000);
                byte[] b = new byte[len];
                rnd.nextBytes(b);
                int n = sb.write(MemorySegment.ofArray(b), 0, len);
                assertTrue(n <= len && n <= capacity - (size - acked));
                model.write(b, 0, n);
                copied.set(size, size + n);
            } else if (op < 6) { // lend: often continuing the last lent range, sometimes a jump
                if (rnd.nextInt(3) == 0 || refAt + 4000 > BLOCK.byteSize()) refAt = rnd.nextInt((int) BLOCK.byteSize() - 4000);
                int len = rnd.nextInt(4000);
                MemorySegment src = rnd.nextBoolean() ? BLOCK.asSlice(refAt) : BLOCK.asSlice(refAt, len); // a span or an exact slice
                int n = sb.writeRef(src, 0, len);
                assertTrue(n <= len && n <= capacity - (size - acked));
                model.write(BLOCK.asSlice(refAt, n).toArray(ValueLayout.JAVA_BYTE), 0, n);
                refAt += n;
            } else if (op < 8) { // send some, then acknowledge part of what was sent
                sb.advance(rnd.nextInt(5000));
                int inFlight = sb.inFlight();
                if (inFlight > 0) {
                    int k = 1 + rnd.nextInt(inFlight);
                    assertEquals(k, sb.ack(sb.sndUna() + k));
                    acked += k;
                }
            } else { // read any range, copied or gathered
                int held = size - acked;
                int from = held == 0 ? 0 : rnd.nextInt(held), len = rnd.nextInt(4000);
                int want = Math.min(len, held - from);
                byte[] expect = java.util.Arrays.copyOfRange(model.toByteArray(), acked + from, acked + from + Math.max(0, want));
                byte[] got = op == 8 ? SendBufferTest.read(sb, isn + acked + from, len) : gathered(sb, isn + acked + from, len, pieces);
                assertArrayEquals(expect, got, "read of " + len + " at " + from + " (op " + op + ")");
            }
            assertEquals(model.size() - acked, sb.end() - sb.sndUna());
            assertEquals(copied.get(acked, Math.max(acked, model.size())).cardinality(), budget.usedBytes(), "only copied bytes take budget");
            assertTrue(sb.extents() <= SendExtents.MAX);
        }
        sb.reset(isn);
        assertEquals(0, budget.usedBytes());
    }

    @Test
    void aFullExtentTableRefusesUntilAnAckFreesExtents() {
        BufferBudget budget = new BufferBudget(1 << 20);
        SendBuffer sb = new SendBuffer(1 << 20, budget, 0);
        for (int i = 0; i < SendExtents.MAX; i++) assertEquals(1, sb.writeRef(BLOCK, 2 * i, 1), "separate ranges: one extent each");
        assertEquals(SendExtents.MAX, sb.extents());
        assertEquals(0, sb.writeRef(BLOCK, 1000, 10), "table full: back-pressure");
        assertEquals(1, sb.writeRef(BLOCK, 2 * SendExtents.MAX - 1, 1), "a continuation merges into the last extent");
        assertEquals(0, sb.write(MemorySegment.ofArray(new byte[5]), 0, 5), "a copied run needs an extent too");
        sb.advance(3);
        assertEquals(3, sb.ack(3));
        assertEquals(SendExtents.MAX - 3, sb.extents());
        assertEquals(5, sb.write(MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5}), 0, 5));
        assertEquals(10, sb.writeRef(BLOCK, 1000, 10));
        assertEquals(0, budget.usedBytes() - 5, "references take no budget");
        byte[] tail = SendBufferTest.read(sb, sb.end() - 15, 15);
        assertArrayEquals(new byte[] {1, 2, 3, 4, 5}, java.util.Arrays.copyOf(tail, 5));
        assertArrayEquals(BLOCK.asSlice(1000, 10).toArray(ValueLayout.JAVA_BYTE), java.util.Arrays.copyOfRange(tail, 5, 15));
    }

    @Test
    void consecutiveLentRangesOfOneSpanAreOneExtentAndOnePiece() {
        SendBuffer sb = new SendBuffer(1 << 20, new BufferBudget(1 << 20), 100);
        for (int at = 0; at < 30_000; at += 3000) assertEquals(3000, sb.writeRef(BLOCK.asSlice(at), 0, 3000));
        assertEquals(1, sb.extents());
        FramePieces p = new FramePieces();
        assertEquals(30_000, sb.read(100, MemorySegment.ofArray(new byte[30_000]), 0, 30_000, p));
        assertEquals(1, p.count());
        assertEquals(30_000, p.length(0));
        assertEquals(0, sb.writeRef(BLOCK.asSlice(0, 10), 0, 0));
        assertEquals(5, sb.writeRef(MemorySegment.ofArray(new byte[5]), 0, 5), "a heap segment is copied");
        assertEquals(2, sb.extents());
    }
}

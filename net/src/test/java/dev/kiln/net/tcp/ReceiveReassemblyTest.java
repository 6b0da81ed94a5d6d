package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

class ReceiveReassemblyTest {
    static final MemorySegment ZEROS = MemorySegment.ofArray(new byte[70_000]);

    static int[] sack(ReceiveReassembly rx) {
        int[] out = new int[8];
        return Arrays.copyOf(out, 2 * rx.sackBlocks(out, 4));
    }

    /**
     * A reader that keeps up is handed the same view objects over and over, also when the payload's offset in the
     * frame alternates (segments with and without SACK blocks): the bytes are the frame's, the slices not new.
     */
    @Test
    void lentViewsAreReusedAcrossAlternatingFrameLayouts() {
        var rx = new ReceiveReassembly(4096, 8, 1000);
        MemorySegment frame = MemorySegment.ofArray(new byte[200]);
        List<MemorySegment> seen = new ArrayList<>();
        int seq = 1000;
        for (int i = 0; i < 12; i++) {
            int off = i % 2 == 0 ? 66 : 78;
            frame.set(java.lang.foreign.ValueLayout.JAVA_BYTE, off, (byte) i);
            assertEquals(45, rx.lend(seq, frame, off, 45));
            seq += 45;
            MemorySegment v = rx.readView();
            assertEquals(45, v.byteSize());
            assertEquals((byte) i, v.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0), "the frame's bytes, in place");
            if (seen.stream().noneMatch(x -> x == v)) seen.add(v);
            rx.consume(45);
        }
        assertEquals(2, seen.size(), "one view per layout");
        rx.lend(seq, frame, 90, 45);
        assertTrue(seen.stream().noneMatch(x -> x == rx.readView()), "a new layout: a new view");
    }

    /** RFC 2018 §3, case 3: segments 2, 4, 6 and 8 of eight 500-byte segments from 5000 are lost. */
    @Test
    void rfc2018Case3SackBlocks() {
        var rx = new ReceiveReassembly(8000, 8, 5000);
        rx.receive(5000, ZEROS, 0, 500);
        assertEquals(5500, rx.rcvNxt());
        rx.receive(6000, ZEROS, 0, 500);
        assertArrayEquals(new int[] {6000, 6500}, sack(rx));
        rx.receive(7000, ZEROS, 0, 500);
        assertArrayEquals(new int[] {7000, 7500, 6000, 6500}, sack(rx));
        rx.receive(8000, ZEROS, 0, 500);
        assertArrayEquals(new int[] {8000, 8500, 7000, 7500, 6000, 6500}, sack(rx));
        rx.receive(6500, ZEROS, 0, 500); // the 4th segment arrives out of order
        assertEquals(5500, rx.rcvNxt());
        assertArrayEquals(new int[] {6000, 7500, 8000, 8500}, sack(rx));
        rx.receive(5500, ZEROS, 0, 500); // the 2nd segment fills the first hole
        assertEquals(7500, rx.rcvNxt());
        assertArrayEquals(new int[] {8000, 8500}, sack(rx));
    }

    @Test
    void outOfWindowAndDuplicateDataIsTrimmed() {
        var rx = new ReceiveReassembly(1000, 4, -100); // across the 2^32 wrap
        assertEquals(0, rx.receive(-300, ZEROS, 0, 200), "entirely old");
        assertEquals(100, rx.receive(-200, ZEROS, 0, 200), "left part old");
        assertEquals(900, rx.receive(-100 + 50, ZEROS, 0, 5000), "right part beyond the window");
        assertEquals(0, rx.receive(-100 + 1000, ZEROS, 0, 10), "window full");
        assertEquals(0, rx.receive(-100 + 0x7FFF_FFF0, ZEROS, 0, 100), "far ahead, across the 2^31 ambiguity");
        assertEquals(1000, rx.readable(), "all of the buffer is in order");
    }

    @Test
    void boundedIntervalsDropWhatDoesNotFit() {
        var rx = new ReceiveReassembly(10_000, 2, 0);
        assertEquals(10, rx.receive(100, ZEROS, 0, 10));
        assertEquals(10, rx.receive(200, ZEROS, 0, 10));
        assertEquals(0, rx.receive(300, ZEROS, 0, 10), "a third interval is refused");
        assertEquals(10, rx.receive(110, ZEROS, 0, 10), "extending an interval is fine");
        assertEquals(2, rx.intervals());
        assertEquals(100, rx.receive(0, ZEROS, 0, 100), "in-order data is always taken");
        assertEquals(120, rx.rcvNxt());
    }

    @Test
    void advertisedWindowAvoidsSillyWindowsAndNeverShrinks() {
        var rx = new ReceiveReassembly(10_000, 4, 0);
        assertEquals(10_000, rx.advertisedWindow(1000));
        rx.receive(0, ZEROS, 0, 9_500);
        assertEquals(500, rx.advertisedWindow(1000));
        MemorySegment sink = MemorySegment.ofArray(new byte[10_000]);
        rx.read(sink, 0, 300);
        assertEquals(500, rx.advertisedWindow(1000), "right edge advances by less than one MSS: hold it");
        rx.read(sink, 0, 700);
        assertEquals(1500, rx.advertisedWindow(1000));
        assertEquals(1500, rx.window());
    }

    /** Any split, duplication and order of a byte stream, with a reading application, yields the stream. */
    @Property(tries = 200)
    void anyPermutationAndDuplicationYieldsTheStream(@ForAll long seed, @ForAll int isn,
            @ForAll @IntRange(min = 1, max = 5000) int length, @ForAll @IntRange(min = 1, max = 6) int maxIntervals) {
        var rnd = new Random(seed);
        byte[] stream = new byte[length];
        rnd.nextBytes(stream);
        var src = MemorySegment.ofArray(stream);
        List<int[]> segs = new ArrayList<>();
        for (int at = 0; at < length; ) {
            int n = Math.min(length - at, 1 + rnd.nextInt(700));
            segs.add(new int[] {at, n});
            if (rnd.nextInt(4) == 0) segs.add(new int[] {Math.max(0, at - rnd.nextInt(300)), Math.min(length - Math.max(0, at - 300), n + 100)});
            at += n;
        }
        int capacity = 700 + rnd.nextInt(3000);
        var rx = new ReceiveReassembly(capacity, maxIntervals, isn);
        byte[] got = new byte[length];
        var dst = MemorySegment.ofArray(got);
        int read = 0;
        for (int round = 0; read < length; round++) { // the sender retransmits what was dropped
            assertTrue(round < 10_000, "no progress");
            Collections.shuffle(segs, rnd);
            for (int[] s : segs) {
                int n = Math.min(s[1], length - s[0]);
                rx.receive(isn + s[0], src, s[0], n);
                assertTrue(rx.intervals() <= maxIntervals && rx.readable() <= capacity);
                if (rnd.nextBoolean()) read += rx.read(dst, read, rnd.nextInt(capacity + 1));
            }
            read += rx.read(dst, read, length);
        }
        assertArrayEquals(stream, got);
        assertEquals(isn + length, rx.rcvNxt());
    }

    /** Hostile segments: arbitrary sequence numbers and lengths never break the bounds. */
    @Property(tries = 200)
    void hostileSegmentsStayWithinBounds(@ForAll long seed, @ForAll int isn) {
        var rnd = new Random(seed);
        var rx = new ReceiveReassembly(4096, 4, isn);
        int[] blocks = new int[8];
        for (int i = 0; i < 500; i++) {
            int seq = rnd.nextBoolean() ? rnd.nextInt() : rx.rcvNxt() + rnd.nextInt(10_000) - 5_000;
            int before = rx.rcvNxt(), kept = rx.receive(seq, ZEROS, 0, rnd.nextInt(70_000));
            int n = rx.sackBlocks(blocks, 4);
            // RFC 2883: a first block below RCV.NXT or within the second reports a duplicate; the others follow RFC 2018
            int d = n > 0 && (Seq.le(blocks[1], rx.rcvNxt()) || n > 1 && Seq.le(blocks[2], blocks[0]) && Seq.le(blocks[1], blocks[3])) ? 1 : 0;
            if (d == 1) assertTrue(Seq.lt(blocks[0], blocks[1]) && Seq.le(blocks[1] - blocks[0], 70_000), "a D-SACK block no longer than a segment");
            if (kept > 0 && rx.rcvNxt() == before) // out of order: the first block holds the newest bytes
                assertTrue(d == 0 && Seq.le(blocks[0], Seq.max(seq, before)) && Seq.le(Seq.max(seq, before) + kept, blocks[1]));
            for (int b = d + 1; b < n; b++)
                for (int c = d; c < b; c++)
                    assertTrue(Seq.lt(blocks[2 * b + 1], blocks[2 * c]) || Seq.lt(blocks[2 * c + 1], blocks[2 * b]), "disjoint");
            for (int b = d; b < n; b++) {
                assertTrue(Seq.lt(rx.rcvNxt(), blocks[2 * b]) && Seq.lt(blocks[2 * b], blocks[2 * b + 1]));
                assertTrue(Seq.le(blocks[2 * b + 1], rx.rcvNxt() - rx.readable() + 4096), "inside the buffer");
            }
            assertTrue(rx.readable() <= 4096 && rx.intervals() <= 4);
            if (rnd.nextInt(8) == 0) rx.read(MemorySegment.ofArray(new byte[4096]), 0, 4096);
        }
    }

    /** The buffer is linear: the unread bytes are one slice, read in place; a reader that falls behind moves them to the front. */
    @Test
    void readViewIsContiguousAcrossTheEndOfTheBuffer() {
        byte[] data = new byte[3000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 7);
        var src = MemorySegment.ofArray(data);
        var rx = new ReceiveReassembly(1000, 4, 0);
        assertEquals(800, rx.receive(0, src, 0, 800));
        rx.consume(700); // 100 unread at the end of the buffer
        assertEquals(600, rx.receive(1000, src, 1000, 600), "out of order, past the end: moved to the front");
        assertEquals(200, rx.receive(800, src, 800, 200), "fills the hole");
        assertEquals(900, rx.readable());
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 700, 1600), rx.readView().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        rx.consume(900);
        assertEquals(0, rx.readView().byteSize());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> rx.consume(1));
    }

    /** Lent bytes are read in place from the arriving frame; only what is left is copied, before the frame goes. */
    @Test
    void lentBytesAreReadInPlaceAndTheRestSettled() {
        byte[] frame = new byte[500];
        for (int i = 0; i < frame.length; i++) frame[i] = (byte) (i + 1);
        var src = MemorySegment.ofArray(frame);
        var rx = new ReceiveReassembly(1000, 4, 0);
        assertEquals(400, rx.lend(0, src, 100, 400));
        assertTrue(rx.lent());
        assertEquals(400, rx.readable());
        assertEquals(600, rx.window(), "lent bytes take window as stored ones do");
        assertEquals(frame[100], rx.readView().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0), "in place");
        rx.consume(300);
        rx.settleLent();
        assertFalse(rx.lent());
        java.util.Arrays.fill(frame, (byte) 0); // the frame is reused
        byte[] left = rx.readView().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
        assertEquals(100, left.length);
        for (int i = 0; i < 100; i++) assertEquals((byte) (400 + i + 1), left[i], "the unconsumed tail was kept");
        assertEquals(100, rx.lend(400, src, 0, 100), "not empty: stored, not lent");
        assertFalse(rx.lent());
        assertEquals(50, rx.lend(600, src, 0, 50), "out of order: stored");
        assertFalse(rx.lent());
    }
}

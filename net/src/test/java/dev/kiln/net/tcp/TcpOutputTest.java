package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpPacket;
import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The output queue: {@link Tcb#pollSegment} and the allocation-free {@link Tcb#pollSegmentInto} give the same bytes. */
class TcpOutputTest {
    static final TcpConfig FULL = TcpConfig.DEFAULT.withOptions(true, true, true).withNoDelay(true);
    static final MemorySegment DATA = MemorySegment.ofArray(LossyTransfer.pattern(100_000));

    /** A scripted exchange (SYN, data, out-of-order data answered with SACK blocks, FIN), each output drained by {@code drain}. */
    static List<byte[]> script(Function<Tcb, List<byte[]>> drain) {
        Peer p = new Peer(FULL);
        p.synOptions = new TcpOptionsRepr(1400, 7, true, List.of(), true, 100, 0);
        List<byte[]> wire = new ArrayList<>();
        Tcb t = Tcb.connect(p.ctx, p.tuple, 0);
        wire.addAll(drain.apply(t));
        int iss = t.sndNxt - 1, rcv = p.iss + 1;
        deliver(t, seg(p.iss, iss + 1, SYN | ACK, 65535, p.synOptions.withTimestamps(100, 1), 0), 1 * MS);
        wire.addAll(drain.apply(t));
        t.send(DATA, 0, 5000, 2 * MS);
        wire.addAll(drain.apply(t));
        TcpOptionsRepr ts = TcpOptionsRepr.EMPTY.withTimestamps(101, 2);
        deliver(t, seg(rcv + 1000, iss + 1, ACK, 65535, ts, 10), new byte[10], 3 * MS); // out of order: SACK
        deliver(t, seg(rcv + 3000, iss + 1, ACK, 65535, ts, 10), new byte[10], 3 * MS);
        wire.addAll(drain.apply(t));
        t.close(4 * MS);
        wire.addAll(drain.apply(t));
        assertTrue(wire.size() >= 6, "the script produced " + wire.size() + " segments");
        return wire;
    }

    static List<byte[]> viaRecords(Tcb t) {
        List<byte[]> l = new ArrayList<>();
        for (OutSegment s : sent(t)) {
            TcpRepr h = s.header();
            byte[] b = new byte[h.bufferLen() + s.payload().length];
            System.arraycopy(s.payload(), 0, b, h.bufferLen(), s.payload().length);
            h.emit(new TcpPacket().wrap(MemorySegment.ofArray(b), 0, 0), s.tuple().localIp(), s.tuple().remoteIp());
            l.add(b);
        }
        return l;
    }

    static List<byte[]> viaInto(Tcb t) {
        List<byte[]> l = new ArrayList<>();
        MemorySegment dst = MemorySegment.ofArray(new byte[2000]);
        for (int n; (n = t.nextSegmentLen()) > 0; ) {
            assertEquals(n, t.pollSegmentInto(dst, 7));
            l.add(dst.asSlice(7, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        }
        assertEquals(0, t.pollSegmentInto(dst, 0), "nothing left");
        return l;
    }

    @Test
    void pollSegmentIntoWritesTheSameBytesAsPollSegment() {
        List<byte[]> a = script(TcpOutputTest::viaRecords), b = script(TcpOutputTest::viaInto);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertArrayEquals(a.get(i), b.get(i), "segment " + i);
        TcpPacket v = new TcpPacket();
        for (byte[] s : b) {
            assertTrue(v.wrapChecked(MemorySegment.ofArray(s), 0, s.length).ok());
            assertNotNull(TcpRepr.parse(v, US, THEM), "checksum and options verify");
        }
    }

    @Test
    void pollSegmentIntoRefusesATooSmallBuffer() {
        Tcb t = Tcb.connect(new Peer(FULL).ctx, new Peer().tuple, 0);
        assertThrows(IllegalArgumentException.class, () -> t.pollSegmentInto(MemorySegment.ofArray(new byte[20]), 0));
        assertTrue(t.nextSegmentLen() > 20, "the SYN is still queued");
    }

    /** Sending, acknowledging and draining with pollSegmentInto allocate nothing per segment once warm. */
    @Test
    void steadyStateSendAndDrainDoNotAllocate() {
        Peer p = new Peer(FULL);
        p.synOptions = new TcpOptionsRepr(1400, 7, true, List.of(), true, 100, 0);
        Tcb t = p.established(0);
        int rounds = 3000, seg = t.sendMss();
        TcpRepr[] acks = new TcpRepr[rounds];
        for (int i = 0; i < rounds; i++) // prepared beforehand: the peer's side is not under test
            acks[i] = seg(p.iss + 1, t.sndUna + (i + 1) * seg, ACK, 65535, TcpOptionsRepr.EMPTY.withTimestamps(200 + i, Output.tsNow(t, i * MS)), 0);
        MemorySegment empty = MemorySegment.ofArray(new byte[0]), dst = MemorySegment.ofArray(new byte[2000]);
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId(), before = 0;
        int segments = 0;
        for (int i = 0; i < rounds; i++) {
            if (i == rounds / 2) before = mx.getThreadAllocatedBytes(tid); // the first half warms up
            t.send(DATA, 0, seg, i * MS);
            while (t.pollSegmentInto(dst, 0) > 0) if (i >= rounds / 2) segments++;
            t.onSegment(acks[i], empty, i * MS + 1);
            while (t.pollEvent() != null) { }
        }
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        System.out.printf("tcb send/ack/pollSegmentInto: %d bytes allocated over %d segments%n", allocated, segments);
        assertTrue(segments >= rounds / 2, "segments " + segments);
        // per segment, nothing: even one 16-byte object per segment would be 16 × segments. The JIT's own transitions
        // (compiles and OSR while this runs on a loaded machine) leave a few hundred to a few thousand bytes, so the
        // bound is a quarter of an object per segment, not zero
        assertTrue(allocated < 4L * segments, "allocated " + allocated + " bytes over " + segments + " segments");
    }

    @Test
    void fullSizedSegmentCarriesOnlyTheSackBlocksThatFitTheMss() {
        Peer p = new Peer(FULL);
        p.synOptions = new TcpOptionsRepr(1400, 7, true, List.of(), true, 100, 0);
        Tcb t = p.established(0);
        TcpOptionsRepr ts = TcpOptionsRepr.EMPTY.withTimestamps(101, 2);
        for (int k = 1; k <= 3; k++) deliver(t, seg(p.iss + 1 + 100 * k, t.sndUna, ACK, 65535, ts, 10), new byte[10], 1);
        List<OutSegment> acks = sent(t);
        assertEquals(3, acks.getLast().header().options().sack().size(), "a bare ACK names three holes (with timestamps)");
        t.send(DATA, 0, 2000, 2);
        List<OutSegment> out = sent(t);
        OutSegment full = out.getFirst(), tail = out.get(1);
        assertEquals(1400 - 12, full.payload().length);
        assertTrue(full.header().options().sack().isEmpty(), "no room in a full segment");
        assertTrue(full.header().bufferLen() - 20 + full.payload().length <= 1400, "RFC 6691: options plus data within the MSS");
        assertEquals(3, tail.header().options().sack().size(), "a short segment has room for them");
    }

    /** {@code p}'s connection, established with MSS 1400, window scaling, SACK and timestamps. */
    static Tcb established(Peer p) {
        p.synOptions = new TcpOptionsRepr(1400, 7, true, List.of(), true, 100, 0);
        return p.established(0);
    }

    /** Payloads are read from the send buffer when drained: the exact bytes, less what the peer acknowledged meanwhile. */
    @Test
    void queuedSegmentsCarryTheBufferedBytesLessWhatWasAcknowledgedMeanwhile() {
        Peer p = new Peer(FULL);
        Tcb t = established(p);
        int mss = t.sendMss(), una = t.sndUna;
        t.send(DATA, 0, 4 * mss, 1 * MS); // four full segments queued, none drained yet
        TcpOptionsRepr ts = TcpOptionsRepr.EMPTY.withTimestamps(101, Output.tsNow(t, 1 * MS));
        // the peer acknowledges the first segment and part of the second before the stack drains them
        deliver(t, seg(p.iss + 1, una + mss + 100, ACK, 65535, ts, 0), 2 * MS);
        List<OutSegment> out = sent(t);
        assertEquals(una + mss + 100, out.getFirst().header().seq(), "what was acknowledged is left out: the first segment starts at SND.UNA");
        assertTrue(out.getFirst().payload().length <= mss);
        int at = mss + 100;
        for (OutSegment s : out) {
            if (s.payload().length == 0) continue;
            assertEquals(una + at, s.header().seq());
            assertArrayEquals(DATA.asSlice(at, s.payload().length).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), s.payload(), "bytes at " + at);
            at += s.payload().length;
        }
        assertEquals(4 * mss, at, "every byte after the ACK went out once");
    }

    /** A TSO run: the next segment continues the last drained one only with the same header shape. */
    @Test
    void continuationNeedsContiguousPlainDataWithTheSameHeader() {
        Peer p = new Peer(FULL);
        Tcb t = established(p);
        int mss = t.sendMss();
        MemorySegment dst = MemorySegment.ofArray(new byte[8 * mss]);
        t.send(DATA, 0, 2 * mss + 10, 1 * MS);
        int first = t.pollSegmentInto(dst, 0, false), hl = first - mss;
        assertEquals(mss, t.nextContinuationLen(mss), "a full segment follows with the same header");
        assertEquals(0, t.nextContinuationLen(mss - 1), "but not one larger than the MSS asked for");
        assertEquals(mss, OneSegment.pollPayloadInto(t, dst, first).len());
        assertEquals(10, t.nextContinuationLen(mss), "the short, pushed tail continues the run too");
        OneSegment.Drained tail = OneSegment.pollPayloadInto(t, dst, first + mss);
        assertEquals(10, tail.len());
        assertEquals(PSH, tail.flags() & PSH);
        assertArrayEquals(DATA.asSlice(0, 2 * mss + 10).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                dst.asSlice(hl, 2 * mss + 10).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), "one header, then the payloads back to back");
        t.send(DATA, 0, mss, 100 * MS); // a later timestamp value: another header
        assertEquals(0, t.nextContinuationLen(mss));
        t.pollSegmentInto(dst, 0, false);
        t.close(100 * MS);
        assertEquals(0, t.nextContinuationLen(mss), "a FIN is not plain data");
        assertEquals(FIN, OneSegment.pollPayloadInto(t, dst, 0).flags() & FIN);
    }

    /**
     * A run drained many segments a call ({@link Tcb#pollRunInto}) is the run drained one segment a call: the
     * same bytes, the same segment count, the same last segment, across rows, limits and short tails.
     */
    @Test
    void runDrainedManySegmentsACallEqualsOneAtATime() {
        int[][] writes = {{3}, {5, 2}, {1, 1, 1}, {4, -10}, {-700}, {2, -1, 3}};
        for (int[] w : writes) for (int maxSegs : new int[] {1, 2, 3, 64}) for (int maxBytesInMss : new int[] {1, 2, 5, 64}) {
            Tcb one = established(new Peer(FULL)), many = established(new Peer(FULL));
            int mss = one.sendMss(), at = 0;
            for (int k : w) { // k full segments, or -k bytes
                int n = k > 0 ? k * mss : -k;
                one.send(DATA, at, n, 1 * MS);
                many.send(DATA, at, n, 1 * MS);
                at += n;
            }
            String what = java.util.Arrays.toString(w) + " maxSegments " + maxSegs + " maxBytes " + maxBytesInMss + " MSS";
            MemorySegment a = MemorySegment.ofArray(new byte[80 * mss]), b = MemorySegment.ofArray(new byte[80 * mss]);
            while (one.nextSegmentLen() > 0) {
                int la = one.pollSegmentInto(a, 0, false), lb = many.pollSegmentInto(b, 0, false);
                assertEquals(la, lb, what);
                int maxBytes = maxBytesInMss * mss, ra = 0, segsA = 0, lastA = 0, flagsA = 0;
                for (int next; segsA < maxSegs && (next = one.nextContinuationLen(mss)) > 0 && ra + next <= maxBytes; ) {
                    OneSegment.Drained d = OneSegment.pollPayloadInto(one, a, la + ra);
                    flagsA = d.flags();
                    lastA = d.len();
                    ra += lastA;
                    segsA++;
                    if (next != mss || (flagsA & PSH) != 0) break;
                }
                int rb = 0, segsB = 0;
                for (int got; segsB < maxSegs && (got = many.pollRunInto(b, lb + rb, null, mss, maxBytes - rb, maxSegs - segsB)) > 0; ) {
                    rb += got;
                    segsB += (got + mss - 1) / mss;
                    if (many.lastSegmentLen() != mss || (many.lastSegmentFlags() & PSH) != 0) break;
                }
                assertEquals(ra, rb, what);
                assertEquals(segsA, segsB, what);
                if (rb > 0) {
                    assertEquals(lastA, many.lastSegmentLen(), what);
                    assertEquals(flagsA, many.lastSegmentFlags(), what);
                }
                assertArrayEquals(a.asSlice(0, la + ra).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE),
                        b.asSlice(0, lb + rb).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), what);
            }
            assertEquals(0, many.nextSegmentLen(), what);
        }
    }

    /** Full-sized segments queued together (one row) still leave as separate segments, PSH on the last only. */
    @Test
    void fullSizedSegmentsQueuedTogetherLeaveOneByOne() {
        Peer p = new Peer(FULL);
        Tcb t = established(p);
        int mss = t.sendMss(), una = t.sndUna;
        t.send(DATA, 0, 3 * mss, 1 * MS);
        List<OutSegment> out = sent(t);
        assertEquals(3, out.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(una + i * mss, out.get(i).header().seq());
            assertEquals(mss, out.get(i).payload().length);
            assertEquals(i == 2 ? ACK | PSH : ACK, out.get(i).header().flags(), "segment " + i);
        }
    }
}

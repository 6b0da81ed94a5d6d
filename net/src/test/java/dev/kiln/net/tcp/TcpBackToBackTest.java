package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.stack.SeededEntropy;
import dev.kiln.net.wire.TcpPacket;
import dev.kiln.net.wire.TcpRepr;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import net.jqwik.api.*;
import net.jqwik.api.constraints.*;

/**
 * Two connections back to back, each one's segments encoded to bytes, carried over a seeded lossy,
 * reordering, duplicating link and parsed again for the other: the client always reaches ESTABLISHED,
 * every byte arrives in order, and both ends finish in CLOSED or TIME-WAIT.
 */
class TcpBackToBackTest {
    static final int IP_A = 0xc0000201, IP_B = 0xc0000202;
    static final long MS = 1_000_000L, LIMIT_NS = 3_600_000 * MS;
    // generous retries and a low back-off ceiling keep loss from ending a run by timeout within virtual time
    static final TcpConfig CFG = new TcpConfig(1460, 16 * 1024, 64 * 1024, true, true, true, 30_000 * MS, 8, 16, 1000,
            50 * MS, 200 * MS, 2_000 * MS, 30, 30, 60_000 * MS, true);

    record InFlight(long atNs, long order, boolean toB, byte[] bytes) {}

    @Property(tries = 150)
    void connectTransferAndCloseOverALossyLink(@ForAll long seed, @ForAll @IntRange(max = 25) int dropPercent,
                                              @ForAll @IntRange(max = 10) int dupPercent, @ForAll @IntRange(max = 40_000) int bytes,
                                              @ForAll boolean options) {
        new Run(CFG.withOptions(options, options, options), seed, dropPercent, dupPercent, bytes).run();
    }

    /**
     * The receiver gets aggregates, as from a device with receive offloads (GRO): data segments arriving
     * together are merged up to 64 KB, so stretch ACKs engage; loss, duplication and some reordering still
     * come per segment. Every byte still arrives, in order.
     */
    @Property(tries = 60)
    void aggregatesOverALossyLink(@ForAll long seed, @ForAll @IntRange(max = 10) int dropPercent,
                                  @ForAll @IntRange(max = 10) int dupPercent, @ForAll @IntRange(max = 400_000) int bytes,
                                  @ForAll boolean options) {
        Run r = new Run(CFG.withRecvBufBytes(256 * 1024).withOptions(options, options, options), seed, dropPercent, dupPercent, bytes);
        r.gro = true;
        r.run();
        if (bytes > 100_000) assertTrue(r.aggregates > 0, "the receiver got aggregates");
    }

    @Example
    void cleanLinkWithoutOptions() { new Run(CFG.withOptions(false, false, false), 7, 0, 0, 5000).run(); }

    /**
     * The same losses for both: the first copy of each data segment whose sequence number hashes below 10% is
     * lost. RFC 6675 resends exactly those holes, several per round trip; NewReno (RFC 6582) finds one hole per
     * round trip, and after a timeout resends everything from SND.UNA, including what the receiver already
     * holds. So SACK resends no more bytes and finishes sooner. (With slow start counting every byte a
     * stretch ACK covers, NewReno often recovers without a timeout and then resends no more than SACK does.)
     */
    @Example
    void sackRecoveryResendsNoMoreAndFinishesSoonerThanNewRenoOverTheSameLossyLink() {
        long withSack = 0, without = 0, lost = 0, sackNs = 0, renoNs = 0;
        for (long seed = 1; seed <= 6; seed++) {
            Run s = sameLosses(seed, true), n = sameLosses(seed, false);
            assertTrue(s.a.sackPermitted() && !n.a.sackPermitted());
            assertEquals(s.lostBytesToB, s.a.retransmittedBytes(), "with SACK exactly the lost bytes are resent, seed " + seed);
            withSack += s.a.retransmittedBytes();
            without += n.a.retransmittedBytes();
            lost += s.lostBytesToB;
            sackNs += s.now;
            renoNs += n.now;
        }
        System.out.printf("300 KB x 6, first copies lost by sequence number: %d bytes lost, resent %d with SACK, %d without; %d ms with SACK, %d without%n",
                lost, withSack, without, sackNs / MS, renoNs / MS);
        assertTrue(lost > 0, "the link lost data");
        assertTrue(withSack <= without, "SACK resent " + withSack + " bytes, NewReno " + without);
        assertTrue(sackNs < renoNs, "SACK took " + sackNs / MS + " ms, NewReno " + renoNs / MS);
    }

    static Run sameLosses(long seed, boolean sack) {
        Run r = new Run(CFG.withRecvBufBytes(64 * 1024).withOptions(true, true, sack), seed, 0, 0, 300_000);
        r.jitterNs = 0; // no reordering: a hole is a loss
        r.lossBySeqPercent = 10;
        r.run(); // byte-exact delivery is asserted inside
        return r;
    }

    static final class Run {
        final SplittableRandom rnd;
        final int drop, dup;
        final byte[] data;
        final PriorityQueue<InFlight> link = new PriorityQueue<>((x, y) -> x.atNs != y.atNs ? Long.compare(x.atNs, y.atNs) : Long.compare(x.order, y.order));
        final TcpTuple tupleA = new TcpTuple(IP_A, 40000, IP_B, 80);
        final TcpContext ctxA, ctxB;
        final ListenEndpoint listener;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final EnumSet<TcpEvent> seenA = EnumSet.noneOf(TcpEvent.class), seenB = EnumSet.noneOf(TcpEvent.class);
        Tcb a, b;
        boolean accepted;
        long now, order;
        int maxSteps = 200_000;
        long jitterNs = 5 * MS; // a segment takes 1 ms plus up to this: reordering
        int queued;
        long lostBytesToB;
        /** Another link: the first copy of a data segment is lost when its sequence number hashes below this; nothing else is. */
        int lossBySeqPercent;
        final java.util.Set<Integer> lostOnce = new java.util.HashSet<>();
        final long seed;
        /** Towards B, a bottleneck of this rate (0: none) whose queue holds at most queueLimitNs of waiting (drop-tail). */
        long bottleneckBytesPerSec, queueLimitNs, bottleneckFreeNs, queueDrops;
        /** Merge in-order data segments to B that arrive at the same time into one aggregate (receive offload). */
        boolean gro;
        long aggregates;

        boolean lossBySeq(int seq) { return new SplittableRandom(seed ^ (seq * 0x9E3779B97F4A7C15L)).nextInt(100) < lossBySeqPercent; }

        Run(TcpConfig cfg, long seed, int drop, int dup, int bytes) {
            rnd = new SplittableRandom(seed);
            this.seed = seed;
            this.drop = drop;
            this.dup = dup;
            data = new byte[bytes];
            for (int i = 0; i < bytes; i++) data[i] = (byte) rnd.nextInt();
            ctxA = TcpContext.of(cfg, new SeededEntropy(seed));
            ctxB = TcpContext.of(cfg, new SeededEntropy(~seed));
            listener = new ListenEndpoint(ctxB, IP_B, 80);
        }

        void run() {
            a = Tcb.connect(ctxA, tupleA, now);
            for (int steps = 0; steps < maxSteps && !done(); steps++) {
                flush();
                long next = Math.min(link.isEmpty() ? Long.MAX_VALUE : link.peek().atNs, Math.min(a.pollAtNs(), b == null ? Long.MAX_VALUE : b.pollAtNs()));
                assertTrue(next < LIMIT_NS, () -> "stuck: " + a + " " + b);
                now = Math.max(now, next);
                if (!link.isEmpty() && link.peek().atNs <= now) deliver(link.poll());
                a.onTimer(now);
                if (b != null) b.onTimer(now);
                apps();
            }
            assertTrue(done(), () -> "did not finish: " + a + " " + b);
            assertTrue(seenA.contains(TcpEvent.ESTABLISHED), "the client was established");
            assertFalse(seenA.contains(TcpEvent.TIMED_OUT) || seenB.contains(TcpEvent.TIMED_OUT), "no time-out");
            assertFalse(seenA.contains(TcpEvent.RESET) || seenB.contains(TcpEvent.RESET), "no reset");
            assertArrayEquals(data, received.toByteArray(), "every byte, in order");
        }

        boolean done() {
            return accepted && endState(a.state()) && endState(b.state());
        }

        static boolean endState(TcpState s) { return s == TcpState.CLOSED || s == TcpState.TIME_WAIT; }

        /** The applications: the client sends everything then closes; the server reads and closes after the peer's FIN. */
        void apps() {
            for (TcpEvent e; (e = a.pollEvent()) != null; ) seenA.add(e);
            if (a.state() == TcpState.ESTABLISHED && queued < data.length) {
                queued += a.send(MemorySegment.ofArray(data), queued, data.length - queued, now);
                if (queued == data.length) a.close(now);
            } else if (a.state() == TcpState.ESTABLISHED && data.length == 0) a.close(now);
            if (!accepted) {
                Tcb t = listener.accept();
                if (t == null) return;
                assertSame(b, t, "the listener hands over the connection the demultiplexer knows");
                accepted = true;
            }
            for (TcpEvent e; (e = b.pollEvent()) != null; ) seenB.add(e);
            byte[] buf = new byte[4096];
            for (int n; (n = b.read(buf, 0, buf.length, now)) > 0; ) received.write(buf, 0, n);
            if (b.state() == TcpState.CLOSE_WAIT) b.close(now);
        }

        void flush() {
            for (OutSegment s; (s = a.pollSegment()) != null; ) send(s, true);
            for (OutSegment s; (s = listener.pollSegment()) != null; ) send(s, false);
            if (b != null) for (OutSegment s; (s = b.pollSegment()) != null; ) send(s, false);
        }

        void send(OutSegment s, boolean toB) {
            TcpRepr h = s.header();
            byte[] bytes = new byte[h.bufferLen() + s.payload().length];
            System.arraycopy(s.payload(), 0, bytes, h.bufferLen(), s.payload().length);
            MemorySegment m = MemorySegment.ofArray(bytes);
            h.emit(new TcpPacket().wrap(m, 0, 0), s.tuple().localIp(), s.tuple().remoteIp());
            int copies = rnd.nextInt(100) < drop ? 0 : rnd.nextInt(100) < dup ? 2 : 1;
            if (lossBySeqPercent > 0) copies = toB && h.payloadLen() > 0 && lostOnce.add(h.seq()) && lossBySeq(h.seq()) ? 0 : 1;
            if (copies == 0 && toB) lostBytesToB += s.payload().length;
            if (toB && bottleneckBytesPerSec > 0 && copies > 0) { // a FIFO at the link's rate; drop-tail past queueLimitNs
                long start = Math.max(now, bottleneckFreeNs), wait = start - now;
                if (wait > queueLimitNs) {
                    queueDrops++;
                    if (h.payloadLen() > 0) lostBytesToB += s.payload().length;
                    return;
                }
                bottleneckFreeNs = start + bytes.length * 1_000_000_000L / bottleneckBytesPerSec;
                link.add(new InFlight(bottleneckFreeNs + MS, order++, toB, bytes));
                return;
            }
            for (int i = 0; i < copies; i++) {
                boolean late = jitterNs > 0 && (!gro || rnd.nextInt(10) == 0); // with GRO most arrive together, some late
                link.add(new InFlight(now + MS + (late ? rnd.nextLong(jitterNs) : 0), order++, toB, bytes));
            }
        }

        void deliver(InFlight f) {
            MemorySegment m = MemorySegment.ofArray(f.bytes);
            TcpPacket p = new TcpPacket();
            assertTrue(p.wrapChecked(m, 0, f.bytes.length).ok());
            TcpRepr r = TcpRepr.parse(p, f.toB ? IP_A : IP_B, f.toB ? IP_B : IP_A);
            assertNotNull(r, "checksum and options survive the trip");
            MemorySegment payload = m.asSlice(p.payloadOffset(), p.payloadLen());
            if (gro && f.toB && r.payloadLen() > 0 && (r.flags() & ~(TcpPacket.ACK | TcpPacket.PSH)) == 0) {
                java.io.ByteArrayOutputStream merged = new java.io.ByteArrayOutputStream();
                merged.writeBytes(payload.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                int flags = r.flags();
                for (InFlight g; (g = link.peek()) != null && g.atNs == f.atNs && g.toB && merged.size() < 60_000; ) {
                    TcpPacket q = new TcpPacket();
                    MemorySegment gm = MemorySegment.ofArray(g.bytes);
                    assertTrue(q.wrapChecked(gm, 0, g.bytes.length).ok());
                    if (q.seq() != r.seq() + merged.size() || q.ack() != r.ack() || q.payloadLen() == 0
                            || (q.flags() & ~(TcpPacket.ACK | TcpPacket.PSH)) != 0) break;
                    link.poll();
                    merged.writeBytes(gm.asSlice(q.payloadOffset(), q.payloadLen()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                    flags |= q.flags();
                }
                if (merged.size() > r.payloadLen()) {
                    aggregates++;
                    r = new TcpRepr(r.srcPort(), r.dstPort(), r.seq(), r.ack(), flags, r.window(), r.urgent(), r.options(), merged.size());
                    payload = MemorySegment.ofArray(merged.toByteArray());
                }
            }
            if (!f.toB) a.onSegment(r, payload, now);
            else if (b != null && (accepted || b.state() != TcpState.CLOSED)) b.onSegment(r, payload, now); // the demultiplexer, in miniature
            else {
                Tcb child = listener.onSegment(IP_A, r, now);
                if (child != null) b = child;
            }
        }
    }
}

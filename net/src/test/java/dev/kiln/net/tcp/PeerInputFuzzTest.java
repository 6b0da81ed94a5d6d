package dev.kiln.net.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What a peer controls, fuzzed: segment sequence numbers and lengths into {@link ReceiveReassembly}
 * (every payload byte is a function of its sequence number, so what is delivered can be checked
 * exactly), and ACKs with SACK blocks into {@link SackScoreboard}. Nothing throws, every bound holds.
 */
class PeerInputFuzzTest {
    static final int CAPACITY = 8192, RANGES = 4, MSS = 536;

    static byte at(int seq) {
        return (byte) (seq * 0x9E3779B1 >>> 24);
    }

    @FuzzTest(maxDuration = "10s")
    void segmentsIntoReassembly(FuzzedDataProvider data) {
        int isn = data.consumeInt();
        var rx = new ReceiveReassembly(CAPACITY, RANGES, isn);
        var payload = MemorySegment.ofArray(new byte[70_000]);
        var sink = MemorySegment.ofArray(new byte[CAPACITY]);
        int[] blocks = new int[8];
        int delivered = 0;
        for (int steps = 0; data.remainingBytes() > 0 && steps < 300; steps++) {
            if (data.consumeBoolean()) {
                int seq = data.consumeBoolean() ? data.consumeInt() : rx.rcvNxt() + data.consumeInt(-20_000, 20_000);
                int len = data.consumeInt(-5, 70_000);
                for (int i = 0; i < Math.max(0, len); i++) payload.set(ValueLayout.JAVA_BYTE, i, at(seq + i));
                rx.receive(seq, payload, 0, len);
            } else {
                int n = rx.read(sink, 0, data.consumeInt(-5, CAPACITY));
                for (int i = 0; i < n; i++) assertEquals(at(isn + delivered + i), sink.get(ValueLayout.JAVA_BYTE, i));
                delivered += n;
            }
            assertTrue(rx.readable() >= 0 && rx.readable() <= CAPACITY && rx.intervals() <= RANGES);
            assertEquals(isn + delivered + rx.readable(), rx.rcvNxt());
            int w = rx.advertisedWindow(MSS);
            assertTrue(w >= 0 && w <= CAPACITY);
            int n = rx.sackBlocks(blocks, data.consumeInt(0, 4));
            for (int b = 0; b < n; b++) {
                int l = blocks[2 * b], r = blocks[2 * b + 1];
                // the first block may be a D-SACK (RFC 2883): a duplicate wholly below RCV.NXT; the rest lie above it
                boolean dsackBelow = b == 0 && Seq.le(r, rx.rcvNxt());
                assertTrue(Seq.lt(l, r) && (dsackBelow || Seq.lt(rx.rcvNxt(), l)), "block " + b + ": " + l + ".." + r + " rcvNxt " + rx.rcvNxt());
            }
        }
    }

    @FuzzTest(maxDuration = "10s")
    void acksIntoScoreboard(FuzzedDataProvider data) {
        int una = data.consumeInt(), sndMax = una + data.consumeInt(0, 1 << 20);
        var sb = new SackScoreboard(MSS, RANGES, una);
        sb.onSent(sndMax);
        int[] blocks = new int[8];
        for (int steps = 0; data.remainingBytes() > 0 && steps < 300; steps++) {
            int n = data.consumeInt(0, 4);
            for (int i = 0; i < 2 * n; i++) blocks[i] = data.consumeBoolean() ? data.consumeInt() : una + data.consumeInt(-70_000, 1 << 20);
            int ack = data.consumeBoolean() ? una : una + data.consumeInt(-70_000, 1 << 20);
            sb.onAck(ack, sndMax, blocks, n);
            if (Seq.gt(ack, una) && Seq.le(ack, sndMax)) una = ack;
            if (data.consumeBoolean() && sb.nextSeg(data.consumeBoolean()) == SackScoreboard.RETRANSMIT) {
                assertTrue(Seq.le(una, sb.nextSeq()) && sb.nextLen() > 0 && sb.nextLen() <= MSS);
                assertTrue(Seq.le(sb.nextSeq() + sb.nextLen(), sndMax));
                sb.onRetransmit(sb.nextSeq(), sb.nextLen());
            }
            assertTrue(sb.ranges() <= RANGES);
            for (int i = 0; i < sb.ranges(); i++) {
                assertTrue(Seq.lt(una, sb.rangeStart(i)) || sb.rangeStart(i) == una);
                assertTrue(Seq.lt(sb.rangeStart(i), sb.rangeEnd(i)) && Seq.le(sb.rangeEnd(i), sndMax));
                if (i > 0) assertTrue(Seq.lt(sb.rangeEnd(i - 1), sb.rangeStart(i)));
            }
            long outstanding = sndMax - una;
            assertTrue(sb.pipe() >= 0 && sb.pipe() <= 2 * outstanding, "pipe " + sb.pipe() + " of " + outstanding);
        }
    }
}

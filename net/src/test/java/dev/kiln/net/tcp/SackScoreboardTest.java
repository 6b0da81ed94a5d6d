package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.SackScoreboard.NEW_DATA;
import static dev.kiln.net.tcp.SackScoreboard.NONE;
import static dev.kiln.net.tcp.SackScoreboard.RETRANSMIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class SackScoreboardTest {
    static final int MSS = 100;
    static final int BASE = 0xFFFF_FE00; // ten segments that cross the 2^32 wrap

    static int[] blocks(int... offsets) {
        int[] b = new int[offsets.length];
        for (int i = 0; i < b.length; i++) b[i] = BASE + offsets[i];
        return b;
    }

    static SackScoreboard sent1000() {
        var sb = new SackScoreboard(MSS, 8, BASE);
        sb.onAck(BASE, BASE + 1000, new int[0], 0);
        return sb;
    }

    /** RFC 8985 §6.2: a retransmission overtaken by three segments sent after it was lost too, and is resent first. */
    @Test
    void aLostRetransmissionIsResentOnceLaterDataOvertakesIt() {
        var sb = sent1000();
        sb.onAck(BASE, BASE + 1000, blocks(100, 400), 1); // [0, 100) lost
        assertEquals(RETRANSMIT, sb.nextSeg(false));
        assertEquals(BASE, sb.nextSeq());
        sb.onRetransmit(BASE, 100); // HighData 1000 when it left
        assertEquals(NONE, sb.nextSeg(false), "the retransmission is in flight");
        sb.onAck(BASE, BASE + 1200, blocks(100, 1100), 1); // new data up to 1200: only 100 bytes past the mark
        assertEquals(NONE, sb.nextSeg(false), "one segment of later data may be reordering");
        assertEquals(0, sb.lostRetransmits());
        sb.onAck(BASE, BASE + 1400, blocks(100, 1400), 1); // three segments sent after the retransmission arrived
        assertEquals(1, sb.lostRetransmits());
        assertEquals(0, sb.pipe(), "all else is SACKed and the lost retransmission is not in the network");
        assertEquals(RETRANSMIT, sb.nextSeg(false));
        assertEquals(BASE, sb.nextSeq());
        assertEquals(100, sb.nextLen());
        sb.onRetransmit(BASE, 100);
        assertEquals(NONE, sb.nextSeg(false), "resent again: in flight until later data overtakes it");
        sb.onAck(BASE + 1400, BASE + 1400, new int[0], 0);
        assertEquals(NONE, sb.nextSeg(false));
    }

    /**
     * RFC 6675 SetPipe with RFC 8985 RACK: a delivered retransmission makes the segments sent before it lost, which can
     * be the first part of a hole only; the rest of the hole, sent later, is still in flight. Counting the whole hole out
     * of the pipe (as DupThresh marking may) let the sender burst a whole send buffer into the network
     * (TcpLossRecoveryTest).
     */
    @Test
    void aHolePartlyLostByRackKeepsItsLaterPartInThePipe() {
        long ms = 1_000_000L;
        var sb = new SackScoreboard(MSS, 8, BASE, 64);
        for (int i = 1; i <= 10; i++) sb.onSent(BASE + i * MSS, 0);
        sb.onAck(BASE + MSS, BASE + 10 * MSS, new int[0], 0, 2 * ms); // segment 0: RACK.min_RTT 2 ms
        sb.onRetransmit(BASE + MSS, MSS, 3 * ms); // segment 1 resent (a probe, say)
        for (int i = 11; i <= 20; i++) sb.onSent(BASE + i * MSS, 4 * ms);
        sb.onAck(BASE + 2 * MSS, BASE + 20 * MSS, new int[0], 0, 5 * ms); // the retransmission arrived, 2 ms after it left
        sb.detectLosses(5 * ms, 2 * ms, true);
        assertTrue(sb.isLost(BASE + 2 * MSS) && !sb.isLost(BASE + 10 * MSS), sb::toString);
        assertEquals(10 * MSS, sb.pipe(), "segments 10..19, sent after the delivered retransmission, are in flight");
    }

    @Test
    void isLostPipeAndNextSegWorkedExample() {
        var sb = sent1000();
        sb.onAck(BASE, BASE + 1000, blocks(200, 300), 1);
        assertFalse(sb.isLost(BASE), "one SACKed segment above: not yet lost");
        assertEquals(900, sb.pipe());
        sb.onAck(BASE, BASE + 1000, blocks(600, 700, 400, 500), 2);
        assertTrue(sb.isLost(BASE) && sb.isLost(BASE + 199), "three SACKed ranges above");
        assertFalse(sb.isLost(BASE + 300), "two SACKed segments (200 bytes, not > 2*SMSS) above");
        assertEquals(2, sb.dupAcks());
        assertTrue(sb.lossDetected(), "IsLost(SND.UNA) before DupThresh duplicate ACKs (RFC 6675 §5)");
        assertEquals(100 + 100 + 300, sb.pipe(), "[0,200) lost; [300,400), [500,600), [700,1000) in flight");
        assertEquals(RETRANSMIT, sb.nextSeg(true));
        assertEquals(BASE, sb.nextSeq());
        assertEquals(MSS, sb.nextLen());
        sb.onRetransmit(BASE, MSS);
        assertEquals(600, sb.pipe(), "a retransmitted byte counts again");
        assertEquals(RETRANSMIT, sb.nextSeg(true));
        assertEquals(BASE + 100, sb.nextSeq());
        sb.onRetransmit(BASE + 100, MSS);
        assertEquals(NEW_DATA, sb.nextSeg(true), "rule 2 before rule 3");
        assertEquals(RETRANSMIT, sb.nextSeg(false));
        assertEquals(BASE + 300, sb.nextSeq(), "rule 3: unSACKed, not lost, below the highest SACK");
        sb.onRetransmit(BASE + 300, MSS);
        sb.onRetransmit(BASE + 500, MSS);
        assertEquals(NONE, sb.nextSeg(false), "nothing below the highest SACK left to send");
    }

    @Test
    void cumulativeAckTrimsAndMergesAcrossTheWrap() {
        var sb = sent1000();
        sb.onAck(BASE, BASE + 1000, blocks(500, 600, 300, 400, 400, 500), 3);
        assertEquals(1, sb.ranges());
        assertEquals(BASE + 300, sb.rangeStart(0));
        assertEquals(BASE + 600, sb.rangeEnd(0));
        sb.onAck(BASE + 450, BASE + 1000, new int[0], 0);
        assertEquals(BASE + 450, sb.rangeStart(0));
        assertEquals(0, sb.dupAcks());
        sb.onAck(BASE + 600, BASE + 1000, new int[0], 0);
        assertEquals(0, sb.ranges());
    }

    @Test
    void dsackAndHostileBlocksAreIgnored() {
        var sb = sent1000();
        sb.onAck(BASE + 200, BASE + 1000, new int[0], 0);
        assertEquals(0, sb.onAck(BASE + 200, BASE + 1000, blocks(100, 200, 500, 600), 1), "D-SACK below the ACK");
        assertEquals(1, sb.dsacks());
        assertEquals(100, sb.onAck(BASE + 200, BASE + 1000, blocks(520, 540, 500, 600), 2), "D-SACK inside block 2");
        assertEquals(2, sb.dsacks());
        assertEquals(0, sb.onAck(BASE + 200, BASE + 1000, blocks(900, 800, 1200, 1300, 1000, 1000), 3),
                "reversed, unsent and empty blocks");
        assertEquals(100, sb.onAck(BASE + 200, BASE + 1000, blocks(900, 5000), 1), "clipped to HighData");
        assertEquals(BASE + 1000, sb.rangeEnd(1));
    }

    @Test
    void boundedRangesForgetTheHighest() {
        var sb = new SackScoreboard(MSS, 2, BASE);
        sb.onAck(BASE, BASE + 1000, blocks(800, 900, 600, 700, 400, 500), 3);
        assertEquals(2, sb.ranges());
        assertEquals(BASE + 400, sb.rangeStart(0));
        assertEquals(BASE + 600, sb.rangeStart(1));
        sb.onRetransmitTimeout();
        assertEquals(0, sb.ranges());
        assertEquals(1000, sb.pipe(), "after RTO everything outstanding counts once");
        sb.reset(7);
        assertEquals(0, sb.pipe());
        assertEquals(SackScoreboard.NONE, sb.nextSeg(false));
    }

    /** A byte-per-byte model of RFC 6675's definitions checked against the scoreboard. */
    @Property(tries = 300)
    void matchesTheOctetLevelDefinitions(@ForAll("acks") List<int[]> acks) {
        int total = 2000, una = 0, rxt = 0;
        var sb = new SackScoreboard(MSS, 64, BASE);
        boolean[] sacked = new boolean[total];
        for (int[] a : acks) { // {ack, left, right, retransmit}
            una = Math.max(una, a[0]);
            for (int s = Math.max(a[1], una); s < a[2]; s++) sacked[s] = true;
            sb.onAck(BASE + una, BASE + total, new int[] {BASE + a[1], BASE + a[2]}, 1);
            rxt = Math.max(rxt, una);
            if (a[3] == 1) {
                sb.onRetransmit(BASE + una, MSS);
                rxt = Math.max(rxt, una + MSS);
            }
            long pipe = 0;
            for (int s = una; s < total; s++) {
                if (sacked[s]) continue;
                boolean lost = modelIsLost(sacked, s, total);
                assertEquals(lost, sb.isLost(BASE + s), "IsLost(" + s + ")");
                if (!lost) pipe++;
                if (s < rxt) pipe++;
            }
            assertEquals(pipe, sb.pipe());
        }
    }

    static boolean modelIsLost(boolean[] sacked, int s, int total) {
        int runs = 0, bytes = 0;
        for (int i = s + 1; i < total; i++) {
            if (!sacked[i]) continue;
            bytes++;
            if (!sacked[i - 1]) runs++;
        }
        return runs >= SackScoreboard.DUP_THRESH || bytes > (SackScoreboard.DUP_THRESH - 1) * MSS;
    }

    @Provide
    Arbitrary<List<int[]>> acks() {
        return Arbitraries.integers().between(0, 1 << 30).list().ofSize(4).map(l -> {
            int left = l.get(1) % 2000;
            return new int[] {l.get(0) % 400, left, Math.min(2000, left + l.get(2) % 300 + 1), l.get(3) % 4 == 0 ? 1 : 0};
        }).list().ofMaxSize(20);
    }
}

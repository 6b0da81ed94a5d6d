package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.SackScoreboard.NONE;
import static dev.kiln.net.tcp.SackScoreboard.RETRANSMIT;

import java.lang.foreign.MemorySegment;

/**
 * The send and receive components wired as a connection would wire them, over an in-memory link
 * that drops and reorders segments from a seed. One tick is one round trip of 1 ms: the sender
 * fills its window (cwnd, or RFC 6675 pipe in recovery, and the peer's window), the link delivers,
 * every segment is ACKed with SACK blocks, and a stalled sender times out. Allocation-free per tick.
 */
final class LossyTransfer {
    static final int MSS = 1000, SLOTS = 256, PATTERN = 251;
    static final long TICK_NS = 1_000_000L;

    final BufferBudget budget = new BufferBudget(1 << 20);
    final SendBuffer tx;
    final SackScoreboard board;
    final CongestionControl cc;
    final RtoEstimator rto = new RtoEstimator(200 * TICK_NS, 60_000 * TICK_NS, 1000 * TICK_NS, TICK_NS);
    final ReceiveReassembly rx;
    final MemorySegment source = MemorySegment.ofArray(pattern(65_536 + PATTERN));
    final MemorySegment wire = MemorySegment.ofArray(new byte[SLOTS * MSS]), sink = MemorySegment.ofArray(new byte[1 << 17]);
    final int[] seqs = new int[SLOTS], lens = new int[SLOTS], blocks = new int[8];
    final int total, lossPermille, isn;
    long rng, now, lastProgressNs;
    int reorderPercent = 10;
    boolean sack = true, retransmitUna; // without SACK: NewReno fast retransmit and partial ACKs
    int written, delivered, sndMax, peerEdge, timeouts, recoveries, corrupt;

    LossyTransfer(CongestionControl cc, int total, int lossPermille, long seed, int isn) {
        this.cc = cc;
        this.total = total;
        this.lossPermille = lossPermille;
        this.rng = seed;
        this.isn = sndMax = isn;
        tx = new SendBuffer(256 * 1024, budget, isn);
        board = new SackScoreboard(MSS, 16, isn);
        rx = new ReceiveReassembly(128 * 1024, 8, isn);
        peerEdge = isn + rx.advertisedWindow(MSS);
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i % PATTERN);
        return b;
    }

    int random(int bound) {
        rng = rng * 6364136223846793005L + 1442695040888963407L;
        return (int) ((rng >>> 33) % bound);
    }

    /** One round trip; false once the receiver has the whole stream. */
    boolean tick() {
        now += TICK_NS;
        if (written < total) written += tx.write(source, written % PATTERN, Math.min(total - written, 65_536));
        int n = fill();
        boolean progress = false;
        for (int i = 0; i < n; i++) {
            if (i + 1 < n && random(100) < reorderPercent) swap(i, i + 1); // reordering
            if (random(1000) < lossPermille) continue;
            rx.receive(seqs[i], wire, (long) i * MSS, lens[i]);
            readAndCheck();
            progress |= onAck(rx.rcvNxt(), rx.advertisedWindow(MSS), rx.sackBlocks(blocks, 4));
        }
        if (progress) lastProgressNs = now;
        else if (tx.inFlight() > 0 && now - lastProgressNs >= rto.rtoNs()) timeout();
        return delivered < total;
    }

    private int fill() {
        int n = 0;
        if (retransmitUna) { // RFC 5681 §3.2 / RFC 6582 §3.2: the first unacknowledged segment, now
            retransmitUna = false;
            seqs[0] = tx.sndUna();
            lens[0] = tx.read(tx.sndUna(), wire, 0, MSS);
            if (lens[0] > 0) n++;
        }
        while (n < SLOTS) {
            int used = sack && cc.inRecovery() ? board.pipe() : tx.inFlight();
            if (used + MSS > cc.cwnd()) break;
            int seq = tx.sndNxt(), len;
            int kind = sack && cc.inRecovery() ? board.nextSeg(tx.unsent() > 0) : SackScoreboard.NEW_DATA;
            if (kind == NONE) break;
            if (kind == RETRANSMIT) {
                seq = board.nextSeq();
                len = tx.read(seq, wire, (long) n * MSS, board.nextLen());
                board.onRetransmit(seq, len);
            } else {
                len = tx.send(wire, (long) n * MSS, Math.min(MSS, Math.max(0, peerEdge - seq)));
                if (len == 0) break;
                if (Seq.gt(tx.sndNxt(), sndMax)) sndMax = tx.sndNxt();
                board.onSent(sndMax);
            }
            seqs[n] = seq;
            lens[n++] = len;
        }
        return n;
    }

    private boolean onAck(int ack, int window, int nBlocks) {
        int freed = tx.ack(ack);
        int sacked = sack ? board.onAck(ack, sndMax, blocks, nBlocks) : 0;
        if (Seq.gt(ack + window, peerEdge)) peerEdge = ack + window;
        if (freed > 0) {
            rto.sample(TICK_NS);
            retransmitUna |= cc.onAck(ack, freed, tx.inFlight(), TICK_NS, now);
        } else if (!sack && tx.inFlight() > 0) {
            if (cc.onDupAck(tx.sndUna(), sndMax, tx.inFlight(), now)) {
                retransmitUna = true;
                recoveries++;
            }
        }
        if (sack && !cc.inRecovery() && board.lossDetected() && cc.onSackLoss(tx.sndUna(), sndMax, tx.inFlight(), now)) recoveries++;
        return freed > 0 || sacked > 0;
    }

    private void timeout() {
        timeouts++;
        cc.onRetransmitTimeout(sndMax, tx.inFlight(), now);
        board.onRetransmitTimeout();
        tx.rewindTo(tx.sndUna());
        rto.onTimeout();
        lastProgressNs = now;
    }

    private void readAndCheck() {
        int n = rx.read(sink, 0, (int) sink.byteSize());
        for (int k = 0; k < n; k++)
            if (sink.get(java.lang.foreign.ValueLayout.JAVA_BYTE, k) != (byte) ((delivered + k) % PATTERN)) corrupt++;
        delivered += n;
    }

    private void swap(int i, int j) {
        int s = seqs[i], l = lens[i];
        seqs[i] = seqs[j];
        lens[i] = lens[j];
        seqs[j] = s;
        lens[j] = l;
        MemorySegment.copy(wire, (long) i * MSS, sink, 0, MSS);
        MemorySegment.copy(wire, (long) j * MSS, wire, (long) i * MSS, MSS);
        MemorySegment.copy(sink, 0, wire, (long) j * MSS, MSS);
    }

    @Override
    public String toString() {
        return "delivered " + delivered + "/" + total + " timeouts " + timeouts + " recoveries " + recoveries + " cwnd " + cc.cwnd()
                + " inRecovery " + cc.inRecovery() + " una " + (tx.sndUna() - isn) + " nxt " + (tx.sndNxt() - isn) + " sndMax " + (sndMax - isn)
                + " unsent " + tx.unsent() + " peerEdge " + (peerEdge - isn) + " rcvNxt " + (rx.rcvNxt() - isn) + " pipe " + board.pipe()
                + " ranges " + board.ranges() + " rto " + rto.rtoNs();
    }
}

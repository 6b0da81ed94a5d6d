package dev.kiln.net.tcp;

/**
 * The sender's SACK scoreboard (RFC 6675 §3, §4): the SACKed ranges above SND.UNA, IsLost with
 * DupThresh 3, the pipe estimate (SetPipe), NextSeg rules 1-3 and the duplicate-ACK count that
 * starts recovery (§5). Ranges are sorted, disjoint, clipped to (SND.UNA, HighData] and at most
 * {@code maxRanges}: past that the highest range is forgotten, which only makes the estimate
 * more conservative. A D-SACK first block (RFC 2883 §4) is counted and otherwise ignored.
 * A retransmission that is itself lost is detected when later data overtakes it ({@link RetransmitLog},
 * RFC 8985 §6.2) and NextSeg resends it first. Not implemented: NextSeg rule 4 (rescue retransmission,
 * optional), reneging detection. After a
 * retransmission timeout the SACK state may be cleared (RFC 2018 §8, {@link #onRetransmitTimeout}) or
 * kept to skip SACKed data when resending ({@link #onRetransmitTimeoutKeepingSacks}, as Linux does).
 */
public final class SackScoreboard {
    public static final int DUP_THRESH = 3;
    /** {@link #nextSeg} results. */
    public static final int NONE = 0, RETRANSMIT = 1, NEW_DATA = 2;

    private final int mss;
    private final SeqRanges sacked;
    private final RetransmitLog rtx = new RetransmitLog(16);
    private int una, highData, highRxt, dupAcks, nextSeq, nextLen;
    private long dsacks;

    /** {@code iss + 1} is the first data byte; {@code maxRanges} bounds memory (4..64 is sensible). */
    public SackScoreboard(int mss, int maxRanges, int firstSeq) {
        if (mss <= 0 || maxRanges < 1) throw new IllegalArgumentException("need mss > 0 and maxRanges >= 1, got " + mss + ", " + maxRanges);
        this.mss = mss;
        this.sacked = new SeqRanges(maxRanges);
        reset(firstSeq);
    }

    /** Start over for a connection whose first data byte is {@code firstSeq}. */
    public void reset(int firstSeq) {
        una = highData = highRxt = firstSeq;
        sacked.count = dupAcks = rtx.count = 0;
        dsacks = 0;
    }

    /**
     * An ACK arrived: cumulative {@code ack}, {@code sndMax} = one past the highest byte ever sent,
     * and {@code n} SACK blocks as (left, right) pairs in {@code blocks}. Returns the newly SACKed bytes.
     */
    public int onAck(int ack, int sndMax, int[] blocks, int n) {
        onSent(sndMax);
        boolean advanced = Seq.gt(ack, una) && Seq.le(ack, highData);
        if (advanced) trimTo(ack);
        int added = 0;
        n = Math.min(n, blocks.length / 2);
        for (int i = 0; i < n; i++) {
            int l = blocks[2 * i], r = blocks[2 * i + 1];
            if (i == 0 && isDsack(l, r, blocks, n)) { dsacks++; continue; }
            if (!Seq.lt(l, r) || !Seq.lt(una, r) || !Seq.lt(l, highData)) continue; // empty, stale or unsent
            l = Seq.max(l, una);
            r = Seq.min(r, highData);
            if (Seq.le(una, l) && Seq.lt(l, r) && Seq.le(r, highData)) added += insert(l, r); // inside (SND.UNA, HighData]
        }
        if (advanced) dupAcks = 0; // RFC 6675 §5 (1), then (2): an ACK SACKing new data is a duplicate
        if (added > 0) dupAcks++;
        if (rtx.count > 0) rtx.update(this, una);
        return added;
    }

    private boolean isDsack(int l, int r, int[] blocks, int n) {
        if (Seq.le(r, una)) return true; // below the cumulative ACK
        return n > 1 && Seq.le(blocks[2], l) && Seq.le(r, blocks[3]) && Seq.lt(l, r); // inside the second block
    }

    private void trimTo(int ack) {
        una = ack;
        if (Seq.lt(highRxt, una)) highRxt = una;
        sacked.trimBelow(una);
    }

    private int insert(int l, int r) {
        int added = sacked.add(l, r);
        if (added >= 0) return added;
        if (Seq.gt(r, sacked.start[sacked.count - 1])) return 0; // full, and the new range is the highest: forget it
        sacked.remove(sacked.count - 1, 1); // full: forget the highest range instead
        return sacked.add(l, r);
    }

    /** RFC 6675 IsLost: DupThresh ranges, or more than (DupThresh - 1) * SMSS bytes, SACKed above {@code seq}. */
    public boolean isLost(int seq) {
        int ranges = 0;
        long bytes = 0;
        for (int i = sacked.count - 1; i >= 0 && Seq.gt(sacked.end[i], seq); i--) {
            ranges++;
            bytes += sacked.end[i] - Seq.max(sacked.start[i], seq + 1);
        }
        return ranges >= DUP_THRESH || bytes > (long) (DUP_THRESH - 1) * mss;
    }

    /** RFC 6675 SetPipe: unSACKed bytes not deemed lost, plus retransmitted ones (below HighRxt). */
    public int pipe() {
        long pipe = 0;
        for (int h = 0; h <= sacked.count; h++) { // hole h lies below range h (the last one below HighData)
            int hs = h == 0 ? una : sacked.end[h - 1], he = h == sacked.count ? highData : sacked.start[h];
            if (!Seq.lt(hs, he)) continue;
            if (!isLost(hs)) pipe += he - hs; // every byte of a hole has the same SACKed bytes above it
            if (Seq.lt(hs, highRxt)) pipe += Seq.min(he, highRxt) - hs;
        }
        if (rtx.count > 0) pipe = Math.max(0, pipe - rtx.lostBytes(una));
        return (int) Math.min(Integer.MAX_VALUE, pipe);
    }

    /**
     * RFC 6675 NextSeg: {@link #RETRANSMIT} ({@link #nextSeq()}, {@link #nextLen()}) for a lost
     * retransmission (RFC 8985 §6.2), else the first lost hole above HighRxt (rule 1), else {@link #NEW_DATA} if the caller may send new data
     * (rule 2), else the first unSACKed bytes above HighRxt below the highest SACK (rule 3), else NONE.
     */
    public int nextSeg(boolean newDataAllowed) {
        int r = rtx.firstLost();
        if (r >= 0) {
            nextSeq = skipSacked(Seq.max(rtx.seq(r), una));
            nextLen = Math.min(mss, Seq.diff(nextSeq, Seq.min(rtx.end(r), nextSackedAbove(nextSeq))));
            if (nextLen > 0) return RETRANSMIT;
        }
        for (int pass = 1; pass <= 3; pass += 2) {
            for (int h = 0; h < sacked.count; h++) { // holes below the highest SACKed byte
                int hs = Seq.max(h == 0 ? una : sacked.end[h - 1], highRxt), he = sacked.start[h];
                if (Seq.lt(hs, he) && (pass == 3 || isLost(hs))) {
                    nextSeq = hs;
                    nextLen = Math.min(mss, he - hs);
                    return RETRANSMIT;
                }
            }
            if (newDataAllowed) return NEW_DATA;
        }
        return NONE;
    }

    /** New data was sent up to {@code sndMax} (one past the highest byte): HighData moves up. */
    public void onSent(int sndMax) {
        if (Seq.gt(sndMax, highData)) highData = sndMax;
    }

    /** The caller (re)transmitted [seq, seq + len) from the scoreboard: HighRxt moves up. */
    public void onRetransmit(int seq, int len) {
        if (Seq.gt(seq + len, highRxt)) highRxt = seq + len;
        if (len > 0) rtx.onRetransmit(seq, len, highData);
    }

    /** RFC 6675 §5 loss recovery trigger: DupThresh duplicate ACKs or IsLost(SND.UNA). */
    public boolean lossDetected() {
        return dupAcks >= DUP_THRESH || (sacked.count > 0 && isLost(una));
    }

    /** RFC 2018 §8: after a retransmission timeout the receiver may have reneged; forget SACKs. */
    public void onRetransmitTimeout() {
        sacked.count = 0;
        dupAcks = rtx.count = 0;
        highRxt = una;
    }

    /** {@code seq} if it is not SACKed, else the end of the SACKed range holding it. */
    public int skipSacked(int seq) {
        for (int i = 0; i < sacked.count; i++) if (Seq.le(sacked.start[i], seq) && Seq.lt(seq, sacked.end[i])) return sacked.end[i];
        return seq;
    }

    /** The start of the first SACKed range above {@code seq}, or HighData. */
    public int nextSackedAbove(int seq) {
        for (int i = 0; i < sacked.count; i++) if (Seq.gt(sacked.start[i], seq)) return sacked.start[i];
        return highData;
    }

    /** SACKed bytes below {@code seq}. */
    public int sackedBelow(int seq) {
        long n = 0;
        for (int i = 0; i < sacked.count && Seq.lt(sacked.start[i], seq); i++) n += Seq.min(sacked.end[i], seq) - sacked.start[i];
        return (int) n;
    }

    /** After a retransmission timeout when the SACKs are kept (the receiver is trusted not to renege): recovery restarts at SND.UNA. */
    public void onRetransmitTimeoutKeepingSacks() {
        dupAcks = rtx.count = 0;
        highRxt = una;
    }

    public int nextSeq() { return nextSeq; }
    public int nextLen() { return nextLen; }
    public int ranges() { return sacked.count; }
    public int rangeStart(int i) { return sacked.start[i]; }
    public int rangeEnd(int i) { return sacked.end[i]; }
    public int dupAcks() { return dupAcks; }
    public long dsacks() { return dsacks; }
    public int highRxt() { return highRxt; }
    /** Retransmissions found lost by later data overtaking them (RFC 8985 §6.2). */
    public long lostRetransmits() { return rtx.detected; }
}

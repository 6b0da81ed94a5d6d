package dev.kiln.net.tcp;

/**
 * The sender's SACK scoreboard (RFC 6675 §3, §4): the SACKed ranges above SND.UNA, IsLost with
 * DupThresh 3, the pipe estimate (SetPipe), NextSeg rules 1-3 and the duplicate-ACK count that
 * starts recovery (§5). Ranges are sorted, disjoint, clipped to (SND.UNA, HighData] and at most
 * {@code maxRanges}: past that the highest range is forgotten, which only makes the estimate
 * more conservative. A D-SACK first block (RFC 2883 §4) is counted (and widens RACK's window).
 * With send times ({@code rackSegments > 0}) RFC 8985 RACK ({@link Rack}) marks losses by time, and once it
 * has seen reordering IsLost is RACK's alone. A retransmission that is itself lost is detected when later data
 * overtakes it ({@link RetransmitLog}, RFC 8985 §6.2) and NextSeg resends it first. Not implemented: NextSeg rule 4 (rescue retransmission,
 * optional), reneging detection. After a
 * retransmission timeout the SACK state may be cleared (RFC 2018 §8, {@link #onRetransmitTimeout}) or
 * kept to skip SACKed data when resending ({@link #onRetransmitTimeoutKeepingSacks}, as Linux does).
 */
public final class SackScoreboard {
    public static final int DUP_THRESH = 3;
    /** {@link #nextSeg} results. */
    public static final int NONE = 0, RETRANSMIT = 1, NEW_DATA = 2;

    private int mss; // changes only with the path MTU (onMssChanged)
    private final SeqRanges sacked;
    private final RetransmitLog rtx;
    private final Rack rack; // RFC 8985 RACK when send times are given, else null
    private int una, highData, highRxt, dupAcks, nextSeq, nextLen;
    private long echoMs = Rack.NONE; // the ACK's TSecr as a millisecond of the send clock, or NONE
    private long dsacks;

    /** {@code iss + 1} is the first data byte; {@code maxRanges} bounds memory (4..64 is sensible). DupThresh marking only. */
    public SackScoreboard(int mss, int maxRanges, int firstSeq) { this(mss, maxRanges, firstSeq, 0); }

    /**
     * With {@code rackSegments > 0}, RFC 8985 RACK marks losses by time as well, remembering the send times of that
     * many segments in flight; the caller then passes {@code nowNs} to {@link #onSent(int, long)} and
     * {@link #onAck(int, int, int[], int, long)} and asks {@link #detectLosses}.
     */
    public SackScoreboard(int mss, int maxRanges, int firstSeq, int rackSegments) {
        if (mss <= 0 || maxRanges < 1 || rackSegments < 0)
            throw new IllegalArgumentException("need mss > 0, maxRanges >= 1 and rackSegments >= 0, got " + mss + ", " + maxRanges + ", " + rackSegments);
        this.mss = mss;
        this.sacked = new SeqRanges(maxRanges);
        this.rtx = new RetransmitLog(Math.max(16, rackSegments / 8)); // one per 8 segments in flight: each a hole, resent
        this.rack = rackSegments > 0 ? new Rack(rackSegments, firstSeq) : null;
        reset(firstSeq);
    }

    /** Start over for a connection whose first data byte is {@code firstSeq}. */
    public void reset(int firstSeq) {
        una = highData = highRxt = firstSeq;
        sacked.count = dupAcks = rtx.count = 0;
        dsacks = 0;
        if (rack != null) rack.reset(firstSeq);
    }

    /**
     * An ACK arrived: cumulative {@code ack}, {@code sndMax} = one past the highest byte ever sent,
     * and {@code n} SACK blocks as (left, right) pairs in {@code blocks}. Returns the newly SACKed bytes.
     */
    public int onAck(int ack, int sndMax, int[] blocks, int n) { return onAck(ack, sndMax, blocks, n, Rack.NONE); }

    /** {@link #onAck(int, int, int[], int)} at {@code nowNs}: RACK learns what was delivered (RFC 8985 §6.2 steps 1-4). */
    public int onAck(int ack, int sndMax, int[] blocks, int n, long nowNs) { return onAck(ack, sndMax, blocks, n, nowNs, Rack.NONE); }

    /**
     * {@link #onAck(int, int, int[], int, long)} for an ACK whose timestamp echoes a segment sent in millisecond
     * {@code echoMs} of {@code nowNs}'s clock ({@code (int) (sentNs / 1_000_000)}; {@link Rack#NONE}: no timestamp).
     *
     * <p>RFC 8985 §6.2 step 2: a retransmitted segment acknowledged by an ACK echoing an older timestamp was delivered
     * by an earlier transmission, and gives RACK no sample. Its send time would make everything sent before the
     * retransmission look late: behind a queue (the netem relay's) that marked most of a flight lost at once, and half
     * of a reordering-only transfer was resent (TcpReorderingSimTest). Deviation: the test is applied to the
     * cumulatively acknowledged part only. A SACK echoes the last in-order segment's timestamp (RFC 7323 §4.3), older
     * than any retransmission it reports, so applied there it rejected every SACKed retransmission, and loss recovery
     * lost the samples it needs (TcpLossRecoveryTest 5 % loss: 5.5 to 4.5 MB/s; TcpBbrTest 2 MB buffers: 27.7 to
     * 13.6 MB/s, 3 timeouts). For SACKed retransmissions {@link Rack#onDelivered} asks instead that the sample be at
     * least half of RACK.rtt: a retransmission crosses the same queue as the segments around it, while an original's
     * SACK that arrives soon after the retransmission left cannot be the retransmission's.
     */
    public int onAck(int ack, int sndMax, int[] blocks, int n, long nowNs, long echoMs) {
        this.echoMs = echoMs;
        onSent(sndMax);
        boolean timed = rack != null && nowNs != Rack.NONE;
        boolean advanced = Seq.gt(ack, una) && Seq.le(ack, highData);
        if (advanced) {
            if (timed) delivered(una, ack, nowNs);
            trimTo(ack);
        }
        int added = 0;
        n = Math.min(n, blocks.length / 2);
        for (int i = 0; i < n; i++) {
            int l = blocks[2 * i], r = blocks[2 * i + 1];
            if (i == 0 && isDsack(l, r, blocks, n)) {
                dsacks++;
                if (timed) rack.onDsack(una, highData);
                continue;
            }
            if (!Seq.lt(l, r) || !Seq.lt(una, r) || !Seq.lt(l, highData)) continue; // empty, stale or unsent
            l = Seq.max(l, una);
            r = Seq.min(r, highData);
            if (!(Seq.le(una, l) && Seq.lt(l, r) && Seq.le(r, highData))) continue; // outside (SND.UNA, HighData]
            this.echoMs = Rack.NONE; // a SACK echoes an older in-order segment's timestamp (RFC 7323 §4.3): no evidence
            if (timed) delivered(l, r, nowNs);
            added += insert(l, r);
        }
        if (advanced) dupAcks = 0; // RFC 6675 §5 (1), then (2): an ACK SACKing new data is a duplicate
        if (added > 0) dupAcks++;
        if (rtx.count > 0) rtx.update(this, una, rack == null || !rack.reorderingSeen);
        if (rack != null) rack.trim(una);
        return added;
    }

    /** RACK (RFC 8985 §6.2 step 2) for [l, r) just acknowledged: each part not SACKed before was delivered now. */
    private void delivered(int l, int r, long nowNs) {
        int s = l;
        for (int i = 0; i < sacked.count && Seq.lt(s, r); i++) {
            if (!Seq.gt(sacked.end[i], s)) continue;
            if (Seq.lt(s, sacked.start[i])) deliveredPart(Seq.min(r, sacked.start[i]), nowNs);
            s = Seq.max(s, sacked.end[i]);
        }
        if (Seq.lt(s, r)) deliveredPart(r, nowNs);
    }

    /** A newly delivered part ending at {@code end}: its last segment names the transmission. */
    private void deliveredPart(int end, long nowNs) {
        int i = rtx.find(end - 1);
        if (i >= 0) {
            if (!echoesEarlier(rtx.sentNs(i))) rack.onDelivered(rtx.sentNs(i), end, true, nowNs);
            return;
        }
        boolean resent = rack.resent(end - 1);
        long sent = rack.sentNsOf(end - 1);
        if (!resent || !echoesEarlier(sent)) rack.onDelivered(sent, end, resent, nowNs);
        if (!resent) rack.onDeliveredOriginal(end);
    }

    /** RFC 8985 §6.2 step 2: does the ACK echo a timestamp older than a retransmission sent at {@code sentNs}? */
    private boolean echoesEarlier(long sentNs) {
        return echoMs != Rack.NONE && sentNs != Rack.NONE && (int) echoMs - (int) (sentNs / 1_000_000) < 0;
    }

    /**
     * RFC 8985 §6.2 step 5: marks lost what RACK finds lost at {@code nowNs} ({@code srttNs} bounds the reordering
     * window; {@code recovering}: in loss recovery). Returns when to look again (the reordering timer), or
     * {@link Tcb#NEVER}; without RACK, NEVER.
     */
    public long detectLosses(long nowNs, long srttNs, boolean recovering) {
        if (rack == null) return Tcb.NEVER;
        long reo = rack.reoWndNs(srttNs, recovering, sackedBytes() >= (long) DUP_THRESH * mss);
        long next = rack.detect(nowNs, reo);
        return rtx.count > 0 ? Math.min(next, rtx.detect(rack, nowNs, reo)) : next;
    }

    /** A loss recovery (fast, or after a timeout) ended and was not found spurious: RACK's reordering window multiplier decays over 16 of them. */
    public void onRecoveryEnd() {
        if (rack != null) rack.onRecoveryEnd();
    }

    /** A recovery was found spurious (D-SACKs or timestamps): RACK's multiplier persists longer. */
    public void onUndo() {
        if (rack != null) rack.onUndo();
    }

    /** Bytes SACKed above SND.UNA (RFC 6937 SACKd). */
    long sackedBytes() {
        long b = 0;
        for (int i = 0; i < sacked.count; i++) b += sacked.end[i] - sacked.start[i];
        return b;
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

    /**
     * Is the unSACKed byte {@code seq} lost? With RACK: sent before a delivered segment and its reordering window
     * passed (RFC 8985), or, until reordering has been seen, RFC 6675's IsLost as well; without: IsLost.
     */
    public boolean isLost(int seq) {
        if (rack == null) return lostByDupThresh(seq);
        return Seq.lt(seq, rack.lostBelow) || (!rack.reorderingSeen && lostByDupThresh(seq));
    }

    /** RFC 6675 IsLost: DupThresh ranges, or more than (DupThresh - 1) * SMSS bytes, SACKed above {@code seq}. */
    public boolean lostByDupThresh(int seq) {
        int ranges = 0;
        long bytes = 0;
        for (int i = sacked.count - 1; i >= 0 && Seq.gt(sacked.end[i], seq); i--) {
            ranges++;
            bytes += sacked.end[i] - Seq.max(sacked.start[i], seq + 1);
            if (ranges >= DUP_THRESH || bytes > (long) (DUP_THRESH - 1) * mss) return true; // the rest cannot change it
        }
        return ranges >= DUP_THRESH || bytes > (long) (DUP_THRESH - 1) * mss;
    }

    /**
     * RFC 6675 SetPipe: unSACKed bytes not deemed lost, plus retransmitted ones (below HighRxt). A hole counts as lost
     * when its first byte is, although RACK may have marked only its first part (the segments sent before its
     * delivered one). Counting the rest as in flight, as Linux does, was measured slower: 5.5 to 2.7 MB/s in
     * TcpLossRecoveryTest at 5 % loss, and 12-14 s to 58-67 s in the netem interop reordering case, as a sender in
     * recovery then waits for the ACK clock where this count lets it go on sending (new data too: it joins the lost
     * hole, so the pipe does not grow while it goes out). Bounding that burst without losing the speed is open.
     */
    public int pipe() {
        long pipe = 0;
        for (int h = 0; h <= sacked.count; h++) { // hole h lies below range h (the last one below HighData)
            int hs = h == 0 ? una : sacked.end[h - 1], he = h == sacked.count ? highData : sacked.start[h];
            if (!Seq.lt(hs, he)) continue;
            if (!isLost(hs)) pipe += he - hs; // a hole whose first byte is lost counts as lost: see the note above
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

    /**
     * Would NextSeg resend something found lost (a lost retransmission, or a lost hole above HighRxt)? Such data
     * is resent even outside a recovery — e.g. after a timeout, whose recovery point forbids a new one (RFC 6675
     * §5.1), when a resent hole is lost again.
     */
    public boolean retransmitPending() {
        if (rtx.firstLost() >= 0) return true;
        for (int h = 0; h < sacked.count; h++) {
            int hs = Seq.max(h == 0 ? una : sacked.end[h - 1], highRxt), he = sacked.start[h];
            if (Seq.lt(hs, he) && isLost(hs)) return true;
        }
        return false;
    }

    /** New data was sent up to {@code sndMax} (one past the highest byte): HighData moves up. */
    public void onSent(int sndMax) {
        if (Seq.gt(sndMax, highData)) highData = sndMax;
    }

    /** The caller (re)transmitted [seq, seq + len) from the scoreboard: HighRxt moves up. */
    public void onRetransmit(int seq, int len) { onRetransmit(seq, len, Rack.NONE); }

    /** {@link #onRetransmit(int, int)} at {@code nowNs}, for RACK. */
    public void onRetransmit(int seq, int len, long nowNs) {
        // HighRxt skips SACKed ranges, never unSACKed bytes not yet resent (a resent probe or lost retransmission may lie above them)
        if (Seq.gt(seq + len, highRxt) && !Seq.lt(skipSacked(highRxt), seq)) highRxt = seq + len;
        if (len > 0) rtx.onRetransmit(seq, len, highData, stamp(nowNs));
    }

    private long stamp(long nowNs) { return rack == null || nowNs == Rack.NONE ? Rack.NONE : rack.stamp(nowNs); }

    /** A tail loss probe resent [seq, seq + len) at {@code nowNs}: logged as a retransmission, HighRxt unmoved. */
    public void onProbeResent(int seq, int len, long nowNs) {
        if (len > 0) rtx.onRetransmit(seq, len, highData, stamp(nowNs));
    }

    /** New data up to {@code sndMax} left at {@code nowNs} (RACK's send times). */
    public void onSent(int sndMax, long nowNs) {
        onSent(sndMax);
        if (rack != null) rack.onSent(sndMax, nowNs);
    }

    /** {@code count} segments of {@code seg} bytes from {@code from} were sent at {@code nowNs}: {@link #onSent(int, long)} for each. */
    public void onSentRun(int from, int seg, int count, long nowNs) {
        if (count <= 0) return;
        onSent(from + count * seg);
        if (rack != null) rack.onSentRun(from, seg, count, nowNs);
    }

    /** [from, upTo) was resent after a retransmission timeout at {@code nowNs}. */
    public void onResentAfterTimeout(int from, int upTo, long nowNs) {
        if (rack != null) rack.onResent(from, upTo, nowNs);
    }

    /** RFC 6675 §5 loss recovery trigger: IsLost(SND.UNA), or DupThresh duplicate ACKs unless RACK has seen reordering. */
    public boolean lossDetected() {
        return (dupAcks >= DUP_THRESH && (rack == null || !rack.reorderingSeen)) || (sacked.count > 0 && isLost(una));
    }

    /** RFC 2018 §8: after a retransmission timeout the receiver may have reneged; forget SACKs. */
    public void onRetransmitTimeout() {
        sacked.count = 0;
        onRetransmitTimeoutKeepingSacks();
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

    /** One past the highest byte below {@code to} that is not SACKed (at most {@code to}; SND.UNA or less if all are). */
    public int unsackedEnd(int to) {
        int end = to;
        for (int i = sacked.count - 1; i >= 0 && Seq.lt(sacked.start[i], end); i--) {
            if (Seq.lt(sacked.end[i], end)) break; // unSACKed bytes between this range and end
            end = sacked.start[i];
        }
        return end;
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
        if (rack != null) rack.onTimeout(una);
    }

    /** The send MSS changed (path MTU, RFC 1191): resends are cut to the new size, and IsLost counts in it. */
    public void onMssChanged(int newMss) {
        if (newMss <= 0) throw new IllegalArgumentException("need mss > 0, got " + newMss);
        mss = newMss;
    }

    /** The state, relative to SND.UNA, for failure messages. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("SackScoreboard[sacked=");
        for (int i = 0; i < sacked.count; i++) s.append('[').append(sacked.start[i] - una).append(',').append(sacked.end[i] - una).append(')');
        if (rack != null) s.append(" lostBelow=").append(rack.lostBelow - una).append(" xmit=").append(rack.xmitNs / 1000).append(" end=").append(rack.endSeq - una).append(" rtt=").append(rack.rttNs / 1000).append(" minRtt=").append(rack.minRttNs / 1000).append(" reo=").append(rack.reorderingSeen).append(" mult=").append(rack.reoWndMult);
        s.append(" rtx=").append(rtx.count).append(" highRxt=").append(highRxt - una);
        return s.append(']').toString();
    }

    public int nextSeq() { return nextSeq; }
    public int nextLen() { return nextLen; }
    public int ranges() { return sacked.count; }
    public int rangeStart(int i) { return sacked.start[i]; }
    public int rangeEnd(int i) { return sacked.end[i]; }
    public int dupAcks() { return dupAcks; }
    public long dsacks() { return dsacks; }
    public int highRxt() { return highRxt; }
    /** Has RACK seen reordering (RFC 8985 §6.2 step 2; a D-SACK counts too)? */
    public boolean reorderingSeen() { return rack != null && rack.reorderingSeen; }
    /** RACK's reordering window multiplier (RFC 8985 §6.2 step 4), 1 without RACK. */
    public int reoWndMult() { return rack == null ? 1 : rack.reoWndMult; }
    /** RACK.rtt: the RTT of the most recently sent segment delivered, in ns; 0 before one (or without RACK). */
    public long rttNs() { return rack == null || rack.xmitNs == Rack.NONE ? 0 : rack.rttNs; }
    /** Retransmissions found lost by later data overtaking them (RFC 8985 §6.2). */
    public long lostRetransmits() { return rtx.detected; }
}

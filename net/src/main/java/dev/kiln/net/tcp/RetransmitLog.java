package dev.kiln.net.tcp;

/**
 * Lost-retransmission detection for {@link SackScoreboard} (RFC 8985 §6.2): each retransmission remembers when
 * it left and HighData then ({@code mark}). With send times ({@link Rack}) it is lost once a segment sent after it
 * was delivered and RACK's reordering window has passed ({@link #detect}); without them, or before any
 * reordering was seen, also once the peer SACKs more than (DupThresh - 1) * SMSS, or DupThresh ranges, of data
 * first sent after the mark. Either way it is resent at once instead of waiting for the retransmission timer.
 * Fixed arrays of the last {@code max} retransmissions still missing; one forgotten when full only leaves its
 * loss to the timer.
 */
final class RetransmitLog {
    private final int[] seq, end, mark;
    private final long[] sentNs;
    private final boolean[] lost;
    int count;
    long detected;

    RetransmitLog(int max) {
        seq = new int[max];
        end = new int[max];
        mark = new int[max];
        sentNs = new long[max];
        lost = new boolean[max];
    }

    /** [from, from + len) was resent at {@code nowNs} ({@link Rack#NONE}: untimed) while HighData was {@code highData}: a resend of a logged range refreshes its entry. */
    void onRetransmit(int from, int len, int highData, long nowNs) {
        int i = find(from);
        if (i < 0) {
            if (count == seq.length) remove(0);
            i = count++;
            seq[i] = from;
            end[i] = from + len;
        } else if (Seq.gt(from + len, end[i])) end[i] = from + len;
        mark[i] = highData;
        sentNs[i] = nowNs;
        lost[i] = false;
    }

    /** After an ACK: forget what arrived (cumulatively or SACKed); mark lost what later data overtook ({@code dupThresh}: by DupThresh too). */
    void update(SackScoreboard b, int una, boolean dupThresh) {
        for (int i = 0; i < count; ) {
            int first = b.skipSacked(Seq.max(seq[i], una));
            if (!Seq.lt(first, end[i])) {
                remove(i);
                continue;
            }
            if (dupThresh && !lost[i] && b.lostByDupThresh(mark[i] - 1)) {
                lost[i] = true;
                detected++;
            }
            i++;
        }
    }

    /**
     * RFC 8985 §6.2 step 5 for retransmissions: lost once sent before RACK's segment and {@code reoWndNs} past
     * RACK.rtt. Returns when the next one's window passes, or {@link Tcb#NEVER}.
     */
    long detect(Rack rack, long nowNs, long reoWndNs) {
        long next = Tcb.NEVER;
        for (int i = 0; i < count; i++) {
            if (lost[i] || sentNs[i] == Rack.NONE || !rack.sentBefore(sentNs[i], end[i])) continue;
            long due = sentNs[i] + rack.rttNs + reoWndNs;
            if (due - Rack.SLACK_NS > nowNs) next = Math.min(next, due);
            else {
                lost[i] = true;
                detected++;
            }
        }
        return next;
    }

    /** The entry holding {@code s}, or -1. */
    int find(int s) {
        for (int i = 0; i < count; i++) if (Seq.le(seq[i], s) && Seq.lt(s, end[i])) return i;
        return -1;
    }

    long sentNs(int i) { return sentNs[i]; }

    /** The lowest lost entry, or -1. */
    int firstLost() {
        int best = -1;
        for (int i = 0; i < count; i++) if (lost[i] && (best < 0 || Seq.lt(seq[i], seq[best]))) best = i;
        return best;
    }

    int seq(int i) { return seq[i]; }
    int end(int i) { return end[i]; }

    /** Bytes resent, now known lost, and not resent again: not in the network (for SetPipe). */
    long lostBytes(int una) {
        long n = 0;
        for (int i = 0; i < count; i++) if (lost[i] && Seq.lt(una, end[i])) n += Seq.diff(Seq.max(seq[i], una), end[i]);
        return n;
    }

    private void remove(int i) {
        count--;
        System.arraycopy(seq, i + 1, seq, i, count - i);
        System.arraycopy(end, i + 1, end, i, count - i);
        System.arraycopy(mark, i + 1, mark, i, count - i);
        System.arraycopy(sentNs, i + 1, sentNs, i, count - i);
        System.arraycopy(lost, i + 1, lost, i, count - i);
    }
}

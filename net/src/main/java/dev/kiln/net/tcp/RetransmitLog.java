package dev.kiln.net.tcp;

/**
 * Lost-retransmission detection for {@link SackScoreboard} (the rule of RFC 8985 §6.2 with RFC 6675's
 * DupThresh in place of RACK's time-based reordering window): each retransmission remembers HighData
 * when it left ({@code mark}); once the peer SACKs more than (DupThresh - 1) * SMSS, or DupThresh ranges,
 * of data first sent after that mark, the retransmission was lost too, and it is resent at once instead of
 * waiting for the retransmission timer. Fixed arrays of the last {@code max} retransmissions still missing;
 * one forgotten when full only leaves its loss to the timer.
 */
final class RetransmitLog {
    private final int[] seq, end, mark;
    private final boolean[] lost;
    int count;
    long detected;

    RetransmitLog(int max) {
        seq = new int[max];
        end = new int[max];
        mark = new int[max];
        lost = new boolean[max];
    }

    /** [from, from + len) was resent while HighData was {@code highData}: a resend of a logged range refreshes its entry. */
    void onRetransmit(int from, int len, int highData) {
        int i = find(from);
        if (i < 0) {
            if (count == seq.length) remove(0);
            i = count++;
            seq[i] = from;
            end[i] = from + len;
        } else if (Seq.gt(from + len, end[i])) end[i] = from + len;
        mark[i] = highData;
        lost[i] = false;
    }

    /** After an ACK: forget what arrived (cumulatively or SACKed); mark lost what later data overtook. */
    void update(SackScoreboard b, int una) {
        for (int i = 0; i < count; ) {
            int first = b.skipSacked(Seq.max(seq[i], una));
            if (!Seq.lt(first, end[i])) {
                remove(i);
                continue;
            }
            if (!lost[i] && b.isLost(mark[i] - 1)) {
                lost[i] = true;
                detected++;
            }
            i++;
        }
    }

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

    private int find(int s) {
        for (int i = 0; i < count; i++) if (Seq.le(seq[i], s) && Seq.lt(s, end[i])) return i;
        return -1;
    }

    private void remove(int i) {
        count--;
        System.arraycopy(seq, i + 1, seq, i, count - i);
        System.arraycopy(end, i + 1, end, i, count - i);
        System.arraycopy(mark, i + 1, mark, i, count - i);
        System.arraycopy(lost, i + 1, lost, i, count - i);
    }
}

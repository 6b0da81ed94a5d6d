package dev.kiln.net.tcp;

/**
 * At most {@code max} sorted, disjoint, non-touching ranges [start, end) of sequence numbers, each
 * stamped with when it last grew: the out-of-order data of {@link ReceiveReassembly} and the SACKed
 * data of {@link SackScoreboard}. Fixed arrays; nothing allocates after construction.
 */
final class SeqRanges {
    final int[] start, end, stamp;
    int count;
    private int clock;

    SeqRanges(int max) {
        start = new int[max];
        end = new int[max];
        stamp = new int[max];
    }

    /**
     * Adds [l, r) (non-empty), merging the ranges it overlaps or touches. Returns the bytes newly
     * covered, or -1 if it needs a range of its own and all are in use.
     */
    int add(int l, int r) {
        int i = 0;
        while (i < count && Seq.lt(end[i], l)) i++; // first range ending at or after l
        int j = i, covered = 0;
        for (; j < count && Seq.le(start[j], r); j++) covered += end[j] - start[j]; // ranges touching [l, r)
        if (i == j) {
            if (count == start.length) return -1;
            shift(i, i + 1, count - i);
            count++;
            start[i] = l;
            end[i] = r;
        } else {
            l = Seq.min(l, start[i]);
            r = Seq.max(r, end[j - 1]);
            start[i] = l;
            end[i] = r;
            remove(i + 1, j - i - 1);
        }
        stamp[i] = ++clock;
        return (r - l) - covered;
    }

    /** Removes {@code k} ranges from index {@code from}. */
    void remove(int from, int k) {
        shift(from + k, from, count - from - k);
        count -= k;
    }

    /** Drops everything below {@code seq}. */
    void trimBelow(int seq) {
        int k = 0;
        while (k < count && Seq.le(end[k], seq)) k++;
        remove(0, k);
        if (count > 0 && Seq.lt(start[0], seq)) start[0] = seq;
    }

    private void shift(int from, int to, int n) {
        System.arraycopy(start, from, start, to, n);
        System.arraycopy(end, from, end, to, n);
        System.arraycopy(stamp, from, stamp, to, n);
    }
}

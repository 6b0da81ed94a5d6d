package dev.kiln.net.tcp;

import java.lang.foreign.MemorySegment;

/**
 * The receive side of one connection: a fixed ring of {@code capacity} bytes keyed by sequence
 * number holding the bytes delivered in order but not yet read, followed by out-of-order data
 * tracked in at most {@code maxIntervals} intervals. Segments are trimmed to the window
 * [RCV.NXT, readSeq + capacity) (RFC 9293 §3.10.7.4); an out-of-order segment that would need a new
 * interval when all are in use is dropped, so hostile overlap, duplication or scatter never grows
 * memory. Also: the advertised window with receiver SWS avoidance (RFC 9293 §3.8.6.2.2, never
 * shrinking the right edge) and the SACK blocks to send (RFC 2018 §4: most recent first, disjoint).
 * Not implemented: D-SACK generation (RFC 2883), FIN (the connection handles it at RCV.NXT).
 */
public final class ReceiveReassembly {
    private final MemorySegment ring;
    private final int capacity;
    private final SeqRanges ooo; // out-of-order data above RCV.NXT
    private int readSeq, readPos, rcvNxt, edge;

    public ReceiveReassembly(int capacity, int maxIntervals, int rcvNxt) {
        if (capacity < 1 || capacity > 1 << 30 || maxIntervals < 1)
            throw new IllegalArgumentException("receive buffer needs 1..2^30 bytes and at least one interval; got " + capacity + ", " + maxIntervals);
        this.capacity = capacity;
        this.ring = MemorySegment.ofArray(new byte[capacity]);
        this.ooo = new SeqRanges(maxIntervals);
        reset(rcvNxt);
    }

    /** Start over at {@code rcvNxt} (IRS + 1 once the SYN arrived); buffered bytes are discarded. */
    public void reset(int rcvNxt) {
        this.rcvNxt = readSeq = rcvNxt;
        readPos = ooo.count = 0;
        edge = rcvNxt + capacity;
    }

    /** A segment's payload {@code src[off, off + len)} at {@code seq}. Returns the bytes kept (after trimming). */
    public int receive(int seq, MemorySegment src, long off, int len) {
        long from = seq - rcvNxt, lo = Math.max(0, from), hi = Math.min(from + len, window()); // signed offsets
        if (len <= 0 || lo >= hi) return 0; // duplicate or outside the window
        int l = rcvNxt + (int) lo, r = rcvNxt + (int) hi;
        if (lo > 0 && ooo.add(l, r) < 0) return 0; // out of order, and no interval left for it
        copyIn(src, off + (lo - from), l, r - l);
        if (lo == 0) {
            rcvNxt = r;
            while (ooo.count > 0 && Seq.le(ooo.start[0], rcvNxt)) { // now contiguous: deliver
                rcvNxt = Seq.max(rcvNxt, ooo.end[0]);
                ooo.remove(0, 1);
            }
        }
        return r - l;
    }

    private void copyIn(MemorySegment src, long off, int seq, int n) {
        int pos = (int) ((readPos + (long) (seq - readSeq)) % capacity), first = Math.min(n, capacity - pos);
        MemorySegment.copy(src, off, ring, pos, first);
        if (first < n) MemorySegment.copy(src, off + first, ring, 0, n - first);
    }

    /** Copies up to {@code max} in-order bytes to {@code dst[off..]} and frees their space. */
    public int read(MemorySegment dst, long off, int max) {
        int n = Math.max(0, Math.min(max, readable())), first = Math.min(n, capacity - readPos);
        MemorySegment.copy(ring, readPos, dst, off, first);
        if (first < n) MemorySegment.copy(ring, 0, dst, off + first, n - first);
        readSeq += n;
        readPos = (readPos + n) % capacity;
        return n;
    }

    /**
     * The window to advertise: the right edge moves only when it can advance by at least
     * min(capacity / 2, mss) (receiver SWS avoidance) and never moves left.
     */
    public int advertisedWindow(int mss) {
        int full = readSeq + capacity;
        if (full - edge >= Math.min(capacity / 2, mss)) edge = full;
        if (Seq.lt(edge, rcvNxt)) edge = rcvNxt; // a peer that ignored the window
        return edge - rcvNxt;
    }

    /** Writes up to {@code max} SACK blocks as (left, right) pairs, newest first. Returns how many. */
    public int sackBlocks(int[] out, int max) {
        int n = Math.max(0, Math.min(Math.min(max, ooo.count), out.length / 2)), newer = 0;
        int[] stamp = ooo.stamp; // the stamp says when a range last grew
        for (int b = 0; b < n; b++) { // selection by stamp: n and the range count are small
            int best = -1;
            for (int i = 0; i < ooo.count; i++)
                if ((b == 0 || stamp[i] - newer < 0) && (best < 0 || stamp[i] - stamp[best] > 0)) best = i;
            out[2 * b] = ooo.start[best];
            out[2 * b + 1] = ooo.end[best];
            newer = stamp[best];
        }
        return n;
    }

    public int rcvNxt() { return rcvNxt; }
    public int readable() { return rcvNxt - readSeq; }
    /** Free space from RCV.NXT to the end of the buffer (before SWS avoidance). */
    public int window() { return capacity - readable(); }
    public int intervals() { return ooo.count; }
    public int capacity() { return capacity; }

    /** Bytes held out of order above RCV.NXT (within the window, so readable() + this never exceeds the capacity). */
    public int outOfOrderBytes() {
        int n = 0;
        for (int i = 0; i < ooo.count; i++) n += ooo.end[i] - ooo.start[i];
        return n;
    }
}

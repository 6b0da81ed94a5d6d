package dev.kiln.net.tcp;

import java.lang.foreign.MemorySegment;

/**
 * The receive side of one connection: a fixed buffer of {@code capacity} bytes keyed by sequence
 * number holding the bytes delivered in order but not yet read, followed by out-of-order data
 * tracked in at most {@code maxIntervals} intervals. The buffer is linear, not a ring: the unread
 * in-order bytes are always contiguous, so the application reads them in place ({@link #readView},
 * {@link #consume}) and one buffer serves both the window and the reader. Bytes move to the front
 * only when an arrival would run past the end (rarely: a reader that keeps up empties the buffer,
 * which starts it over at the front). Segments are trimmed to the window
 * [RCV.NXT, readSeq + capacity) (RFC 9293 §3.10.7.4); an out-of-order segment that would need a new
 * interval when all are in use is dropped, so hostile overlap, duplication or scatter never grows
 * memory. Also: the advertised window with receiver SWS avoidance (RFC 9293 §3.8.6.2.2, never
 * shrinking the right edge) and the SACK blocks to send (RFC 2018 §4: most recent first, disjoint),
 * led by a D-SACK block (RFC 2883) once after a duplicate arrived. FIN is not here (the connection
 * handles it at RCV.NXT).
 */
public final class ReceiveReassembly {
    private final MemorySegment buf;
    private final int capacity;
    private final SeqRanges ooo; // out-of-order data above RCV.NXT
    private int readSeq, readPos, rcvNxt, edge;
    private int dsackLeft, dsackRight; // RFC 2883: the latest duplicate not yet reported
    private MemorySegment lent; // the arriving frame, whose bytes [lentOff, lentOff + readable()) are [readSeq, rcvNxt) ({@link #lend})
    private long lentOff;
    private final SliceCache views = new SliceCache(); // readView: the same slices while the layouts repeat
    private boolean dsack;

    public ReceiveReassembly(int capacity, int maxIntervals, int rcvNxt) {
        if (capacity < 1 || capacity > 1 << 30 || maxIntervals < 1)
            throw new IllegalArgumentException("receive buffer needs 1..2^30 bytes and at least one interval; got " + capacity + ", " + maxIntervals);
        this.capacity = capacity;
        this.buf = MemorySegment.ofArray(new byte[capacity]);
        this.ooo = new SeqRanges(maxIntervals);
        reset(rcvNxt);
    }

    /** Start over at {@code rcvNxt} (IRS + 1 once the SYN arrived); buffered bytes are discarded. */
    public void reset(int rcvNxt) {
        this.rcvNxt = readSeq = rcvNxt;
        readPos = ooo.count = 0;
        edge = rcvNxt + capacity;
        dsack = false;
        lent = null;
    }

    /** A segment's payload {@code src[off, off + len)} at {@code seq}. Returns the bytes kept (after trimming). */
    public int receive(int seq, MemorySegment src, long off, int len) {
        settleLent();
        long from = seq - rcvNxt, lo = Math.max(0, from), hi = Math.min(from + len, window()); // signed offsets
        if (len > 0 && from < 0) duplicate(seq, len);
        if (len <= 0 || lo >= hi) return 0; // duplicate or outside the window
        int l = rcvNxt + (int) lo, r = rcvNxt + (int) hi;
        if (lo > 0) {
            int added = ooo.add(l, r);
            if (added == 0) report(l, r); // all of it held out of order already
            if (added <= 0) return 0; // a duplicate, or out of order and no interval left for it
        }
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
        long at = readPos + (long) (seq - readSeq);
        if (at + n > capacity) { // runs past the end: move what is held to the front (the window keeps it within capacity)
            int held = Seq.diff(readSeq, ooo.count > 0 ? Seq.max(rcvNxt, ooo.end[ooo.count - 1]) : rcvNxt);
            held = Math.min(held, capacity - readPos); // beyond: only the arrival itself (already in ooo), not stored yet
            MemorySegment.copy(buf, readPos, buf, 0, held);
            at -= readPos;
            readPos = 0;
        }
        MemorySegment.copy(src, off, buf, at, n);
    }

    /**
     * RFC 2883 §4: a segment {@code [seq, seq + len)} arrived; the part of it below RCV.NXT (already
     * received) is reported by the next SACK option's first block. Each duplicate is reported once.
     */
    public void duplicate(int seq, int len) {
        int end = Seq.min(seq + len, rcvNxt);
        if (len > 0 && Seq.lt(seq, end)) report(seq, end);
    }

    private void report(int l, int r) {
        dsackLeft = l;
        dsackRight = r;
        dsack = true;
    }

    /**
     * As {@link #receive}, but a segment at RCV.NXT arriving while the buffer is empty (the common case of
     * a reader that keeps up) is not copied: its bytes stay in {@code src}, lent, readable in place, until
     * {@link #settleLent} copies what was not consumed. The caller must call it before {@code src} changes.
     */
    public int lend(int seq, MemorySegment src, long off, int len) {
        settleLent();
        if (seq != rcvNxt || len <= 0 || len > window() || readable() > 0 || ooo.count > 0) return receive(seq, src, off, len);
        lent = src;
        lentOff = off;
        rcvNxt += len;
        return len;
    }

    /** Copies the lent bytes not consumed into the buffer: the frame they are in may go. */
    public void settleLent() {
        if (lent == null) return;
        MemorySegment.copy(lent, lentOff, buf, 0, readable()); // the buffer held nothing else
        readPos = 0;
        lent = null;
    }

    /** Whether bytes are lent ({@link #lend}). */
    public boolean lent() { return lent != null; }

    /** The unread in-order bytes, in place (valid until the next {@link #receive}, {@link #consume} or {@link #settleLent}). */
    public MemorySegment readView() { return lent != null ? views.slice(lent, lentOff, readable()) : views.slice(buf, readPos, readable()); }

    /** Frees the first {@code n} unread in-order bytes (0..{@link #readable}). */
    public void consume(int n) {
        if (n < 0 || n > readable()) throw new IllegalArgumentException("consumed " + n + " of " + readable() + " readable bytes");
        readSeq += n;
        if (lent != null) {
            lentOff += n;
            if (readable() == 0) lent = null;
            return;
        }
        readPos += n;
        if (readSeq == rcvNxt && ooo.count == 0) readPos = 0; // empty: start over at the front, no bytes to move
    }

    /** Copies up to {@code max} in-order bytes to {@code dst[off..]} and frees their space. */
    public int read(MemorySegment dst, long off, int max) {
        int n = Math.max(0, Math.min(max, readable()));
        if (lent != null) MemorySegment.copy(lent, lentOff, dst, off, n);
        else MemorySegment.copy(buf, readPos, dst, off, n); // no view: nothing allocated per read
        consume(n);
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

    /**
     * Writes up to {@code max} SACK blocks as (left, right) pairs. Returns how many. A pending D-SACK block
     * comes first (RFC 2883 §4), then the out-of-order block holding it if there is one, then the others
     * newest first (RFC 2018 §4).
     */
    public int sackBlocks(int[] out, int max) {
        int lim = Math.max(0, Math.min(max, out.length / 2)), n = 0, held = -1;
        if (lim == 0) return 0;
        if (dsack) {
            dsack = false;
            out[n++] = dsackLeft;
            out[n++] = dsackRight;
            for (int i = 0; i < ooo.count; i++) if (Seq.le(ooo.start[i], dsackLeft) && Seq.le(dsackRight, ooo.end[i])) held = i;
            if (held >= 0 && n < 2 * lim) {
                out[n++] = ooo.start[held];
                out[n++] = ooo.end[held];
            }
        }
        int[] stamp = ooo.stamp; // the stamp says when a range last grew
        for (int older = 0, first = 1; n < 2 * lim; first = 0) { // selection by stamp: the range count is small
            int best = -1;
            for (int i = 0; i < ooo.count; i++)
                if (i != held && (first == 1 || stamp[i] - older < 0) && (best < 0 || stamp[i] - stamp[best] > 0)) best = i;
            if (best < 0) break;
            out[n++] = ooo.start[best];
            out[n++] = ooo.end[best];
            older = stamp[best];
        }
        return n / 2;
    }

    /** Whether an ACK now would carry SACK blocks: out-of-order data, or a duplicate to report (D-SACK). */
    public boolean hasSackBlocks() { return dsack || ooo.count > 0; }

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

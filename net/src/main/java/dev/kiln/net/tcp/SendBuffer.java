package dev.kiln.net.tcp;

import dev.kiln.platform.FramePieces;
import java.lang.foreign.MemorySegment;

/**
 * The send side of one connection: up to {@code capacity} application bytes from SND.UNA, split into
 * in flight [SND.UNA, SND.NXT) and unsent [SND.NXT, end). Sequence numbers count data bytes only: the
 * connection accounts for SYN and FIN around them.
 *
 * <p>The bytes are a sequence of {@link SendExtents extents}: runs copied into a {@link SendRing}
 * ({@link #write}) and references to immutable bytes the application lent ({@link #writeRef}: a
 * baked file, a global block), in the order written. Both count toward {@code capacity} (flow
 * control: at most that many bytes queued); only copied bytes take memory from the stack-wide
 * {@link BufferBudget}, as references use none of the stack's. ACKs free bytes of both kinds.
 * {@link #read} gives any buffered range by sequence number, byte-exact over any mix of extents
 * (first sends and retransmissions); with a {@link FramePieces} holder it leaves referenced bytes
 * where they lie, as frame pieces for a gathering device (one copy: the kernel's).
 */
public final class SendBuffer {
    private final SendRing ring;
    private final SendExtents extents = new SendExtents();
    private final int capacity;
    private final BufferBudget budget;
    private int una, nxt, max, length; // max: one past the highest byte ever sent (SND.MAX)
    private int curSeq; // the first sequence number of the extent the read cursor is on

    public SendBuffer(int capacity, BufferBudget budget, int firstSeq) {
        if (capacity < 1 || capacity > 1 << 30) throw new IllegalArgumentException("send buffer needs 1..2^30 bytes, got " + capacity);
        this.capacity = capacity;
        this.budget = budget;
        this.ring = new SendRing(capacity);
        una = nxt = max = curSeq = firstSeq;
    }

    /** Appends up to {@code len} bytes of {@code src[off..]}, copied; returns how many were taken. */
    public int write(MemorySegment src, long off, int len) {
        if (!extents.canAppendRing()) return 0; // the table is full: back-pressure until ACKs free extents
        int n = budget.reserve(Math.min(len, capacity - length));
        if (n == 0) return 0;
        long at = ring.append(src, off, n);
        extents.appendRing(at, n);
        length += n;
        return n;
    }

    /**
     * Appends up to {@code len} bytes of {@code src[off..]} by reference (the caller promises they never
     * change and stay alive until acknowledged: {@code TcpConnection.writeImmutable}); a heap segment is
     * copied instead. Counts toward the capacity, not the budget. Returns how many were taken: 0 when the
     * buffer or the extent table ({@link SendExtents#MAX}) is full.
     */
    public int writeRef(MemorySegment src, long off, int len) {
        if (!src.isNative()) return write(src, off, len);
        int n = Math.min(len, capacity - length);
        if (n <= 0 || !extents.appendRef(src, off, n)) return 0;
        length += n;
        return n;
    }

    /**
     * Copies up to {@code len} buffered bytes from {@code seq} (clipped to [SND.UNA, end)) into
     * {@code dst[off..]}, for a first send or a retransmission. Returns the bytes read.
     */
    public int read(int seq, MemorySegment dst, long off, int len) { return read(seq, dst, off, len, null); }

    /**
     * As {@link #read(int, MemorySegment, long, int)}, but referenced bytes go into {@code pieces} at
     * frame offset {@code off} (dst is the frame) instead of being copied, when {@code pieces} takes them.
     */
    public int read(int seq, MemorySegment dst, long off, int len, FramePieces pieces) {
        long from = seq - una, n = Math.min((long) len, length - from);
        if (from < 0 || n <= 0) return 0;
        if (Seq.lt(seq, curSeq) || extents.cursorLost()) { extents.rewindCursor(); curSeq = una; }
        for (int done = 0; done < n; ) {
            int s = seq + done;
            while (Seq.ge(s, curSeq + extents.cursorLen())) { curSeq += extents.cursorLen(); extents.advanceCursor(); }
            int within = s - curSeq, k = (int) Math.min(n - done, extents.cursorLen() - within);
            MemorySegment ref = extents.cursorSegment();
            long at = extents.cursorOffset() + within;
            if (ref == null) ring.copyOut(at, dst, off + done, k);
            else if (pieces == null || !pieces.add((int) (off + done), ref, at, k)) MemorySegment.copy(ref, at, dst, off + done, k);
            done += k;
        }
        return (int) n;
    }

    /** Copies up to {@code len} unsent bytes from SND.NXT and advances SND.NXT past them. */
    public int send(MemorySegment dst, long off, int len) {
        int n = read(nxt, dst, off, Math.min(len, unsent()));
        nxt += n;
        if (Seq.gt(nxt, max)) max = nxt;
        return n;
    }

    /** Marks up to {@code len} unsent bytes as sent (their bytes were read with {@link #read}). Returns how many. */
    public int advance(int len) {
        int n = Math.max(0, Math.min(len, unsent()));
        nxt += n;
        if (Seq.gt(nxt, max)) max = nxt;
        return n;
    }

    /**
     * A cumulative ACK; one outside (SND.UNA, SND.MAX] is ignored. After a rewind an ACK may pass
     * SND.NXT (the peer had the data): SND.NXT moves up with it. Returns the bytes freed.
     */
    public int ack(int ack) {
        if (!Seq.gt(ack, una) || Seq.gt(ack, max)) return 0;
        int n = ack - una;
        una = ack;
        if (Seq.lt(nxt, una)) nxt = una;
        int copied = extents.release(n);
        ring.release(copied);
        budget.release(copied);
        length -= n;
        extents.rewindCursor();
        curSeq = una;
        return n;
    }

    /** Go back to resend from {@code seq} in [SND.UNA, SND.NXT] (e.g. SND.UNA after a timeout). */
    public void rewindTo(int seq) {
        if (Seq.le(una, seq) && Seq.le(seq, nxt)) nxt = seq;
    }

    /** Drops everything (connection closed or reset), returns its copied bytes to the budget, restarts at {@code firstSeq}. */
    public void reset(int firstSeq) {
        int copied = extents.release(length);
        ring.release(copied);
        budget.release(copied);
        una = nxt = max = curSeq = firstSeq;
        length = 0;
        extents.rewindCursor();
    }

    public int sndUna() { return una; }
    public int sndNxt() { return nxt; }
    public int sndMax() { return max; }
    /** One past the last buffered byte. */
    public int end() { return una + length; }
    public int inFlight() { return nxt - una; }
    public int unsent() { return length - inFlight(); }
    public int free() { return capacity - length; }

    /** What {@link #write} takes now: the free space, as far as the stack-wide budget and the extent table allow. */
    public int copyable() {
        return extents.canAppendRing() ? (int) Math.min(capacity - length, budget.availableBytes()) : 0;
    }
    public int capacity() { return capacity; }
    /** Extents held (runs of copied bytes and references), at most {@link SendExtents#MAX}. */
    public int extents() { return extents.size(); }
}

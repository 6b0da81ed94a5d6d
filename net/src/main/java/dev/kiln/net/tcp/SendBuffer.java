package dev.kiln.net.tcp;

import java.lang.foreign.MemorySegment;

/**
 * The send side of one connection: a ring of up to {@code capacity} application bytes from SND.UNA,
 * split into in flight [SND.UNA, SND.NXT) and unsent [SND.NXT, end). Writes take what fits in the
 * ring and in the shared {@link BufferBudget}; ACKs free bytes back to both. Retransmissions read
 * any buffered range by sequence number. Sequence numbers count data bytes only: the connection
 * accounts for SYN and FIN around them. The ring starts small ({@value #INITIAL_BYTES} bytes at most) and
 * doubles as writes need room, up to {@code capacity}: a connection pays memory for what it holds, so
 * large buffers cost little on connections that send little.
 */
public final class SendBuffer {
    static final int INITIAL_BYTES = 16 * 1024;
    private MemorySegment ring;
    private int size; // the ring's bytes: INITIAL_BYTES (or capacity if smaller) up to capacity
    private final int capacity;
    private final BufferBudget budget;
    private int una, nxt, max, length, headPos; // max: one past the highest byte ever sent (SND.MAX)

    public SendBuffer(int capacity, BufferBudget budget, int firstSeq) {
        if (capacity < 1 || capacity > 1 << 30) throw new IllegalArgumentException("send buffer needs 1..2^30 bytes, got " + capacity);
        this.capacity = capacity;
        this.budget = budget;
        this.size = Math.min(capacity, INITIAL_BYTES);
        this.ring = MemorySegment.ofArray(new byte[size]);
        una = nxt = max = firstSeq;
    }

    /** Appends up to {@code len} bytes of {@code src[off..]}; returns how many were taken. */
    public int write(MemorySegment src, long off, int len) {
        int n = budget.reserve(Math.min(len, capacity - length));
        if (length + n > size) grow(length + n);
        int pos = (headPos + length) % size, first = Math.min(n, size - pos);
        MemorySegment.copy(src, off, ring, pos, first);
        if (first < n) MemorySegment.copy(src, off + first, ring, 0, n - first);
        length += n;
        return n;
    }

    /**
     * Copies up to {@code len} buffered bytes from {@code seq} (clipped to [SND.UNA, end)) into
     * {@code dst[off..]}, for a first send or a retransmission. Returns the bytes copied.
     */
    public int read(int seq, MemorySegment dst, long off, int len) {
        long from = seq - una, n = Math.min((long) len, length - from);
        if (from < 0 || n <= 0) return 0;
        int pos = (int) ((headPos + from) % size), first = (int) Math.min(n, size - pos);
        MemorySegment.copy(ring, pos, dst, off, first);
        if (first < n) MemorySegment.copy(ring, 0, dst, off + first, n - first);
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
        headPos = (headPos + n) % size;
        length -= n;
        budget.release(n);
        return n;
    }

    /** A larger ring (doubling, at least {@code need}, at most capacity), the buffered bytes moved to its start. */
    private void grow(int need) {
        int bigger = (int) Math.min(capacity, Math.max(need, 2L * size));
        MemorySegment r = MemorySegment.ofArray(new byte[bigger]);
        int first = Math.min(length, size - headPos);
        MemorySegment.copy(ring, headPos, r, 0, first);
        MemorySegment.copy(ring, 0, r, first, length - first);
        ring = r;
        size = bigger;
        headPos = 0;
    }

    /** Go back to resend from {@code seq} in [SND.UNA, SND.NXT] (e.g. SND.UNA after a timeout). */
    public void rewindTo(int seq) {
        if (Seq.le(una, seq) && Seq.le(seq, nxt)) nxt = seq;
    }

    /** Drops everything (connection closed or reset), returns its bytes to the budget, restarts at {@code firstSeq}. */
    public void reset(int firstSeq) {
        budget.release(length);
        una = nxt = max = firstSeq;
        length = headPos = 0;
    }

    public int sndUna() { return una; }
    public int sndNxt() { return nxt; }
    public int sndMax() { return max; }
    /** One past the last buffered byte. */
    public int end() { return una + length; }
    public int inFlight() { return nxt - una; }
    public int unsent() { return length - inFlight(); }
    public int free() { return capacity - length; }
    public int capacity() { return capacity; }
}

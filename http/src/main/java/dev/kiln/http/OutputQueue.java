package dev.kiln.http;

import java.nio.ByteBuffer;

/**
 * A session's response bytes waiting to be sent, as a ring of chunks: each a buffer and the range of it still
 * to send, kept as two ints beside the buffer, so queueing a shared buffer (a baked header block, a body
 * slice, a constant line) needs neither a duplicate nor a slice: the buffers are only read, by absolute index.
 * The ring grows by doubling and is reused, so a warm queue allocates nothing.
 */
final class OutputQueue {
    private ByteBuffer[] chunks = new ByteBuffer[8];
    private int[] from = new int[8], to = new int[8];
    private int head, count;
    private long bytes;

    /** Queues the bytes between {@code b}'s position and limit (as they are now; {@code b} is not changed, nor kept in step). */
    void add(ByteBuffer b) {
        if (!b.hasRemaining()) return;
        if (count == chunks.length) grow();
        int i = (head + count++) & (chunks.length - 1);
        chunks[i] = b;
        from[i] = b.position();
        to[i] = b.limit();
        bytes += b.remaining();
    }

    /** Bytes queued. */
    long bytes() { return bytes; }

    boolean isEmpty() { return count == 0; }

    /** Bytes left of the first chunk (0 when empty). */
    int firstRemaining() { return count == 0 ? 0 : to[head] - from[head]; }

    /** The first chunk's bytes left, as a new read-only view (allocates: for large chunks a caller sends from where they lie), or null. */
    ByteBuffer first() {
        if (count == 0) return null;
        ByteBuffer v = chunks[head].slice(from[head], to[head] - from[head]);
        return v.isReadOnly() ? v : v.asReadOnlyBuffer();
    }

    /** Copies queued bytes into {@code dst} from its position, as many as fit; returns how many. */
    int drainInto(ByteBuffer dst) { return drainInto(dst, Integer.MAX_VALUE); }

    /** As {@link #drainInto(ByteBuffer)}, but once it copied something it stops before a chunk of {@code stopAt} bytes or more. */
    int drainInto(ByteBuffer dst, int stopAt) {
        int n = 0;
        while (count > 0 && dst.hasRemaining()) {
            if (n > 0 && to[head] - from[head] >= stopAt) break;
            int k = Math.min(dst.remaining(), to[head] - from[head]);
            dst.put(dst.position(), chunks[head], from[head], k);
            dst.position(dst.position() + k);
            n += k;
            skip(k);
        }
        return n;
    }

    /** Marks the first {@code n} bytes of the first chunk as sent (0..{@link #firstRemaining}). */
    void skip(int n) {
        from[head] += n;
        bytes -= n;
        if (from[head] == to[head]) {
            chunks[head] = null;
            head = (head + 1) & (chunks.length - 1);
            count--;
        }
    }

    void clear() {
        while (count > 0) skip(firstRemaining());
    }

    private void grow() {
        int n = chunks.length;
        ByteBuffer[] c = new ByteBuffer[2 * n];
        int[] f = new int[2 * n], t = new int[2 * n];
        for (int k = 0; k < count; k++) {
            int i = (head + k) & (n - 1);
            c[k] = chunks[i];
            f[k] = from[i];
            t[k] = to[i];
        }
        chunks = c;
        from = f;
        to = t;
        head = 0;
    }
}

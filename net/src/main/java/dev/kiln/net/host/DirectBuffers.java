package dev.kiln.net.host;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The direct buffers of a host stack's TCP connections, within one byte limit: every buffer handed out
 * or kept for reuse counts, so the connections together never ask the JVM for more direct memory than
 * the limit (beyond it {@code ByteBuffer.allocateDirect} throws {@code OutOfMemoryError}, which a
 * listener's nominal {@code connectionsMax × (rx + tx)} did not prevent: 256 web connections with 1 MiB
 * send buffers were 260 MB against a 128 MB default). Buffers given back are kept by exact size for the
 * next connection; when a new one would pass the limit, kept ones are dropped first (the GC frees them).
 * Loop thread only.
 */
final class DirectBuffers {
    private final long limitBytes;
    private long heldBytes; // handed out + kept
    private final Map<Integer, ArrayDeque<ByteBuffer>> kept = new HashMap<>();
    private long keptBytes;

    DirectBuffers(long limitBytes) {
        if (limitBytes < 1) throw new IllegalArgumentException("direct buffer limit must be positive, got " + limitBytes);
        this.limitBytes = limitBytes;
    }

    /** A cleared buffer of exactly {@code bytes}, or null if the limit does not allow one now. */
    ByteBuffer take(int bytes) {
        ArrayDeque<ByteBuffer> q = kept.get(bytes);
        if (q != null && !q.isEmpty()) {
            keptBytes -= bytes;
            return q.pop().clear();
        }
        while (heldBytes + bytes > limitBytes && keptBytes > 0) dropOne();
        if (heldBytes + bytes > limitBytes) return null;
        heldBytes += bytes;
        return ByteBuffer.allocateDirect(bytes);
    }

    /** Takes {@code b} back for reuse. */
    void give(ByteBuffer b) {
        kept.computeIfAbsent(b.capacity(), k -> new ArrayDeque<>()).push(b);
        keptBytes += b.capacity();
    }

    private void dropOne() {
        for (var e : kept.entrySet()) {
            if (!e.getValue().isEmpty()) {
                e.getValue().pop();
                keptBytes -= e.getKey();
                heldBytes -= e.getKey();
                return;
            }
        }
    }

    /** What a new buffer may take now: the limit less what is handed out (kept buffers can be dropped). */
    long availableBytes() { return limitBytes - heldBytes + keptBytes; }

    long heldBytes() { return heldBytes; }
    long limitBytes() { return limitBytes; }
}

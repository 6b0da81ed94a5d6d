package dev.kiln.net.tcp;

/**
 * A byte limit shared by the buffers of many connections (the global limit next to each buffer's
 * own capacity). Buffers reserve bytes as they take data and release them as it leaves. Belongs to
 * one stack, used from its loop thread only (not thread-safe, by design).
 */
public final class BufferBudget {
    private final long limitBytes;
    private long usedBytes;

    public BufferBudget(long limitBytes) {
        if (limitBytes < 0) throw new IllegalArgumentException("buffer budget must be >= 0 bytes, got " + limitBytes);
        this.limitBytes = limitBytes;
    }

    /** Grants up to {@code wantBytes} (maybe 0, never more than is left). */
    public int reserve(int wantBytes) {
        int granted = (int) Math.max(0, Math.min(wantBytes, limitBytes - usedBytes));
        usedBytes += granted;
        return granted;
    }

    /** Returns bytes earlier granted. */
    public void release(int bytes) {
        if (bytes < 0 || bytes > usedBytes) throw new IllegalStateException("releasing " + bytes + " of " + usedBytes + " reserved bytes: a buffer's accounting is wrong");
        usedBytes -= bytes;
    }

    public long usedBytes() { return usedBytes; }
    public long limitBytes() { return limitBytes; }
    public long availableBytes() { return limitBytes - usedBytes; }
}

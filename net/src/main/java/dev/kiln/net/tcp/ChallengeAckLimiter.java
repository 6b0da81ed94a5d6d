package dev.kiln.net.tcp;

/**
 * RFC 5961 §7: at most N challenge ACKs per second. One instance may be shared by every connection of
 * a stack (the RFC's system-wide limit) or given to each; Kiln's stack is single-threaded, so no locking.
 */
public final class ChallengeAckLimiter {
    private static final long SECOND_NS = 1_000_000_000L;
    private final int perSecond;
    private long windowStartNs = Long.MIN_VALUE;
    private int sent;
    private long suppressed;

    public ChallengeAckLimiter(int perSecond) {
        if (perSecond < 1) throw new IllegalArgumentException("perSecond must be >= 1, was " + perSecond);
        this.perSecond = perSecond;
    }

    /** Whether a challenge ACK may go out now; counts it if so. */
    public boolean tryAcquire(long nowNs) {
        if (windowStartNs == Long.MIN_VALUE || nowNs - windowStartNs >= SECOND_NS) {
            windowStartNs = nowNs;
            sent = 0;
        }
        if (sent < perSecond) {
            sent++;
            return true;
        }
        suppressed++;
        return false;
    }

    /** Challenge ACKs not sent because of the limit. */
    public long suppressed() { return suppressed; }
}

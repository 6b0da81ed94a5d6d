package dev.kiln.net.stack;

/** A token bucket in integer nanoseconds: {@code ratePerSecond} tokens a second, a burst of the same size. */
final class TokenBucket {
    private static final long SECOND_NS = 1_000_000_000L;
    private final long costNs;
    private final long capacityNs;
    private long creditNs;
    private long lastNs;
    private boolean started;

    TokenBucket(int ratePerSecond) {
        this.costNs = ratePerSecond <= 0 ? Long.MAX_VALUE : SECOND_NS / ratePerSecond;
        this.capacityNs = ratePerSecond <= 0 ? 0 : costNs * ratePerSecond;
        this.creditNs = capacityNs;
    }

    /** Takes one token at {@code nowNs}. @return false if the bucket is empty */
    boolean tryTake(long nowNs) {
        if (!started) {
            started = true;
            lastNs = nowNs;
        }
        long elapsed = nowNs - lastNs;
        if (elapsed > 0) {
            creditNs = elapsed >= capacityNs ? capacityNs : Math.min(capacityNs, creditNs + elapsed);
            lastNs = nowNs;
        }
        if (creditNs < costNs) return false;
        creditNs -= costNs;
        return true;
    }
}

package dev.kiln.net.tcp;

/**
 * The retransmission timeout as the TCB needs it: the smallest interface, so the RFC 6298 estimator
 * that another part provides can stand in for {@link Backoff}.
 */
interface Rto {
    long rtoNs();

    /** A timeout fired: back off (RFC 6298 §5.5). */
    void onTimeout();

    /** New data was acknowledged: forget the back-off. */
    void onNewAck();

    /**
     * PLACEHOLDER: no RTT measurement, a fixed initial RTO doubled on each timeout up to a ceiling and
     * reset on new acknowledgements.
     */
    final class Backoff implements Rto {
        private final long initialNs, maxNs;
        private long rtoNs;

        Backoff(long initialNs, long maxNs) {
            this.initialNs = initialNs;
            this.maxNs = maxNs;
            this.rtoNs = initialNs;
        }

        @Override public long rtoNs() { return rtoNs; }
        @Override public void onTimeout() { rtoNs = Math.min(maxNs, rtoNs * 2); }
        @Override public void onNewAck() { rtoNs = initialNs; }
    }
}

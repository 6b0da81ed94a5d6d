package dev.kiln.net.tcp;

/**
 * RFC 6937 Proportional Rate Reduction: how much SACK recovery (RFC 6675) may send per ACK. While the pipe is above
 * ssthresh, sending follows delivery in the ratio ssthresh / RecoverFS, so that the window comes down to ssthresh
 * smoothly over the round trip instead of a silence followed by a burst; once the pipe has fallen below ssthresh
 * (heavy losses), slow-start reduction bound (PRR-SSRB, §3) lets it grow back by at most one MSS more than was
 * delivered. The first retransmission of an episode goes regardless (RFC 6675 §5 step 3). Bytes throughout.
 *
 * <p>As in Linux, the result is a window, {@link #cwnd} = pipe + sndcnt when the ACK was processed: segments found
 * lost later (RACK's reordering timer) leave the pipe, and may be resent within it, before the next ACK.
 */
final class Prr {
    private long recoverFs, delivered, out;
    private int lastDelivered;
    /** The window in recovery: the pipe may grow to this. */
    int cwnd;

    /** Recovery began with {@code flight} bytes outstanding (RecoverFS = SND.NXT - SND.UNA). */
    void start(int flight) {
        recoverFs = Math.max(1, flight);
        delivered = out = 0;
        lastDelivered = cwnd = 0;
    }

    /** An ACK delivered {@code bytes} newly (SND.UNA's advance plus the change in SACKed bytes: DeliveredData). */
    void onDelivered(int bytes) {
        if (bytes <= 0) return;
        delivered += bytes;
        lastDelivered = bytes;
    }

    /** After the ACK's losses are marked: sndcnt for {@code pipe}, {@code ssthresh} and {@code mss} (RFC 6937 §3.1). */
    void update(int pipe, int ssthresh, int mss) {
        long sndcnt;
        if (pipe > ssthresh) sndcnt = (delivered * ssthresh + recoverFs - 1) / recoverFs - out; // proportional
        else sndcnt = Math.min(ssthresh - pipe, Math.max(delivered - out, lastDelivered) + mss); // PRR-SSRB
        cwnd = (int) Math.min(Integer.MAX_VALUE, pipe + Math.max(0, sndcnt));
        lastDelivered = 0;
    }

    /** {@code bytes} were sent (prr_out). */
    void onSent(int bytes) { out += bytes; }
}

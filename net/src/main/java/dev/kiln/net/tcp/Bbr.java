package dev.kiln.net.tcp;

/**
 * A model-based window after BBR v1 (draft-cardwell-iccrg-bbr-congestion-control-00, Linux's {@code tcp_bbr.c}, the
 * default congestion control of the Linux this project is tested against): the window follows a model of the path —
 * the bottleneck rate (the highest delivery rate of the last {@link #BW_ROUNDS} round trips) times the lowest RTT
 * (RACK's samples, the lowest of the last 10 s),
 * times a gain, plus what the peer's ACKs arrive in bursts of (ACK aggregation) — instead of halving on each loss.
 * Random loss of a few percent then costs its retransmissions, not the window: with CUBIC or Reno a 5 % loss rate
 * holds the window near 1.22/sqrt(p) ≈ 5 segments (Mathis), where a single lost ACK or a delayed one stalls the
 * sender for a timer.
 *
 * <p>Startup: the window grows by what is delivered (as slow start) up to 2.89 × BDP, until the bottleneck rate has
 * not grown by 25 % for three round trips; then the window is 2 × BDP, and grows or shrinks toward it by what each
 * ACK delivers. Loss recovery keeps the window (ssthresh = cwnd: {@link Prr} sends what is delivered, plus one
 * segment while the pipe is below it — BBR's packet conservation); a retransmission timeout drops the window to one
 * segment and slow start brings it back to where it was (BBR restores its prior window). Deviations, as Kiln has no
 * pacing: no pacing gain cycle (a window of 2 × BDP already offers the path twice its measured rate while the queue
 * is empty, which is the probe); PROBE_RTT as Linux's ({@link BbrMinRtt}). Delivery is counted per round trip (bytes ACKed or SACKed between an ACK and the ACK of what was sent by
 * then) instead of per segment, which averages out ACK compression; a round in which the sender ran out of data
 * (application- or send-buffer-limited, as Linux marks them) counts only if it was faster than the estimate.
 */
public final class Bbr extends NewReno {
    static final int BW_ROUNDS = 10;
    static final double STARTUP_GAIN = 2.885, CWND_GAIN = 2.0;
    /** The smallest window: BBR's 4 segments, so that a delayed ACK never holds a lone segment. */
    static final int MIN_SEGMENTS = 4;
    private final long[] bwRing = new long[BW_ROUNDS]; // delivery rate of the last rounds, bytes/s
    private long rounds, maxBw, fullBw, delivered, roundDelivered, roundStartNs;
    private final BbrMinRtt rtprop = new BbrMinRtt();
    private int probeRttPriorCwnd;
    private int roundEnd, fullBwRounds;
    private boolean roundOpen, roundAppLimited, filled;
    private long samples; // recorded in bwRing
    // ACK aggregation (tcp_bbr.c bbr_update_ack_aggregation): bytes delivered beyond the model's rate in one epoch
    private long aggStartNs, aggBytes;
    private final long[] extra = new long[2];
    private int extraSlot;
    private long extraRound;

    public Bbr(int mss) {
        super(mss);
        ssthresh = 2 * mss; // growth is the model's (congestionAvoidance), not slow start's, until a timeout
    }

    /** Per ACK: counts the delivery, closes the round trip when its ACK came (see {@link CongestionControl#onDelivered}). */
    @Override
    public void onDelivered(int bytes, int ack, int sndNxt, boolean appLimited, long rttNs, long nowNs) {
        boolean wasProbing = rtprop.probing;
        rtprop.sample(rttNs, nowNs);
        if (rtprop.probing && !wasProbing) { // PROBE_RTT: the window down to drain the queue, restored after
            probeRttPriorCwnd = cwnd;
            cwnd = Math.min(cwnd, MIN_SEGMENTS * mss);
        } else if (wasProbing && !rtprop.probing) cwnd = Math.max(cwnd, probeRttPriorCwnd);
        roundAppLimited |= appLimited;
        if (bytes > 0) {
            delivered += bytes;
            aggregation(bytes, nowNs);
        }
        if (!roundOpen) {
            roundOpen = true;
            roundEnd = sndNxt;
            roundStartNs = nowNs;
            roundDelivered = delivered;
        } else if (Seq.ge(ack, roundEnd) && nowNs > roundStartNs) {
            endRound(nowNs);
            roundAppLimited = appLimited;
            roundEnd = sndNxt;
            roundStartNs = nowNs;
            roundDelivered = delivered;
        }
    }

    private void endRound(long nowNs) {
        if (++rounds - extraRound >= BW_ROUNDS / 2) { // the aggregation maximum spans 5 to 10 rounds
            extraRound = rounds;
            extraSlot ^= 1;
            extra[extraSlot] = 0;
        }
        long bw = (long) ((delivered - roundDelivered) * 1e9 / (nowNs - roundStartNs));
        if (roundAppLimited && bw < maxBw) return; // says what the sender offered, not what the path can take
        bwRing[(int) (samples++ % BW_ROUNDS)] = bw;
        long max = 0;
        for (long b : bwRing) max = Math.max(max, b);
        maxBw = max;
        if (!filled && !roundAppLimited) { // full bandwidth reached: three rounds without 25 % growth
            if (maxBw >= fullBw * 5 / 4) {
                fullBw = maxBw;
                fullBwRounds = 0;
            } else if (++fullBwRounds >= 3) filled = true;
        }
    }

    private void aggregation(int bytes, long nowNs) {
        if (maxBw == 0) return;
        long expected = (long) (maxBw * ((nowNs - aggStartNs) / 1e9));
        if (aggBytes <= expected) { // the ACK rate has caught up with the model: a new epoch
            aggStartNs = nowNs;
            aggBytes = 0;
            expected = 0;
        }
        aggBytes += bytes;
        extra[extraSlot] = Math.max(extra[extraSlot], Math.min(aggBytes - expected, cwnd));
    }

    /** The window the model asks for, in bytes. */
    int target() {
        if (rtprop.probing) return MIN_SEGMENTS * mss;
        if (maxBw == 0 || rtprop.minRttNs == 0) return CongestionControl.initialWindow(mss);
        double bdp = maxBw * (rtprop.minRttNs / 1e9);
        long w = (long) ((filled ? CWND_GAIN : STARTUP_GAIN) * bdp) + Math.max(extra[0], extra[1]) + 3L * mss;
        return (int) Math.min(CWND_MAX, Math.max((long) MIN_SEGMENTS * mss, w));
    }

    /** No reduction on loss: recovery and PRR aim at the window the model had (BBR's packet conservation). */
    @Override
    protected int ssthresholdOnLoss(int flightBytes, long nowNs) { return Math.max(cwnd, MIN_SEGMENTS * mss); }

    /** The model's window: toward the target by what was delivered; in startup only up to it. */
    @Override
    protected void congestionAvoidance(int bytesAcked, long rttNs, long nowNs) {
        int target = target();
        long grown = (long) cwnd + bytesAcked;
        if (filled || rtprop.probing) cwnd = (int) Math.min(grown, target);
        else if (cwnd < target) cwnd = (int) Math.min(CWND_MAX, grown);
        cwnd = Math.max(cwnd, MIN_SEGMENTS * mss);
    }

    /** The bottleneck rate estimate in bytes per second (0 before the first round trip). */
    public long bandwidth() { return maxBw; }

    /** Has startup found the bottleneck's rate? */
    public boolean filledPipe() { return filled; }
}

package dev.kiln.net.tcp;

/**
 * TCP limits and switches, checked once at construction.
 *
 * @param mss                    the MSS we advertise and the most we send (RFC 9293 §3.7.1)
 * @param recvBufBytes           receive buffer; the advertised window never exceeds it
 * @param sendBufBytes           bytes {@link Tcb#send} queues before refusing more
 * @param windowScaling          offer RFC 7323 window scaling
 * @param timestamps             offer RFC 7323 timestamps (and PAWS)
 * @param sack                   offer SACK-permitted (RFC 2018) and recover with the RFC 6675 scoreboard
 * @param mslNs                  maximum segment lifetime; TIME-WAIT lasts 2 MSL
 * @param backlog                half-open plus not-yet-accepted connections per listener
 * @param timeWaitMax            entries in the stack's TIME-WAIT table
 * @param challengeAcksPerSecond RFC 5961 §7 challenge-ACK limit
 * @param rtoMinNs               lower bound of the measured RTO: 200 ms as Linux (RFC 6298 §2.4 says 1 s,
 *                               which holds a LAN or loopback connection idle for most of a second per loss)
 * @param rtoInitialNs           first retransmission timeout before any RTT sample (RFC 6298: 1 s)
 * @param rtoMaxNs               retransmission back-off ceiling
 * @param synRetriesMax          SYN / SYN-ACK retransmissions before giving up
 * @param retriesMax             data retransmissions before giving up (RFC 9293 §3.8.3 R2)
 * @param finWait2TimeoutNs      how long FIN-WAIT-2 waits for the peer's FIN (Linux tcp_fin_timeout)
 * @param cubic                  the loss-based window when {@code bbr} is off: {@link Cubic} (RFC 9438) or else {@link NewReno}
 * @param noDelay                turn Nagle off (RFC 9293 §3.7.4; TCP_NODELAY): small segments go at once;
 *                               per connection also {@link Tcb#setNoDelay}
 * @param delayedAckNs           most an ACK waits for more data or a reply to ride on (RFC 9293 §3.8.6.3,
 *                               RFC 5681 §4.2: ≤ 500 ms; every second full segment is ACKed at once); 0: ACK every segment
 * @param keepAliveIdleNs        idle time before the first keep-alive probe (RFC 1122 4.2.3.6: ≥ 2 h by default
 *                               when on); 0: keep-alives off (the default)
 * @param keepAliveIntervalNs    time between unanswered probes
 * @param keepAliveProbes        unanswered probes before the connection is closed ({@link TcpEvent#TIMED_OUT})
 * @param synCookies             answer SYNs with SYN cookies (RFC 4987 §3.6) when the listen queue is full (on by
 *                               default, as Linux; off: such SYNs are dropped and counted, the peer retries)
 * @param sendBudgetBytes        bytes all connections of one stack may hold in their send buffers together
 *                               ({@link BufferBudget}, in {@link TcpContext})
 * @param bbr                    congestion control by a model of the path ({@link Bbr}; off by default: CUBIC is
 *                               the default, as RFC 9438 and issue 4 ask) instead of loss ({@code cubic} then unused)
 */
public record TcpConfig(int mss, int recvBufBytes, int sendBufBytes, boolean windowScaling, boolean timestamps, boolean sack,
                        long mslNs, int backlog, int timeWaitMax, int challengeAcksPerSecond, long rtoMinNs, long rtoInitialNs, long rtoMaxNs,
                        int synRetriesMax, int retriesMax, long finWait2TimeoutNs, boolean cubic,
                        boolean noDelay, long delayedAckNs, long keepAliveIdleNs, long keepAliveIntervalNs, int keepAliveProbes,
                        boolean synCookies, long sendBudgetBytes, boolean bbr) {
    static final long DELAYED_ACK_MAX_NS = 500_000_000L;
    public static final TcpConfig DEFAULT = new TcpConfig(1460, 256 * 1024, 256 * 1024, true, true, true,
            30_000_000_000L, 128, 4096, 1000, 200_000_000L, 1_000_000_000L, 60_000_000_000L, 6, 15, 60_000_000_000L, true,
            false, 40_000_000L, 0, 75_000_000_000L, 9, true, 64L << 20, false);

    public TcpConfig {
        if (mss < 64 || mss > 65495) throw new IllegalArgumentException("mss must be 64..65495, was " + mss);
        if (recvBufBytes < mss || recvBufBytes > (1 << 30)) throw new IllegalArgumentException("recvBufBytes must be mss..2^30, was " + recvBufBytes);
        if (sendBufBytes < 1 || sendBufBytes > (1 << 30)) throw new IllegalArgumentException("sendBufBytes must be 1..2^30, was " + sendBufBytes);
        if (mslNs <= 0 || rtoMinNs <= 0 || rtoInitialNs < rtoMinNs || rtoMaxNs < rtoInitialNs || finWait2TimeoutNs <= 0)
            throw new IllegalArgumentException("timeouts must be positive and rtoMinNs <= rtoInitialNs <= rtoMaxNs");
        if (backlog < 1 || timeWaitMax < 0 || challengeAcksPerSecond < 1 || synRetriesMax < 0 || retriesMax < 1)
            throw new IllegalArgumentException("backlog and challengeAcksPerSecond must be >= 1, retriesMax >= 1, others >= 0");
        if (delayedAckNs < 0 || delayedAckNs > DELAYED_ACK_MAX_NS)
            throw new IllegalArgumentException("delayedAckNs must be 0 (off) .. 500 ms (RFC 5681 §4.2), was " + delayedAckNs);
        if (keepAliveIdleNs < 0 || (keepAliveIdleNs > 0 && (keepAliveIntervalNs <= 0 || keepAliveProbes < 1)))
            throw new IllegalArgumentException("keep-alive: keepAliveIdleNs >= 0 (0 = off); when on, keepAliveIntervalNs > 0 and keepAliveProbes >= 1");
        if (sendBudgetBytes < sendBufBytes) throw new IllegalArgumentException("sendBudgetBytes must hold at least one send buffer (" + sendBufBytes + "), was " + sendBudgetBytes);
    }

    /** The configuration as it was before Nagle, delayed ACKs, keep-alives, SYN cookies and the send budget: those at their defaults. */
    public TcpConfig(int mss, int recvBufBytes, int sendBufBytes, boolean windowScaling, boolean timestamps, boolean sack,
                     long mslNs, int backlog, int timeWaitMax, int challengeAcksPerSecond, long rtoMinNs, long rtoInitialNs, long rtoMaxNs,
                     int synRetriesMax, int retriesMax, long finWait2TimeoutNs, boolean cubic) {
        this(mss, recvBufBytes, sendBufBytes, windowScaling, timestamps, sack, mslNs, backlog, timeWaitMax, challengeAcksPerSecond, rtoMinNs,
                rtoInitialNs, rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, cubic, false, 40_000_000L, 0, 75_000_000_000L, 9, true,
                Math.max(64L << 20, sendBufBytes), false);
    }

    /** The window-scale shift we offer: the smallest that lets the window cover the receive buffer (RFC 7323 §2.3: at most 14). */
    public int rcvWindowShift() {
        int s = 0;
        while (s < 14 && (65535L << s) < recvBufBytes) s++;
        return s;
    }

    private TcpConfig with(int backlog, int recvBufBytes, boolean ws, boolean ts, boolean sk, int challenges, boolean cubic, int timeWaitMax) {
        return new TcpConfig(mss, recvBufBytes, sendBufBytes, ws, ts, sk, mslNs, backlog, timeWaitMax, challenges, rtoMinNs, rtoInitialNs,
                rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, cubic, noDelay, delayedAckNs, keepAliveIdleNs, keepAliveIntervalNs,
                keepAliveProbes, synCookies, sendBudgetBytes, bbr);
    }

    public TcpConfig withBacklog(int v) { return with(v, recvBufBytes, windowScaling, timestamps, sack, challengeAcksPerSecond, cubic, timeWaitMax); }
    public TcpConfig withRecvBufBytes(int v) { return with(backlog, v, windowScaling, timestamps, sack, challengeAcksPerSecond, cubic, timeWaitMax); }
    public TcpConfig withOptions(boolean ws, boolean ts, boolean sk) { return with(backlog, recvBufBytes, ws, ts, sk, challengeAcksPerSecond, cubic, timeWaitMax); }
    public TcpConfig withChallengeAcksPerSecond(int v) { return with(backlog, recvBufBytes, windowScaling, timestamps, sack, v, cubic, timeWaitMax); }
    public TcpConfig withCubic(boolean v) { return with(backlog, recvBufBytes, windowScaling, timestamps, sack, challengeAcksPerSecond, v, timeWaitMax); }
    public TcpConfig withTimeWaitMax(int v) { return with(backlog, recvBufBytes, windowScaling, timestamps, sack, challengeAcksPerSecond, cubic, v); }

    private TcpConfig tuned(boolean noDelay, long delayedAckNs, long kaIdleNs, long kaIntervalNs, int kaProbes, boolean synCookies, long sendBudgetBytes) {
        return new TcpConfig(mss, recvBufBytes, sendBufBytes, windowScaling, timestamps, sack, mslNs, backlog, timeWaitMax, challengeAcksPerSecond,
                rtoMinNs, rtoInitialNs, rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, cubic, noDelay, delayedAckNs, kaIdleNs,
                kaIntervalNs, kaProbes, synCookies, sendBudgetBytes, bbr);
    }

    public TcpConfig withNoDelay(boolean v) { return tuned(v, delayedAckNs, keepAliveIdleNs, keepAliveIntervalNs, keepAliveProbes, synCookies, sendBudgetBytes); }
    public TcpConfig withDelayedAckNs(long v) { return tuned(noDelay, v, keepAliveIdleNs, keepAliveIntervalNs, keepAliveProbes, synCookies, sendBudgetBytes); }
    public TcpConfig withKeepAlive(long idleNs, long intervalNs, int probes) { return tuned(noDelay, delayedAckNs, idleNs, intervalNs, probes, synCookies, sendBudgetBytes); }
    public TcpConfig withSynCookies(boolean v) { return tuned(noDelay, delayedAckNs, keepAliveIdleNs, keepAliveIntervalNs, keepAliveProbes, v, sendBudgetBytes); }
    public TcpConfig withSendBudgetBytes(long v) { return tuned(noDelay, delayedAckNs, keepAliveIdleNs, keepAliveIntervalNs, keepAliveProbes, synCookies, v); }

    /** {@link Bbr} (true) or the loss-based window {@code cubic} chooses (false). */
    public TcpConfig withBbr(boolean v) {
        return new TcpConfig(mss, recvBufBytes, sendBufBytes, windowScaling, timestamps, sack, mslNs, backlog, timeWaitMax, challengeAcksPerSecond,
                rtoMinNs, rtoInitialNs, rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, cubic, noDelay, delayedAckNs, keepAliveIdleNs,
                keepAliveIntervalNs, keepAliveProbes, synCookies, sendBudgetBytes, v);
    }

    public TcpConfig withSendBufBytes(int v) {
        return new TcpConfig(mss, recvBufBytes, v, windowScaling, timestamps, sack, mslNs, backlog, timeWaitMax, challengeAcksPerSecond, rtoMinNs,
                rtoInitialNs, rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, cubic, noDelay, delayedAckNs, keepAliveIdleNs,
                keepAliveIntervalNs, keepAliveProbes, synCookies, sendBudgetBytes, bbr);
    }

    public TcpConfig withMss(int v) {
        return new TcpConfig(v, recvBufBytes, sendBufBytes, windowScaling, timestamps, sack, mslNs, backlog, timeWaitMax, challengeAcksPerSecond, rtoMinNs,
                rtoInitialNs, rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, cubic, noDelay, delayedAckNs, keepAliveIdleNs,
                keepAliveIntervalNs, keepAliveProbes, synCookies, sendBudgetBytes, bbr);
    }
}

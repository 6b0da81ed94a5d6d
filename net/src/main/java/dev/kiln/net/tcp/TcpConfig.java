package dev.kiln.net.tcp;

/**
 * TCP limits and switches, checked once at construction.
 *
 * @param mss                    the MSS we advertise and the most we send (RFC 9293 §3.7.1)
 * @param recvBufBytes           receive buffer; the advertised window never exceeds it
 * @param sendBufBytes           bytes {@link Tcb#send} queues before refusing more
 * @param windowScaling          offer RFC 7323 window scaling
 * @param timestamps             offer RFC 7323 timestamps (and PAWS)
 * @param sack                   offer SACK-permitted (RFC 2018); the scoreboard is another part
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
 * @param cubic                  congestion control: {@link Cubic} (RFC 9438, default, as Linux) or else {@link NewReno}
 */
public record TcpConfig(int mss, int recvBufBytes, int sendBufBytes, boolean windowScaling, boolean timestamps, boolean sack,
                        long mslNs, int backlog, int timeWaitMax, int challengeAcksPerSecond, long rtoMinNs, long rtoInitialNs, long rtoMaxNs,
                        int synRetriesMax, int retriesMax, long finWait2TimeoutNs, boolean cubic) {
    public static final TcpConfig DEFAULT = new TcpConfig(1460, 256 * 1024, 256 * 1024, true, true, true,
            30_000_000_000L, 128, 4096, 1000, 200_000_000L, 1_000_000_000L, 60_000_000_000L, 6, 15, 60_000_000_000L, true);

    public TcpConfig {
        if (mss < 64 || mss > 65495) throw new IllegalArgumentException("mss must be 64..65495, was " + mss);
        if (recvBufBytes < mss || recvBufBytes > (1 << 30)) throw new IllegalArgumentException("recvBufBytes must be mss..2^30, was " + recvBufBytes);
        if (sendBufBytes < 1 || sendBufBytes > (1 << 30)) throw new IllegalArgumentException("sendBufBytes must be 1..2^30, was " + sendBufBytes);
        if (mslNs <= 0 || rtoMinNs <= 0 || rtoInitialNs < rtoMinNs || rtoMaxNs < rtoInitialNs || finWait2TimeoutNs <= 0)
            throw new IllegalArgumentException("timeouts must be positive and rtoMinNs <= rtoInitialNs <= rtoMaxNs");
        if (backlog < 1 || timeWaitMax < 0 || challengeAcksPerSecond < 1 || synRetriesMax < 0 || retriesMax < 1)
            throw new IllegalArgumentException("backlog and challengeAcksPerSecond must be >= 1, retriesMax >= 1, others >= 0");
    }

    /** The window-scale shift we offer: the smallest that lets the window cover the receive buffer (RFC 7323 §2.3: at most 14). */
    public int rcvWindowShift() {
        int s = 0;
        while (s < 14 && (65535L << s) < recvBufBytes) s++;
        return s;
    }

    public TcpConfig withBacklog(int v) { return new TcpConfig(mss, recvBufBytes, sendBufBytes, windowScaling, timestamps, sack, mslNs, v, timeWaitMax, challengeAcksPerSecond, rtoMinNs, rtoInitialNs, rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, cubic); }
    public TcpConfig withRecvBufBytes(int v) { return new TcpConfig(mss, v, sendBufBytes, windowScaling, timestamps, sack, mslNs, backlog, timeWaitMax, challengeAcksPerSecond, rtoMinNs, rtoInitialNs, rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, cubic); }
    public TcpConfig withSendBufBytes(int v) { return new TcpConfig(mss, recvBufBytes, v, windowScaling, timestamps, sack, mslNs, backlog, timeWaitMax, challengeAcksPerSecond, rtoMinNs, rtoInitialNs, rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, cubic); }
    public TcpConfig withMss(int v) { return new TcpConfig(v, recvBufBytes, sendBufBytes, windowScaling, timestamps, sack, mslNs, backlog, timeWaitMax, challengeAcksPerSecond, rtoMinNs, rtoInitialNs, rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, cubic); }
    public TcpConfig withOptions(boolean ws, boolean ts, boolean sk) { return new TcpConfig(mss, recvBufBytes, sendBufBytes, ws, ts, sk, mslNs, backlog, timeWaitMax, challengeAcksPerSecond, rtoMinNs, rtoInitialNs, rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, cubic); }
    public TcpConfig withChallengeAcksPerSecond(int v) { return new TcpConfig(mss, recvBufBytes, sendBufBytes, windowScaling, timestamps, sack, mslNs, backlog, timeWaitMax, v, rtoMinNs, rtoInitialNs, rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, cubic); }
    public TcpConfig withCubic(boolean v) { return new TcpConfig(mss, recvBufBytes, sendBufBytes, windowScaling, timestamps, sack, mslNs, backlog, timeWaitMax, challengeAcksPerSecond, rtoMinNs, rtoInitialNs, rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, v); }
    public TcpConfig withTimeWaitMax(int v) { return new TcpConfig(mss, recvBufBytes, sendBufBytes, windowScaling, timestamps, sack, mslNs, backlog, v, challengeAcksPerSecond, rtoMinNs, rtoInitialNs, rtoMaxNs, synRetriesMax, retriesMax, finWait2TimeoutNs, cubic); }
}

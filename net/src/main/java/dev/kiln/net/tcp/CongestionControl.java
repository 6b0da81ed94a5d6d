package dev.kiln.net.tcp;

/**
 * A sender's congestion window (RFC 5681 §3) and the fast-recovery state around it. Windows are in
 * bytes; sequence numbers are {@link Seq} ints; time is the caller's {@code nowNs}. The connection
 * counts what the events mean (new data ACKed, duplicate ACK, loss seen by the SACK scoreboard,
 * timer expiry) and sends while its flight (or RFC 6675 pipe) is below {@link #cwnd()}.
 *
 * <p>Implementations: {@link NewReno} (RFC 5681 + RFC 6582), {@link Cubic} (RFC 9438) and {@link Bbr} (a model of
 * the path instead of loss as the signal; by choice, {@code TcpConfig.withBbr}: the default is CUBIC), which share the recovery
 * rules and differ in the reduction and the growth.
 */
public interface CongestionControl {
    /** The congestion window in bytes: never below one MSS. */
    int cwnd();

    /** The slow-start threshold in bytes. */
    int ssthresh();

    /** In fast recovery (between a loss and the ACK of everything sent before it). */
    boolean inRecovery();

    /**
     * An ACK advanced SND.UNA to {@code ack}, acknowledging {@code bytesAcked} new bytes, leaving
     * {@code flightBytes} outstanding; {@code rttNs} is a valid RTT sample or 0. Returns true when
     * it was a partial ACK in non-SACK recovery: retransmit the first unacknowledged segment now
     * (RFC 6582 §3.2 step 5).
     */
    boolean onAck(int ack, int bytesAcked, int flightBytes, long rttNs, long nowNs);

    /**
     * A duplicate ACK (RFC 5681 §2) on a connection without SACK. Returns true on the third one
     * when a new recovery starts: retransmit SND.UNA now (fast retransmit, RFC 5681 §3.2).
     */
    boolean onDupAck(int sndUna, int sndNxt, int flightBytes, long nowNs);

    /**
     * RFC 6675 §5: the SACK scoreboard says SND.UNA is lost (or DupThresh duplicate ACKs arrived).
     * Starts recovery with cwnd = ssthresh, no inflation; returns false if already recovering or
     * SND.UNA has not passed the previous recovery point.
     */
    boolean onSackLoss(int sndUna, int sndNxt, int flightBytes, long nowNs);

    /**
     * RFC 8985 §7.4.2: a tail loss probe that resent the last segment repaired a loss (its ACK carried no D-SACK).
     * Outside recovery the window is reduced once, as on entering recovery, without a recovery phase.
     */
    void onTailLossRepaired(int flightBytes, long nowNs);

    /**
     * RFC 4015 §3: the last fast retransmit was spurious ({@code Undo}): the window and threshold go back to at least
     * {@code priorCwnd} and {@code priorSsthresh}, and recovery ends, so that a real loss starts a new one.
     */
    void undo(int priorCwnd, int priorSsthresh);

    /** The retransmission timer expired (RFC 5681 §3.1 eq. 4): cwnd to one MSS, recovery ends. */
    void onRetransmitTimeout(int sndNxt, int flightBytes, long nowNs);

    /**
     * The send MSS became {@code mss} (the path MTU changed, RFC 1191; {@link PathMtu}): not a congestion signal.
     * cwnd and ssthresh keep their size in segments (as Linux, whose windows count segments), so the window in
     * bytes follows the MSS, and growth counts in the new MSS.
     */
    void onMssChanged(int mss);

    /**
     * Every acceptable ACK, before SND.UNA moves: {@code bytes} newly delivered (cumulatively ACKed or SACKed), the
     * cumulative {@code ack}, {@code sndNxt}, whether the sender has nothing more to send ({@code appLimited}: all
     * queued data is sent), and the latest RTT sample ({@code rttNs}, 0 if none). For model-based control
     * ({@link Bbr}); the loss-based ones ignore it.
     */
    default void onDelivered(int bytes, int ack, int sndNxt, boolean appLimited, long rttNs, long nowNs) {}

    /** RFC 6928 initial window: min(10*MSS, max(2*MSS, 14600)). */
    static int initialWindow(int mss) {
        return Math.min(10 * mss, Math.max(2 * mss, 14_600));
    }
}

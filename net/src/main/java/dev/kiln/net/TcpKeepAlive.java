package dev.kiln.net;

/**
 * Keep-alive probing for one connection (RFC 1122 §4.2.3.6, RFC 9293 §3.8.4), switched on with
 * {@link TcpConnection#keepAlive(TcpKeepAlive)}; off by default, as RFC 1122 requires. After
 * {@code idleSeconds} without a segment from the peer (and with nothing of ours unacknowledged), a probe
 * goes out, then one every {@code intervalSeconds} while none is answered; after {@code probes} unanswered
 * probes the connection ends with {@link TcpCloseReason#TIMED_OUT}. A peer that vanished is so noticed
 * {@code idleSeconds + probes × intervalSeconds} after it last spoke. The ranges are Linux's
 * ({@code TCP_KEEPIDLE}, {@code TCP_KEEPINTVL}, {@code TCP_KEEPCNT}), so both targets take the same values.
 *
 * @param idleSeconds     quiet time before the first probe, 1..32767 (RFC 1122: at least two hours by default)
 * @param intervalSeconds time between unanswered probes, 1..32767
 * @param probes          unanswered probes before the connection is dropped, 1..127
 */
public record TcpKeepAlive(int idleSeconds, int intervalSeconds, int probes) {
    public TcpKeepAlive {
        check("idleSeconds", idleSeconds, 32767);
        check("intervalSeconds", intervalSeconds, 32767);
        check("probes", probes, 127);
    }

    /** RFC 1122's and Linux's defaults: two hours idle, then 9 probes 75 s apart. */
    public static TcpKeepAlive defaults() { return new TcpKeepAlive(7200, 75, 9); }

    /** How long a silent peer keeps the connection: idle + probes × interval, in nanoseconds. */
    public long deadPeerNs() { return (idleSeconds + (long) probes * intervalSeconds) * 1_000_000_000L; }

    private static void check(String name, int v, int max) {
        if (v < 1 || v > max) throw new IllegalArgumentException("TCP keep-alive: " + name + " = " + v + " must be 1.." + max);
    }
}

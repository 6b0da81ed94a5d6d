package dev.kiln.dns.tcp;

/**
 * Limits of DNS over TCP, per connection.
 *
 * @param queryBytesMax  the longest query accepted (the length prefix's value); a longer one, or one shorter
 *                       than a DNS header, closes the connection (RFC 7766 §8: the stream cannot be resynchronised).
 *                       Default 65535. The transport's receive buffer must hold {@code queryBytesMax + 2}
 * @param idleTimeoutNs  a connection with no query received and no answer bytes sent for this long is closed
 *                       (RFC 7766 §6.2.3; NSD's tcp-timeout is 120 s, we default shorter). Default 10 s
 * @param queriesMax     queries answered on one connection before it is closed after the last answer
 *                       (RFC 7766 §6.2.1 lets a server end a connection; bounds one client's share). Default 10,000
 */
public record DnsTcpConfig(int queryBytesMax, long idleTimeoutNs, int queriesMax) {
    public static final int HEADER_LEN = 12, PREFIX_LEN = 2, MESSAGE_MAX = 65535;

    public DnsTcpConfig {
        if (queryBytesMax < HEADER_LEN || queryBytesMax > MESSAGE_MAX) {
            throw new IllegalArgumentException("DNS over TCP: queryBytesMax = " + queryBytesMax + " must be " + HEADER_LEN + ".." + MESSAGE_MAX);
        }
        if (idleTimeoutNs < 1_000_000L) throw new IllegalArgumentException("DNS over TCP: idleTimeoutNs = " + idleTimeoutNs + " must be at least 1 ms");
        if (queriesMax < 1) throw new IllegalArgumentException("DNS over TCP: queriesMax = " + queriesMax + " must be at least 1");
    }

    public static DnsTcpConfig defaults() { return new DnsTcpConfig(MESSAGE_MAX, 10_000_000_000L, 10_000); }

    public DnsTcpConfig withQueryBytesMax(int v) { return new DnsTcpConfig(v, idleTimeoutNs, queriesMax); }
    public DnsTcpConfig withIdleTimeoutNs(long v) { return new DnsTcpConfig(queryBytesMax, v, queriesMax); }
    public DnsTcpConfig withQueriesMax(int v) { return new DnsTcpConfig(queryBytesMax, idleTimeoutNs, v); }
}

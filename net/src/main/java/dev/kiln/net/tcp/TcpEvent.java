package dev.kiln.net.tcp;

/** What a connection tells its user; drained with {@link Tcb#pollEvent}. Every end is followed by {@link #CLOSED}. */
public enum TcpEvent {
    /** The three-way handshake completed. */
    ESTABLISHED,
    /** New bytes can be {@link Tcb#read}. */
    READABLE,
    /** Acknowledged data left the send queue: {@link Tcb#send} accepts more. */
    WRITABLE,
    /** The peer sent FIN: no more bytes will arrive. */
    PEER_CLOSED,
    /** The peer refused the connection (RST in SYN-SENT, or in SYN-RECEIVED after an active open). */
    REFUSED,
    /** The peer reset the connection. */
    RESET,
    /** Retransmissions ran out (RFC 9293 §3.8.3 R2). */
    TIMED_OUT,
    /**
     * ICMP said the peer cannot be reached: a hard error during the handshake, or a soft one before the
     * connection timed out (RFC 1122 §4.2.3.9; {@link IcmpErrors}).
     */
    UNREACHABLE,
    /** The connection is gone (state CLOSED); the TCB can be dropped. */
    CLOSED
}

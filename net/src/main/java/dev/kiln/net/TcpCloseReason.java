package dev.kiln.net;

/** Why a connection ended, as {@link TcpHandler#onClosed} reports it. */
public enum TcpCloseReason {
    /** Closed in order: the application called {@link TcpConnection#close} and what it wrote was handed on. */
    CLOSED,
    /** The peer reset the connection (RST), or it failed under the stack (host target: an I/O error). */
    RESET,
    /** The application called {@link TcpConnection#abort}: buffered bytes were discarded and the peer reset. */
    ABORTED,
    /** The listener or the whole stack was closed. */
    STACK_CLOSED,
    /**
     * An active open ({@link NetStack#tcpConnect}) was refused: the peer answered the SYN with RST, or an ICMP
     * port unreachable came back (nothing listens there). Check the port, or start the server.
     */
    REFUSED,
    /**
     * The peer stopped answering: retransmissions (of the SYN, data or FIN) or keep-alive probes
     * ({@link TcpConnection#keepAlive}) ran out (RFC 9293 §3.8.3 R2).
     */
    TIMED_OUT,
    /**
     * The network said the peer cannot be reached (an ICMP error; RFC 1122 §4.2.3.9): during the handshake a
     * hard one (protocol unreachable, communication administratively prohibited: a firewall), or any one
     * (host or network unreachable, TTL exceeded) recorded before the connection then timed out. Check the
     * address, the route and firewalls. Host target: the kernel's EHOSTUNREACH, ENETUNREACH and kin.
     */
    UNREACHABLE
}

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
    /** An active open ({@link NetStack#tcpConnect}) was refused: the peer answered the SYN with RST (nothing listens there). */
    REFUSED,
    /** The peer stopped answering: retransmissions (of the SYN, data or FIN) ran out (RFC 9293 §3.8.3 R2). */
    TIMED_OUT
}

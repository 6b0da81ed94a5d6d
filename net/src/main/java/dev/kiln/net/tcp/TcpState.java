package dev.kiln.net.tcp;

/** The connection states of RFC 9293 §3.3.2. */
public enum TcpState {
    CLOSED, LISTEN, SYN_SENT, SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT, CLOSING, LAST_ACK, TIME_WAIT;

    /** Whether both ISNs are known (every state after SYN-RECEIVED is entered, SYN-RECEIVED included). */
    public boolean synchronizedState() { return ordinal() >= SYN_RECEIVED.ordinal(); }

    /** States in which received text is delivered to the user (RFC 9293 §3.10.7.4, seventh). */
    boolean receivesText() { return this == ESTABLISHED || this == FIN_WAIT_1 || this == FIN_WAIT_2; }

    /**
     * States in which queued data may still be sent: after CLOSE the FIN waits behind queued data (RFC 9293
     * §3.10.4), so FIN-WAIT-1, and CLOSING when the peer's FIN came first, still send it.
     */
    boolean sendsText() { return this == ESTABLISHED || this == CLOSE_WAIT || this == FIN_WAIT_1 || this == CLOSING || this == LAST_ACK; }
}

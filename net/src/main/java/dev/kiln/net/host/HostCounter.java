package dev.kiln.net.host;

/** What the host stack counts; names are stable and match the own stack's where the meaning is the same. */
public enum HostCounter {
    RX_DATAGRAMS("rx.udp"),
    RX_BYTES("rx.bytes"),
    TX_DATAGRAMS("tx.udp"),
    TX_BYTES("tx.bytes"),
    DROP_RX_NOT_IPV4("drop.rx_not_ipv4"),
    DROP_RX_ERROR("drop.rx_error"),
    DROP_UDP_HANDLER_ERROR("drop.udp_handler_error"),
    DROP_UDP_REPLY_TOO_BIG("drop.udp_reply_too_big"),
    DROP_UDP_SEND_TOO_BIG("drop.udp_send_too_big"),
    DROP_TX_FULL("drop.tx_device_full"),
    DROP_TX_ERROR("drop.tx_error"),
    /** ICMP errors the kernel reported on a connected UDP socket, passed to {@code UdpHandler.onError}. */
    UDP_ICMP_ERRORS("udp.icmp_errors"),
    TCP_ACCEPTED("tcp.accepted"),
    TCP_CONNECTED("tcp.connected"),
    TCP_CLOSED("tcp.closed"),
    TCP_RX_BYTES("rx.tcp_bytes"),
    TCP_TX_BYTES("tx.tcp_bytes"),
    /** Writes that took less because the TCP buffers' direct memory was spent ({@link HostConfig#tcpBuffersBytesMax}). */
    TCP_MEMORY_WAITS("tcp.memory_waits"),
    DROP_TCP_CONN_LIMIT("drop.tcp_conn_limit"),
    DROP_TCP_BUFFER_LIMIT("drop.tcp_buffer_limit"),
    DROP_TCP_HANDLER_ERROR("drop.tcp_handler_error"),
    DROP_TCP_RESET("drop.tcp_reset"),
    DROP_TCP_ACCEPT_ERROR("drop.tcp_accept_error");

    public final String counterName;

    HostCounter(String counterName) { this.counterName = counterName; }
}

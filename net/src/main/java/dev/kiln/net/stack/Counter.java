package dev.kiln.net.stack;

/**
 * What the stack counts: traffic, events, and every reason a frame or datagram is dropped.
 * Names are stable ({@code rx.*}, {@code tx.*}, {@code arp.*}, {@code reasm.*}, {@code drop.*}).
 */
public enum Counter {
    RX_FRAMES("rx.frames"),
    RX_BYTES("rx.bytes"),
    TX_FRAMES("tx.frames"),
    TX_BYTES("tx.bytes"),
    RX_ARP("rx.arp"),
    RX_ARP_ANNOUNCEMENTS("rx.arp_announcements"),
    RX_IPV4("rx.ipv4"),
    RX_ICMP("rx.icmp"),
    RX_UDP("rx.udp"),
    TX_ARP_REQUESTS("tx.arp_requests"),
    TX_ARP_REPLIES("tx.arp_replies"),
    TX_ICMP_ECHO_REPLIES("tx.icmp_echo_replies"),
    TX_ICMP_UNREACHABLE("tx.icmp_unreachable"),
    /** ICMP errors (destination unreachable, time exceeded, parameter problem) received, before any check of their quote. */
    RX_ICMP_ERRORS("rx.icmp_errors"),
    TX_UDP("tx.udp"),
    RX_TCP("rx.tcp"),
    TX_TCP("tx.tcp"),
    TX_TCP_RESETS("tx.tcp_resets"),
    RX_TCP_BYTES("rx.tcp_bytes"),
    TCP_ACCEPTED("tcp.accepted"),
    TCP_CONNECTED("tcp.connected"),
    TCP_CLOSED("tcp.closed"),
    TCP_TIME_WAIT("tcp.time_wait"),
    /** Connections being set up that a hard ICMP error aborted (RFC 1122 §4.2.3.9). */
    TCP_ICMP_ABORTS("tcp.icmp_aborts"),
    /** ICMP soft errors recorded on a connection (reported if it later times out). */
    TCP_ICMP_SOFT_ERRORS("tcp.icmp_soft_errors"),
    /** Fragmentation-needed messages that lowered a connection's send MSS (RFC 1191). */
    TCP_PMTU_LOWERED("tcp.pmtu_lowered"),
    /** ICMP errors passed to the UDP socket whose datagram they quote ({@code UdpHandler.onError}, RFC 1122 §4.1.3.3). */
    UDP_ICMP_ERRORS("udp.icmp_errors"),
    /** SYNs answered with a SYN cookie because the listen queue was full (RFC 4987 §3.6). */
    TX_TCP_SYN_COOKIES("tx.tcp_syn_cookies"),
    /** ACKs that returned a valid SYN cookie and became connections. */
    TCP_SYN_COOKIES_VALID("tcp.syn_cookies_valid"),
    ARP_LEARNED("arp.learned"),
    ARP_EXPIRED("arp.expired"),
    ARP_EVICTED("arp.evicted"),
    REASM_COMPLETED("reasm.completed"),

    DROP_ETH_TRUNCATED("drop.eth_truncated"),
    DROP_ETH_NOT_FOR_US("drop.eth_not_for_us"),
    DROP_ETH_MULTICAST("drop.eth_multicast"),
    DROP_ETH_UNKNOWN_TYPE("drop.eth_unknown_type"),
    DROP_ETH_OWN_SOURCE("drop.eth_own_source"),
    DROP_ETH_BAD_SOURCE("drop.eth_bad_source"),
    DROP_ARP_MALFORMED("drop.arp_malformed"),
    DROP_ARP_UNSUPPORTED("drop.arp_unsupported"),
    DROP_ARP_NOT_FOR_US("drop.arp_not_for_us"),
    DROP_ARP_BAD_SENDER("drop.arp_bad_sender"),
    DROP_ARP_QUEUE_FULL("drop.arp_queue_full"),
    DROP_ARP_UNRESOLVED("drop.arp_unresolved"),
    DROP_IPV4_TRUNCATED("drop.ipv4_truncated"),
    DROP_IPV4_BAD_VERSION("drop.ipv4_bad_version"),
    DROP_IPV4_BAD_IHL("drop.ipv4_bad_ihl"),
    DROP_IPV4_BAD_TOTAL_LEN("drop.ipv4_bad_total_len"),
    DROP_IPV4_BAD_CHECKSUM("drop.ipv4_bad_checksum"),
    DROP_IPV4_BAD_SOURCE("drop.ipv4_bad_source"),
    DROP_IPV4_NOT_FOR_US("drop.ipv4_not_for_us"),
    DROP_IPV4_BROADCAST_NOT_UDP("drop.ipv4_broadcast_not_udp"),
    DROP_IPV4_UNKNOWN_PROTOCOL("drop.ipv4_unknown_protocol"),
    DROP_IPV4_NO_ROUTE("drop.ipv4_no_route"),
    DROP_IPV4_TOO_BIG("drop.ipv4_too_big"),
    DROP_REASM_TIMEOUT("drop.reasm_timeout"),
    DROP_REASM_OVERLAP("drop.reasm_overlap"),
    DROP_REASM_BAD_FRAGMENT("drop.reasm_bad_fragment"),
    DROP_REASM_BYTES_LIMIT("drop.reasm_bytes_limit"),
    DROP_REASM_DATAGRAMS_LIMIT("drop.reasm_datagrams_limit"),
    DROP_REASM_FRAGMENTS_LIMIT("drop.reasm_fragments_limit"),
    DROP_ICMP_MALFORMED("drop.icmp_malformed"),
    DROP_ICMP_BAD_CHECKSUM("drop.icmp_bad_checksum"),
    DROP_ICMP_UNSUPPORTED_TYPE("drop.icmp_unsupported_type"),
    DROP_ICMP_RATE_LIMITED("drop.icmp_rate_limited"),
    DROP_ICMP_BROADCAST_ECHO("drop.icmp_broadcast_echo"),
    /** ICMP errors whose quote is unusable: short (RFC 792 promises header + 8 bytes), not IPv4, bad IHL, a non-initial fragment. */
    DROP_ICMP_ERROR_MALFORMED("drop.icmp_error_malformed"),
    /** ICMP errors about a protocol other than TCP and UDP (nobody to tell). */
    DROP_ICMP_ERROR_OTHER_PROTOCOL("drop.icmp_error_other_protocol"),
    /** ICMP errors quoting a UDP datagram no bound socket of ours sent (another source address or an unbound port). */
    DROP_ICMP_ERROR_NO_SOCKET("drop.icmp_error_no_socket"),
    /** ICMP errors quoting a TCP 4-tuple that names no connection. */
    DROP_ICMP_ERROR_NO_CONNECTION("drop.icmp_error_no_connection"),
    /** ICMP errors quoting a sequence number outside SND.UNA..SND.NXT (RFC 5927 §4.1: blind or stale). */
    DROP_ICMP_ERROR_OUT_OF_WINDOW("drop.icmp_error_out_of_window"),
    /** Fragmentation-needed messages whose MTU is below 576, not below what was sent, or not lower than the current one. */
    DROP_ICMP_PMTU_IGNORED("drop.icmp_pmtu_ignored"),
    DROP_UDP_MALFORMED("drop.udp_malformed"),
    DROP_UDP_BAD_CHECKSUM("drop.udp_bad_checksum"),
    DROP_UDP_NO_LISTENER("drop.udp_no_listener"),
    DROP_UDP_REPLY_TOO_BIG("drop.udp_reply_too_big"),
    DROP_UDP_REPLY_CLOBBERED("drop.udp_reply_clobbered"),
    DROP_UDP_HANDLER_ERROR("drop.udp_handler_error"),
    DROP_UDP_REPLY_TO_PORT_ZERO("drop.udp_reply_to_port_zero"),
    DROP_UDP_SEND_TOO_BIG("drop.udp_send_too_big"),
    /** Datagrams to a connected socket ({@code UdpSocket.connect}) from another address or port than its peer. */
    DROP_UDP_NOT_FROM_PEER("drop.udp_not_from_peer"),
    DROP_TCP_MALFORMED("drop.tcp_malformed"),
    DROP_TCP_BAD_CHECKSUM("drop.tcp_checksum"),
    DROP_TCP_NO_CONNECTION("drop.tcp_no_connection"),
    DROP_TCP_BACKLOG("drop.tcp_backlog"),
    /** ACKs to a listener, while cookies were out, that carried no valid cookie (answered with RST). */
    DROP_TCP_SYN_COOKIE_BAD("drop.tcp_syn_cookie_bad"),
    DROP_TCP_CONN_LIMIT("drop.tcp_conn_limit"),
    DROP_TCP_BUFFER_LIMIT("drop.tcp_buffer_limit"),
    DROP_TCP_HANDLER_ERROR("drop.tcp_handler_error"),
    DROP_TCP_RESET("drop.tcp_reset"),
    DROP_TCP_TIMED_OUT("drop.tcp_timed_out"),
    /** Connections that ended because ICMP said the peer cannot be reached. */
    DROP_TCP_UNREACHABLE("drop.tcp_unreachable"),
    DROP_TX_DEVICE_FULL("drop.tx_device_full");

    /** The stable operator-facing name. */
    public final String counterName;

    Counter(String counterName) { this.counterName = counterName; }

    private static final Counter[] VALUES = values();

    static Counter at(int ordinal) { return VALUES[ordinal]; }
}

/**
 * Kiln's own sans-I/O IPv4 stack on a {@code NetDevice}: Ethernet, ARP, IPv4, ICMP, UDP, TCP.
 * Entry point: {@link dev.kiln.net.stack.KilnStack#create}, configured by
 * {@link dev.kiln.net.stack.StackConfig}; counters named by {@link dev.kiln.net.stack.Counter}.
 *
 * <h2>Implemented</h2>
 * <ul>
 * <li>Ethernet II: frames to our MAC and broadcast accepted; multicast, other unicast, group or zero source MACs, our own
 *     source MAC and unknown EtherTypes dropped and counted. Short frames padded to 60 bytes with zeros.</li>
 * <li>RFC 826 ARP: answer requests for our address; the packet-reception merge rule (update a
 *     known sender; add the sender only when we are the target); bounded cache with expiry
 *     (RFC 1122 §2.3.2.1) and eviction; requests with bounded retries; a bounded queue of packets
 *     waiting on resolution (dropped and counted when full or when resolution gives up).
 *     RFC 5227 §2.3 announcement at start-up; RFC 5227 probes (sender 0.0.0.0) are answered
 *     but not learned. Senders with group MACs, non-unicast or our own IPv4 address are not learned.</li>
 * <li>RFC 791 / RFC 1122 §3.2.1 IPv4 receive: version, IHL, total length vs frame (Ethernet
 *     padding ignored), header checksum; options skipped; datagrams for our address, and for
 *     the limited or subnet-directed broadcast (UDP only); sources that are broadcast, multicast,
 *     0.0.0.0, loopback or ourselves dropped (§3.2.1.3); TTL not checked on receive (§3.2.1.7).</li>
 * <li>Reassembly (RFC 791 §3.2): limits on buffer bytes, concurrent datagrams, fragments per
 *     datagram, and time from the first fragment; overlapping fragments drop the whole datagram
 *     (RFC 5722 policy, RFC 8900 advice); exact duplicates ignored; inconsistent last fragments dropped.</li>
 * <li>Static routing (RFC 1122 §3.3.1): on-link by prefix, otherwise the gateway. No forwarding.</li>
 * <li>IPv4 send: 20-byte header, TTL from config, identification incrementing from a random start
 *     (RFC 6864), DF set on TCP (RFC 1191 path MTU discovery) and clear otherwise. Datagrams above the MTU are
 *     dropped and counted.</li>
 * <li>RFC 792 / RFC 1122 §3.2.2.6 echo reply (checksum patched per RFC 1624). Destination
 *     unreachable (port, protocol) with the original header + 64 bits, rate-limited by a token
 *     bucket; never about broadcasts, ICMP, non-unicast sources (§3.2.2), and never about
 *     non-initial fragments (only whole or reassembled datagrams reach UDP).</li>
 * <li>ICMP errors received (destination unreachable, time exceeded, parameter problem; RFC 1122 §4.2.3.9):
 *     the quote parsed as hostile ({@code IcmpErrorRepr}: IPv4 header + 8 bytes, initial fragment), the TCP
 *     connection found by the quoted 4-tuple, the quoted sequence number checked against SND.UNA..SND.NXT
 *     (RFC 5927 §4.1); hard errors abort a connection being set up (REFUSED / UNREACHABLE), other errors are
 *     soft (RFC 5461) and name the cause if it times out; fragmentation needed lowers the send MSS (RFC 1191,
 *     MTUs below 576 ignored), resends the flight at once at the new size without a congestion response
 *     (§6.5, as Linux's tcp_simple_retransmit), caches the path MTU per destination for new connections (§5,
 *     {@code pmtuCacheEntriesMax}, bounded) and tries the larger MTU again after {@code pmtuTimeoutNs} (§6.3,
 *     10 min). Errors quoting a UDP datagram from our address and a bound port go to that socket's
 *     {@code UdpHandler.onError} (RFC 1122 §4.1.3.3). Each fate counted ({@code rx.icmp_errors},
 *     {@code drop.icmp_error_*}, {@code tcp.icmp_*}, {@code tcp.pmtu_lowered}, {@code drop.icmp_pmtu_ignored},
 *     {@code udp.icmp_errors}).</li>
 * <li>RFC 768 / RFC 1122 §4.1 UDP: bind (explicit or ephemeral), receive with checksum verified
 *     (0 = none), send with checksum generated (0 sent as 0xFFFF), port unreachable for closed ports;
 *     {@code connect} to one peer (others' datagrams dropped, {@code drop.udp_not_from_peer}).
 *     Zero-copy replies into the transmit buffer, sent to the request frame's source MAC.</li>
 * <li>TCP ({@code TcpLayer}) over the sans-I/O {@code dev.kiln.net.tcp} connection: checksum over the
 *     pseudo-header verified (RFC 9293 §3.1; {@code drop.tcp_checksum}) and generated, options parsed as hostile
 *     ({@code drop.tcp_malformed}); demultiplexing by 4-tuple, then the TIME-WAIT table, then the listener on
 *     the port, else RST (§3.10.7.1); passive open with the limits of {@code TcpOptions} checked at the SYN;
 *     active open from an ephemeral port; the public API ({@code TcpListener}/{@code TcpConnection}/{@code TcpHandler})
 *     with callbacks only from {@code doWork}; deadlines in a lazily invalidated min-heap; tasks from other
 *     threads through a concurrent queue and the stack's waker. Our MSS is the MTU less 40 bytes.</li>
 * <li>Device offloads ({@code NetDevice.offloads()}, {@code FrameMeta}; a TAP opened with
 *     {@code TapConfig.withOffloads}): a received transport checksum the device vouches for (left partial by the
 *     host, or already verified) is not verified again, never for a reassembled datagram; a received TCPv4
 *     super-frame (up to {@code maxFrameBytes()}) is one large segment. With {@code tx-tso4}, {@code SuperSegments}
 *     sends a run of a connection's full-sized segments as one super-frame the device cuts back into them,
 *     built in place: one header, then the payloads straight from the send buffer. With {@code tx-csum}, bytes
 *     the application lent ({@code TcpConnection.writeImmutable}) leave as gather pieces of the frame
 *     ({@code FramePieces}, a TAP's {@code writev}), never copied by the stack, when the next hop is resolved.</li>
 * </ul>
 *
 * <h2>Not implemented</h2>
 * <ul>
 * <li>Outgoing fragmentation; RFC 4821 packetization-layer path MTU probing (a path that drops the ICMP
 *     errors stays a black hole); a path MTU for UDP (the application is told, {@code UdpError.nextHopMtu},
 *     and sizes its datagrams); IPv4 options on send; forwarding; multicast/IGMP.</li>
 * <li>ICMP time exceeded (reassembly timeout), redirects, parameter problem, timestamps; sending echo requests.</li>
 * <li>ARP address-conflict detection (RFC 5227 probing/defence), proxy ARP, unicast refresh probes
 *     before expiry, retry jitter.</li>
 * <li>Source address selection with several addresses; IPv6.</li>
 * <li>TCP: segments whose options push them past
 *     the MTU are dropped and retransmitted without them; no checksum offload for
 *     single segments (the stack computes them).</li>
 * </ul>
 */
package dev.kiln.net.stack;

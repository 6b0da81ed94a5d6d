/**
 * The stack API over the host kernel's sockets: the {@code host} target for development
 * (mirage {@code stack-unix}). {@link dev.kiln.net.host.HostStack#open} gives a
 * {@code NetStack} whose UDP ports are non-blocking {@code DatagramChannel}s on one address,
 * and whose {@link dev.kiln.net.host.HostStack#readiness()} is the selector.
 *
 * <h2>Implemented</h2>
 * <ul>
 * <li>UDP bind (explicit or kernel-chosen ephemeral port), receive with the zero-copy handler
 *     shape (reply into a direct buffer, sent back to the sender), {@code sendTo}, {@code connect}.</li>
 * <li>Batching ({@code rxBatchMax} per turn), counters with the own stack's names where they mean the same.</li>
 * <li>TCP listen/accept with the {@link dev.kiln.net.TcpHandler} contract: non-blocking server and
 *     connection channels on the same selector; {@code connectionsMax} and {@code buffersBytesMax}
 *     enforced at accept (excess reset, counted); fixed, pooled per-connection buffers; pause/resume
 *     reading; half-close, close, abort (SO_LINGER 0); per-connection timers in {@code pollAtNs};
 *     {@link dev.kiln.net.TcpListener#execute} for other threads.</li>
 * </ul>
 *
 * <h2>Not implemented</h2>
 * <ul>
 * <li>Everything below UDP is the kernel's (ARP, IPv4, ICMP, reassembly): no ICMP counters here.</li>
 * <li>IPv6 sockets, multicast; outgoing TCP connections (connect).</li>
 * <li>ICMP errors to unconnected UDP sockets ({@link dev.kiln.net.UdpHandler#onError}, RFC 1122 §4.1.3.3): Linux
 *     tells an unconnected UDP socket of ICMP errors only with {@code IP_RECVERR} and the error queue, which the JDK
 *     does not offer. A {@code connect}ed socket is told of the hard ones (a {@code PortUnreachableException} or
 *     {@code NoRouteToHostException} on receive or send becomes {@code onError}, {@code udp.icmp_errors}),
 *     without the reporter or the ICMP code.</li>
 * <li>TCP itself is the kernel's: windows, retransmission, keep-alive, the backlog's SYN handling.</li>
 * </ul>
 */
package dev.kiln.net.host;

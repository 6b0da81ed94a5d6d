/**
 * The stack API over the host kernel's sockets: the {@code host} target for development
 * (mirage {@code stack-unix}). {@link dev.kiln.net.host.HostStack#open} gives a
 * {@code NetStack} whose UDP ports are non-blocking {@code DatagramChannel}s on one address,
 * and whose {@link dev.kiln.net.host.HostStack#readiness()} is the selector.
 *
 * <h2>Implemented</h2>
 * <ul>
 * <li>UDP bind (explicit or kernel-chosen ephemeral port), receive with the zero-copy handler
 *     shape (reply into a direct buffer, sent back to the sender), {@code sendTo}.</li>
 * <li>Batching ({@code rxBatchMax} per turn), counters with the own stack's names where they mean the same.</li>
 * </ul>
 *
 * <h2>Not implemented</h2>
 * <ul>
 * <li>Everything below UDP is the kernel's (ARP, IPv4, ICMP, reassembly): no ICMP counters here.</li>
 * <li>IPv6 sockets, multicast, connected sockets, TCP.</li>
 * </ul>
 */
package dev.kiln.net.host;

package dev.kiln.net;

import java.lang.foreign.MemorySegment;

/**
 * Receives UDP datagrams on a bound port, on the loop thread.
 *
 * <p>The request/response shape lets a server answer without a copy: {@code reply} is
 * the stack's own outgoing buffer (on the {@code tap} target, the transmit frame at the
 * UDP payload offset), and the handler writes its answer straight into it.
 */
@FunctionalInterface
public interface UdpHandler {
    /**
     * @param socket   the socket the datagram arrived on, to send further datagrams with
     * @param srcAddr  the sender's IPv4 address
     * @param srcPort  the sender's UDP port
     * @param payload  the datagram's payload; valid only during this call
     * @param reply    a buffer for an immediate reply to the sender, {@code reply.byteSize()} bytes at most
     * @return the reply's length, written at the start of {@code reply}; 0 to send no reply
     */
    int onDatagram(UdpSocket socket, int srcAddr, int srcPort, MemorySegment payload, MemorySegment reply);

    /**
     * An ICMP error arrived about a datagram this socket sent (RFC 1122 §4.1.3.3); the default ignores it.
     * A DNS resolver would match {@link UdpError#dstAddr}/{@link UdpError#dstPort} against its outstanding
     * queries and, for a {@link UdpError#hard} error, try the next server now instead of at the timeout.
     * Sending from here is allowed.
     *
     * <p><b>Targets differ.</b> On the own stack ({@code tap}) every error quoting a datagram from our address
     * and this socket's port is delivered, whatever its destination (for a {@link UdpSocket#connected} socket,
     * only those about its peer). On the {@code host} target only a {@link UdpSocket#connect}ed socket is told,
     * and only of hard errors (port unreachable, no route to host; no reporter, type and code inferred): Linux
     * tells an unconnected UDP socket of ICMP errors only with {@code IP_RECVERR}, which the JDK does not offer.
     * Either way, never rely on this for correctness: keep the timeout.
     *
     * @param socket the socket whose datagram the error quotes
     * @param error  what went wrong, and about which destination
     * @param nowNs  the loop's time
     */
    default void onError(UdpSocket socket, UdpError error, long nowNs) { }
}

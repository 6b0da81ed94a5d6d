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
}

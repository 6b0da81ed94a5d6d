package dev.kiln.net;

import java.lang.foreign.MemorySegment;

/** A bound UDP port. Used on the loop thread only. */
public interface UdpSocket extends AutoCloseable {
    /** The local port. */
    int port();

    /**
     * Sends the first {@code len} bytes of {@code payload} to {@code dstAddr:dstPort}.
     * On the own stack this may wait on ARP resolution (bounded queue).
     *
     * @return false if the datagram was dropped (no route, queue full, too big; on the host target also an error the
     *         kernel held for a connected socket, which then goes to {@link UdpHandler#onError}); the reason is counted
     * @throws IllegalArgumentException on a {@link #connected} socket, for another destination than its peer
     */
    boolean sendTo(int dstAddr, int dstPort, MemorySegment payload, int len);

    /**
     * Connects the socket to one peer, as {@code connect(2)} does a UDP socket: from then on only datagrams from
     * {@code remoteAddr:remotePort} are delivered (others are dropped and counted), {@link #sendTo} accepts only that
     * destination, and only ICMP errors about datagrams sent there reach {@link UdpHandler#onError}. This is the
     * way to be told of errors on <em>every</em> target: on the {@code host} target Linux reports ICMP errors to
     * connected UDP sockets only, and only the hard ones (port unreachable as a {@code PortUnreachableException},
     * no route to host), without the ICMP details ({@link UdpError#reporter} 0). A resolver asking an upstream
     * server would connect one socket per server. May be called again to connect to another peer.
     *
     * @throws IllegalArgumentException if {@code remoteAddr} is 0 or {@code remotePort} is not 1-65535
     * @throws IllegalStateException    if the socket is closed, or the host refuses the connect
     */
    void connect(int remoteAddr, int remotePort);

    /** Whether {@link #connect} was called. */
    boolean connected();

    @Override
    void close();
}

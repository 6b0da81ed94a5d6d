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
     * @return false if the datagram was dropped (no route, queue full, too big); the reason is counted
     */
    boolean sendTo(int dstAddr, int dstPort, MemorySegment payload, int len);

    @Override
    void close();
}

package dev.kiln.net.stack;

import java.lang.foreign.MemorySegment;

/**
 * The IPv4 datagram being delivered to ICMP or UDP: one reused instance, filled by
 * {@link Ipv4Layer} for each datagram (no allocation). The header and payload are contiguous
 * in {@link #seg}: the receive buffer, or a reassembly buffer.
 */
final class RxDatagram {
    MemorySegment seg;
    long headerOff;
    int headerLen;
    long payloadOff;
    int payloadLen;
    int src;
    int dst;
    int protocol;
    /** Sent to a broadcast address, or in a link-layer broadcast frame: never answered with an ICMP error. */
    boolean broadcast;
    /**
     * The device vouched for the transport checksum ({@link dev.kiln.platform.FrameMeta}: partial
     * because the frame came from the host's own memory, or already verified): not verified again.
     * Never set for a reassembled datagram.
     */
    boolean checksumTrusted;
    /** The datagram was reassembled from fragments. */
    boolean reassembled;
    /** The source MAC of the frame that carried it (of the last fragment if reassembled): where replies go. */
    long srcMac;
}

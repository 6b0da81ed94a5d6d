package dev.kiln.platform;

/**
 * What travels beside one frame when a device offloads work ({@link Offload}): the meaning of
 * Linux's {@code virtio_net_hdr}, in a mutable holder the caller owns and reuses (one for
 * receiving, one for transmitting), so the per-frame path allocates nothing.
 *
 * <p>Offsets count from the first byte of the Ethernet frame.
 * <ul>
 *   <li>{@link #needsChecksum()}: the TCP/UDP checksum at {@code csumStart + csumOffset} holds
 *       only the folded pseudo-header sum (not inverted, over this frame's L4 length); the real
 *       checksum is the one's complement of the sum from {@code csumStart} to the end. On
 *       receive: the bytes came from the host's memory, do not verify them. On transmit: the
 *       device fills it in, per segment when segmenting.
 *   <li>{@link #checksumValid()} (receive only): the checksum was verified before the frame got
 *       here.
 *   <li>{@link #gsoType()} {@link #GSO_TCPV4}: a TCPv4 super-frame. Its IPv4 total length covers
 *       all the payload; {@link #gsoSize()} is the MSS of the segments it stands for (or is to be
 *       cut into), {@link #headerBytes()} the Ethernet + IPv4 + TCP header length. On receive,
 *       treat it as one large TCP segment (as after GRO). On transmit, the device sends it as
 *       segments of {@code gsoSize} payload bytes, copying the headers and fixing IP total length,
 *       identification (+1 per segment), IP checksum, sequence numbers, and FIN/PSH (last
 *       segment only) and CWR (first only).
 * </ul>
 */
public final class FrameMeta {
    /** {@code VIRTIO_NET_HDR_F_NEEDS_CSUM}. */
    public static final int F_NEEDS_CSUM = 1;
    /** {@code VIRTIO_NET_HDR_F_DATA_VALID}. */
    public static final int F_CSUM_VALID = 2;
    /** {@code VIRTIO_NET_HDR_GSO_*}: none, TCPv4, UDP (fragmentation), TCPv6, UDP segmentation. */
    public static final int GSO_NONE = 0, GSO_TCPV4 = 1, GSO_UDP = 3, GSO_TCPV6 = 4, GSO_UDP_L4 = 5;
    /** Added to a TCP GSO type: the segments carry ECN's CWR on the first only. */
    public static final int GSO_ECN = 0x80;

    private int flags, gsoType, headerBytes, gsoSize, csumStart, csumOffset;

    /** A plain frame: nothing to do, nothing known. */
    public FrameMeta clear() {
        flags = gsoType = headerBytes = gsoSize = csumStart = csumOffset = 0;
        return this;
    }

    /**
     * Transmit: the device completes the checksum of the L4 header at {@code start} (e.g. 34 for
     * TCP after a 20-byte IPv4 header), whose checksum field is {@code offset} bytes in (TCP 16,
     * UDP 6) and holds the pseudo-header sum. Needs {@link Offload#TX_CSUM}.
     */
    public FrameMeta partialChecksum(int start, int offset) {
        flags |= F_NEEDS_CSUM;
        csumStart = start;
        csumOffset = offset;
        return this;
    }

    /**
     * Transmit: the frame is a TCPv4 super-frame to be cut into segments of {@code mss} payload
     * bytes; {@code headerBytes} = Ethernet + IPv4 + TCP header. Combine with
     * {@link #partialChecksum}. Needs {@link Offload#TX_TSO4}.
     */
    public FrameMeta tcp4Segmentation(int mss, int headerBytes) {
        gsoType = GSO_TCPV4;
        gsoSize = mss;
        this.headerBytes = headerBytes;
        return this;
    }

    /** Sets every field at once, as a device reports a received frame. */
    public FrameMeta set(int flags, int gsoType, int headerBytes, int gsoSize, int csumStart, int csumOffset) {
        this.flags = flags;
        this.gsoType = gsoType;
        this.headerBytes = headerBytes;
        this.gsoSize = gsoSize;
        this.csumStart = csumStart;
        this.csumOffset = csumOffset;
        return this;
    }

    /** True if there is nothing to report or do: a device without offloads can take it. */
    public boolean isPlain() {
        return flags == 0 && gsoType == GSO_NONE;
    }

    public boolean needsChecksum() { return (flags & F_NEEDS_CSUM) != 0; }

    public boolean checksumValid() { return (flags & F_CSUM_VALID) != 0; }

    /** True for a super-frame (any GSO type). */
    public boolean isGso() { return gsoType != GSO_NONE; }

    public int flags() { return flags; }

    public int gsoType() { return gsoType; }

    public int gsoSize() { return gsoSize; }

    public int headerBytes() { return headerBytes; }

    public int csumStart() { return csumStart; }

    public int csumOffset() { return csumOffset; }

    @Override
    public String toString() {
        return "FrameMeta[flags " + flags + ", gso " + gsoType + ", gsoSize " + gsoSize + ", headerBytes " + headerBytes
                + ", csum " + csumStart + "+" + csumOffset + "]";
    }
}

package dev.kiln.net.wire;

import java.lang.foreign.MemorySegment;

/**
 * A UDP header (RFC 768):
 * <pre>
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |     Source      |   Destination   |
 * |      Port       |      Port       |
 * +--------+--------+--------+--------+
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 * |          data octets ...
 * +---------------- ...
 * </pre>
 * {@link #wrapChecked} checks that the length field is at least 8 and within the bytes given
 * (the IP payload); trailing bytes beyond it are ignored. The checksum covers the IPv4
 * pseudo-header; 0 means the sender computed none.
 */
public final class UdpPacket {
    /** Field offsets from the start of the header. */
    public static final class Field {
        private Field() {}
        public static final int SRC_PORT = 0;
        public static final int DST_PORT = 2;
        public static final int LENGTH = 4;
        public static final int CHECKSUM = 6;
        public static final int PAYLOAD = 8;
    }

    public static final int HEADER_LEN = 8;

    /** An empty view; wrap it before use. Reuse one per layer. */
    public UdpPacket() {}

    private MemorySegment seg;
    private long off;

    public WireError wrapChecked(MemorySegment seg, long off, int len) {
        this.seg = null;
        if (len < HEADER_LEN || off < 0 || off + len > seg.byteSize()) return WireError.TRUNCATED;
        int l = Be.u16(seg, off + Field.LENGTH);
        if (l < HEADER_LEN) return WireError.BAD_LENGTH;
        if (l > len) return WireError.TRUNCATED;
        wrap(seg, off);
        return WireError.OK;
    }

    public UdpPacket wrap(MemorySegment seg, long off) {
        this.seg = seg;
        this.off = off;
        return this;
    }

    public MemorySegment segment() { return seg; }
    public long offset() { return off; }

    public int srcPort() { return Be.u16(seg, off + Field.SRC_PORT); }
    public int dstPort() { return Be.u16(seg, off + Field.DST_PORT); }
    /** The length field: header + payload. */
    public int length() { return Be.u16(seg, off + Field.LENGTH); }
    public int checksum() { return Be.u16(seg, off + Field.CHECKSUM); }
    public long payloadOffset() { return off + HEADER_LEN; }
    public int payloadLen() { return length() - HEADER_LEN; }

    /** Whether the checksum verifies against the pseudo-header; a zero checksum (none sent) counts as valid. */
    public boolean checksumValid(int srcIp, int dstIp) {
        if (checksum() == 0) return true;
        int l = length();
        long acc = Checksum.pseudoHeader(srcIp, dstIp, Ipv4Packet.PROTO_UDP, l);
        return Checksum.fold(Checksum.sum(seg, off, l, acc)) == 0xFFFF;
    }

    public void setSrcPort(int v) { Be.u16(seg, off + Field.SRC_PORT, v); }
    public void setDstPort(int v) { Be.u16(seg, off + Field.DST_PORT, v); }
    public void setLength(int v) { Be.u16(seg, off + Field.LENGTH, v); }
    public void setChecksum(int v) { Be.u16(seg, off + Field.CHECKSUM, v); }

    /** Computes and stores the checksum over pseudo-header, header and {@code length()} bytes; a 0 result is sent as 0xFFFF. */
    public void fillChecksum(int srcIp, int dstIp) {
        setChecksum(0);
        int l = length();
        int c = Checksum.finish(Checksum.sum(seg, off, l, Checksum.pseudoHeader(srcIp, dstIp, Ipv4Packet.PROTO_UDP, l)));
        setChecksum(c == 0 ? 0xFFFF : c);
    }
}

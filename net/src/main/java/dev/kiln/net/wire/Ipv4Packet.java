package dev.kiln.net.wire;

import java.lang.foreign.MemorySegment;

/**
 * An IPv4 header (RFC 791 §3.1):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Version|  IHL  |   DSCP/ECN    |          Total Length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         Identification        |Flags|      Fragment Offset    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Time to Live |    Protocol   |         Header Checksum       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       Source Address                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Destination Address                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Options (IHL > 5)          |    Padding    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * {@link #wrapChecked} checks version, IHL, and total length against the bytes given
 * (trailing bytes, e.g. Ethernet padding, are allowed and ignored); it does not verify the
 * checksum ({@link #checksumValid}). Afterwards every accessor is in bounds.
 */
public final class Ipv4Packet {
    /** Field offsets from the start of the header. */
    public static final class Field {
        private Field() {}
        public static final int VER_IHL = 0;
        public static final int DSCP_ECN = 1;
        public static final int TOTAL_LEN = 2;
        public static final int IDENT = 4;
        public static final int FLAGS_FRAG = 6;
        public static final int TTL = 8;
        public static final int PROTOCOL = 9;
        public static final int CHECKSUM = 10;
        public static final int SRC = 12;
        public static final int DST = 16;
        public static final int OPTIONS = 20;
    }

    public static final int HEADER_LEN_MIN = 20;
    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    /** 255.255.255.255. */
    public static final int LIMITED_BROADCAST = 0xFFFF_FFFF;

    private static final int FLAG_DF = 0x4000;
    private static final int FLAG_MF = 0x2000;

    /** An empty view; wrap it before use. Reuse one per layer. */
    public Ipv4Packet() {}

    private MemorySegment seg;
    private long off;

    /**
     * Views received bytes: {@code len} bytes at {@code off} (may exceed the datagram).
     * @return {@link WireError#OK}, or TRUNCATED / BAD_VERSION / BAD_IHL / BAD_TOTAL_LEN
     */
    public WireError wrapChecked(MemorySegment seg, long off, int len) {
        this.seg = null;
        if (len < HEADER_LEN_MIN || off < 0 || off + len > seg.byteSize()) return WireError.TRUNCATED;
        int vi = Be.u8(seg, off);
        if ((vi >>> 4) != 4) return WireError.BAD_VERSION;
        int headerLen = (vi & 0xF) * 4;
        if (headerLen < HEADER_LEN_MIN) return WireError.BAD_IHL;
        if (headerLen > len) return WireError.TRUNCATED;
        int total = Be.u16(seg, off + Field.TOTAL_LEN);
        if (total < headerLen) return WireError.BAD_TOTAL_LEN;
        if (total > len) return WireError.TRUNCATED;
        wrap(seg, off);
        return WireError.OK;
    }

    /** Views bytes at {@code off} without checks, for building. */
    public Ipv4Packet wrap(MemorySegment seg, long off) {
        this.seg = seg;
        this.off = off;
        return this;
    }

    public MemorySegment segment() { return seg; }
    public long offset() { return off; }

    public int version() { return Be.u8(seg, off) >>> 4; }
    /** Header length in bytes (IHL × 4). */
    public int headerLen() { return (Be.u8(seg, off) & 0xF) * 4; }
    public int dscpEcn() { return Be.u8(seg, off + Field.DSCP_ECN); }
    public int totalLen() { return Be.u16(seg, off + Field.TOTAL_LEN); }
    public int ident() { return Be.u16(seg, off + Field.IDENT); }
    public boolean dontFragment() { return (Be.u16(seg, off + Field.FLAGS_FRAG) & FLAG_DF) != 0; }
    public boolean moreFragments() { return (Be.u16(seg, off + Field.FLAGS_FRAG) & FLAG_MF) != 0; }
    /** The reserved (evil) bit, RFC 791 bit 0 of flags. */
    public boolean reservedFlag() { return (Be.u16(seg, off + Field.FLAGS_FRAG) & 0x8000) != 0; }
    /** Fragment offset in bytes (the field × 8). */
    public int fragOffset() { return (Be.u16(seg, off + Field.FLAGS_FRAG) & 0x1FFF) * 8; }
    /** Whether this is a fragment (MF set or offset non-zero). */
    public boolean isFragment() { return (Be.u16(seg, off + Field.FLAGS_FRAG) & 0x3FFF) != 0; }
    public int ttl() { return Be.u8(seg, off + Field.TTL); }
    public int protocol() { return Be.u8(seg, off + Field.PROTOCOL); }
    public int checksum() { return Be.u16(seg, off + Field.CHECKSUM); }
    public int src() { return Be.u32(seg, off + Field.SRC); }
    public int dst() { return Be.u32(seg, off + Field.DST); }
    public long payloadOffset() { return off + headerLen(); }
    public int payloadLen() { return totalLen() - headerLen(); }

    /** Whether the header checksum verifies. */
    public boolean checksumValid() { return Checksum.verifies(seg, off, headerLen()); }

    public void setVersionAndHeaderLen(int headerLen) { Be.u8(seg, off, 0x40 | (headerLen / 4)); }
    public void setDscpEcn(int v) { Be.u8(seg, off + Field.DSCP_ECN, v); }
    public void setTotalLen(int v) { Be.u16(seg, off + Field.TOTAL_LEN, v); }
    public void setIdent(int v) { Be.u16(seg, off + Field.IDENT, v); }
    /** Sets DF, MF and the fragment offset in bytes (a multiple of 8). */
    public void setFlagsAndFragOffset(boolean df, boolean mf, int fragOffsetBytes) {
        Be.u16(seg, off + Field.FLAGS_FRAG, (df ? FLAG_DF : 0) | (mf ? FLAG_MF : 0) | ((fragOffsetBytes >>> 3) & 0x1FFF));
    }
    public void setTtl(int v) { Be.u8(seg, off + Field.TTL, v); }
    public void setProtocol(int v) { Be.u8(seg, off + Field.PROTOCOL, v); }
    public void setChecksum(int v) { Be.u16(seg, off + Field.CHECKSUM, v); }
    public void setSrc(int v) { Be.u32(seg, off + Field.SRC, v); }
    public void setDst(int v) { Be.u32(seg, off + Field.DST, v); }

    /** Computes and stores the header checksum. */
    public void fillChecksum() {
        setChecksum(0);
        setChecksum(Checksum.of(seg, off, headerLen()));
    }
}

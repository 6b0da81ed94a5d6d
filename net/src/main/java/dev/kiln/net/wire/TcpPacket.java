package dev.kiln.net.wire;

import java.lang.foreign.MemorySegment;

/**
 * A TCP segment (RFC 9293 §3.1):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          Source Port          |       Destination Port        |
 * |                        Sequence Number                        |
 * |                    Acknowledgment Number                      |
 * |  Data |       |C|E|U|A|P|R|S|F|                               |
 * | Offset| Rsrvd |W|C|R|C|S|S|Y|I|            Window             |
 * |           Checksum            |         Urgent Pointer        |
 * |                    Options (0..40 bytes)                      |
 * |                             data                              |
 * </pre>
 * TCP has no length field: the segment is the IP payload, so the view remembers its length.
 * {@link #wrapChecked} checks the data offset (at least 5 words, within the bytes given); options
 * and checksum are checked by {@link TcpRepr#check}.
 */
public final class TcpPacket {
    /** Field offsets from the start of the header. */
    public static final class Field {
        private Field() {}
        public static final int SRC_PORT = 0;
        public static final int DST_PORT = 2;
        public static final int SEQ = 4;
        public static final int ACK = 8;
        public static final int DATA_OFF = 12;
        public static final int FLAGS = 13;
        public static final int WINDOW = 14;
        public static final int CHECKSUM = 16;
        public static final int URGENT = 18;
        public static final int OPTIONS = 20;
    }

    public static final int HEADER_LEN = 20;
    public static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10, URG = 0x20, ECE = 0x40, CWR = 0x80;

    /** An empty view; wrap it before use. Reuse one per layer. */
    public TcpPacket() {}

    private MemorySegment seg;
    private long off;
    private int len;

    /** Wraps {@code len} received bytes (the IP payload). */
    public WireError wrapChecked(MemorySegment seg, long off, int len) {
        this.seg = null;
        if (len < HEADER_LEN || off < 0 || off + len > seg.byteSize()) return WireError.TRUNCATED;
        int h = (Be.u8(seg, off + Field.DATA_OFF) >>> 4) * 4;
        if (h < HEADER_LEN || h > len) return WireError.BAD_DATA_OFFSET;
        wrap(seg, off, len);
        return WireError.OK;
    }

    /** Wraps {@code len} bytes (header, options and payload) without checks, e.g. to build a segment. */
    public TcpPacket wrap(MemorySegment seg, long off, int len) {
        this.seg = seg;
        this.off = off;
        this.len = len;
        return this;
    }

    public MemorySegment segment() { return seg; }
    public long offset() { return off; }
    /** Header, options and payload. */
    public int length() { return len; }

    public int srcPort() { return Be.u16(seg, off + Field.SRC_PORT); }
    public int dstPort() { return Be.u16(seg, off + Field.DST_PORT); }
    public int seq() { return Be.u32(seg, off + Field.SEQ); }
    public int ack() { return Be.u32(seg, off + Field.ACK); }
    public int headerLen() { return (Be.u8(seg, off + Field.DATA_OFF) >>> 4) * 4; }
    public int flags() { return Be.u8(seg, off + Field.FLAGS); }
    public boolean has(int flag) { return (flags() & flag) != 0; }
    public int window() { return Be.u16(seg, off + Field.WINDOW); }
    public int checksum() { return Be.u16(seg, off + Field.CHECKSUM); }
    public int urgent() { return Be.u16(seg, off + Field.URGENT); }
    public long optionsOffset() { return off + HEADER_LEN; }
    public int optionsLen() { return headerLen() - HEADER_LEN; }
    public long payloadOffset() { return off + headerLen(); }
    public int payloadLen() { return len - headerLen(); }

    /** Whether the checksum verifies against the IPv4 pseudo-header (RFC 9293 §3.1); TCP's is mandatory. */
    public boolean checksumValid(int srcIp, int dstIp) {
        long acc = Checksum.pseudoHeader(srcIp, dstIp, Ipv4Packet.PROTO_TCP, len);
        return Checksum.fold(Checksum.sum(seg, off, len, acc)) == 0xFFFF;
    }

    public void setSrcPort(int v) { Be.u16(seg, off + Field.SRC_PORT, v); }
    public void setDstPort(int v) { Be.u16(seg, off + Field.DST_PORT, v); }
    public void setSeq(int v) { Be.u32(seg, off + Field.SEQ, v); }
    public void setAck(int v) { Be.u32(seg, off + Field.ACK, v); }
    /** Sets the data offset (reserved bits zero). */
    public void setHeaderLen(int bytes) { Be.u8(seg, off + Field.DATA_OFF, (bytes / 4) << 4); }
    public void setFlags(int v) { Be.u8(seg, off + Field.FLAGS, v); }
    public void setWindow(int v) { Be.u16(seg, off + Field.WINDOW, v); }
    public void setChecksum(int v) { Be.u16(seg, off + Field.CHECKSUM, v); }
    public void setUrgent(int v) { Be.u16(seg, off + Field.URGENT, v); }

    /** Computes and stores the checksum over pseudo-header and the {@link #length} bytes. */
    public void fillChecksum(int srcIp, int dstIp) {
        setChecksum(0);
        setChecksum(Checksum.finish(Checksum.sum(seg, off, len, Checksum.pseudoHeader(srcIp, dstIp, Ipv4Packet.PROTO_TCP, len))));
    }
}

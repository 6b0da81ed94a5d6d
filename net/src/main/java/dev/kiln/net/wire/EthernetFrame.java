package dev.kiln.net.wire;

import java.lang.foreign.MemorySegment;

/**
 * An Ethernet II frame header (IEEE 802.3 §3.2.6 / RFC 894), without FCS:
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Destination MAC (6 octets)                |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+   Source MAC (6 octets)       +
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          EtherType            |  Payload ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * A flyweight view: {@link #wrapChecked} for received bytes (afterwards no accessor can
 * fail), {@link #wrap} for building. One instance is reused for many frames.
 */
public final class EthernetFrame {
    /** Field offsets from the start of the frame. */
    public static final class Field {
        private Field() {}
        public static final int DST = 0;
        public static final int SRC = 6;
        public static final int ETHERTYPE = 12;
        public static final int PAYLOAD = 14;
    }

    public static final int HEADER_LEN = 14;
    public static final int ETHERTYPE_IPV4 = 0x0800;
    public static final int ETHERTYPE_ARP = 0x0806;

    /** An empty view; wrap it before use. Reuse one per layer. */
    public EthernetFrame() {}

    private MemorySegment seg;
    private long off;
    private int len;

    /** Views {@code len} received bytes at {@code off}. @return {@link WireError#OK} or why not */
    public WireError wrapChecked(MemorySegment seg, long off, int len) {
        if (len < HEADER_LEN || off < 0 || off + len > seg.byteSize()) {
            this.seg = null;
            return WireError.TRUNCATED;
        }
        wrap(seg, off, len);
        return WireError.OK;
    }

    /** Views {@code len} bytes at {@code off} without checks, for building a frame. */
    public EthernetFrame wrap(MemorySegment seg, long off, int len) {
        this.seg = seg;
        this.off = off;
        this.len = len;
        return this;
    }

    public MemorySegment segment() { return seg; }
    public long offset() { return off; }
    public int length() { return len; }

    public long dst() { return Be.mac(seg, off + Field.DST); }
    public long src() { return Be.mac(seg, off + Field.SRC); }
    public int etherType() { return Be.u16(seg, off + Field.ETHERTYPE); }
    /** Offset of the payload in {@link #segment()}. */
    public long payloadOffset() { return off + Field.PAYLOAD; }
    public int payloadLen() { return len - HEADER_LEN; }

    public void setDst(long mac) { Be.mac(seg, off + Field.DST, mac); }
    public void setSrc(long mac) { Be.mac(seg, off + Field.SRC, mac); }
    public void setEtherType(int type) { Be.u16(seg, off + Field.ETHERTYPE, type); }
}

package dev.kiln.net.wire;

import java.lang.foreign.MemorySegment;

/**
 * An ARP packet for Ethernet and IPv4 (RFC 826):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   Hardware type (1 = Ethernet) |  Protocol type (0x0800)      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  HLEN (6)     |  PLEN (4)     |  Operation (1 req, 2 reply)   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           Sender hardware address (6) ...                     |
 * |  ... | Sender protocol address (4) | Target hardware addr (6) |
 * |  ... | Target protocol address (4)                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 * 28 bytes. {@link #wrapChecked} checks only the length; {@link ArpRepr#parse} checks the
 * hardware/protocol types, lengths and operation.
 */
public final class ArpPacket {
    /** Field offsets from the start of the ARP packet. */
    public static final class Field {
        private Field() {}
        public static final int HTYPE = 0;
        public static final int PTYPE = 2;
        public static final int HLEN = 4;
        public static final int PLEN = 5;
        public static final int OPER = 6;
        public static final int SHA = 8;
        public static final int SPA = 14;
        public static final int THA = 18;
        public static final int TPA = 24;
    }

    /** Length of an Ethernet/IPv4 ARP packet. */
    public static final int LEN = 28;
    public static final int HTYPE_ETHERNET = 1;
    public static final int OP_REQUEST = 1;
    public static final int OP_REPLY = 2;

    /** An empty view; wrap it before use. Reuse one per layer. */
    public ArpPacket() {}

    private MemorySegment seg;
    private long off;

    public WireError wrapChecked(MemorySegment seg, long off, int len) {
        if (len < LEN || off < 0 || off + len > seg.byteSize()) {
            this.seg = null;
            return WireError.TRUNCATED;
        }
        wrap(seg, off);
        return WireError.OK;
    }

    public ArpPacket wrap(MemorySegment seg, long off) {
        this.seg = seg;
        this.off = off;
        return this;
    }

    public int hardwareType() { return Be.u16(seg, off + Field.HTYPE); }
    public int protocolType() { return Be.u16(seg, off + Field.PTYPE); }
    public int hardwareLen() { return Be.u8(seg, off + Field.HLEN); }
    public int protocolLen() { return Be.u8(seg, off + Field.PLEN); }
    public int operation() { return Be.u16(seg, off + Field.OPER); }
    public long senderMac() { return Be.mac(seg, off + Field.SHA); }
    public int senderIp() { return Be.u32(seg, off + Field.SPA); }
    public long targetMac() { return Be.mac(seg, off + Field.THA); }
    public int targetIp() { return Be.u32(seg, off + Field.TPA); }

    public void setHardwareType(int v) { Be.u16(seg, off + Field.HTYPE, v); }
    public void setProtocolType(int v) { Be.u16(seg, off + Field.PTYPE, v); }
    public void setHardwareLen(int v) { Be.u8(seg, off + Field.HLEN, v); }
    public void setProtocolLen(int v) { Be.u8(seg, off + Field.PLEN, v); }
    public void setOperation(int v) { Be.u16(seg, off + Field.OPER, v); }
    public void setSenderMac(long v) { Be.mac(seg, off + Field.SHA, v); }
    public void setSenderIp(int v) { Be.u32(seg, off + Field.SPA, v); }
    public void setTargetMac(long v) { Be.mac(seg, off + Field.THA, v); }
    public void setTargetIp(int v) { Be.u32(seg, off + Field.TPA, v); }
}

package dev.kiln.net.wire;

import java.lang.foreign.MemorySegment;

/**
 * An ICMPv4 message (RFC 792):
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     Type      |     Code      |          Checksum             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Echo: Identifier             |  Echo: Sequence Number        |
 * |  Dest. unreachable: unused (or next-hop MTU, RFC 1191)        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Data: echo payload, or the original IP header + 64 bits ...  
 * +-+-+-+-+-+-+-+-+-+-
 * </pre>
 * The message length comes from the IP layer. {@link #wrapChecked} checks only that the
 * 8-byte header is there; {@link #checksumValid} verifies the checksum over the message.
 */
public final class IcmpPacket {
    /** Field offsets from the start of the message. */
    public static final class Field {
        private Field() {}
        public static final int TYPE = 0;
        public static final int CODE = 1;
        public static final int CHECKSUM = 2;
        public static final int ECHO_IDENT = 4;
        public static final int ECHO_SEQ = 6;
        public static final int REST = 4;
        public static final int DATA = 8;
    }

    public static final int HEADER_LEN = 8;
    public static final int TYPE_ECHO_REPLY = 0;
    public static final int TYPE_DEST_UNREACHABLE = 3;
    public static final int TYPE_ECHO_REQUEST = 8;
    public static final int CODE_PROTOCOL_UNREACHABLE = 2;
    public static final int CODE_PORT_UNREACHABLE = 3;

    /** An empty view; wrap it before use. Reuse one per layer. */
    public IcmpPacket() {}

    private MemorySegment seg;
    private long off;
    private int len;

    public WireError wrapChecked(MemorySegment seg, long off, int len) {
        if (len < HEADER_LEN || off < 0 || off + len > seg.byteSize()) {
            this.seg = null;
            return WireError.TRUNCATED;
        }
        wrap(seg, off, len);
        return WireError.OK;
    }

    public IcmpPacket wrap(MemorySegment seg, long off, int len) {
        this.seg = seg;
        this.off = off;
        this.len = len;
        return this;
    }

    public MemorySegment segment() { return seg; }
    public long offset() { return off; }
    public int length() { return len; }

    public int type() { return Be.u8(seg, off + Field.TYPE); }
    public int code() { return Be.u8(seg, off + Field.CODE); }
    public int checksum() { return Be.u16(seg, off + Field.CHECKSUM); }
    public int echoIdent() { return Be.u16(seg, off + Field.ECHO_IDENT); }
    public int echoSeq() { return Be.u16(seg, off + Field.ECHO_SEQ); }
    /** The four bytes after the checksum. */
    public int rest() { return Be.u32(seg, off + Field.REST); }
    public long dataOffset() { return off + Field.DATA; }
    public int dataLen() { return len - HEADER_LEN; }

    public boolean checksumValid() { return Checksum.verifies(seg, off, len); }

    public void setType(int v) { Be.u8(seg, off + Field.TYPE, v); }
    public void setCode(int v) { Be.u8(seg, off + Field.CODE, v); }
    public void setChecksum(int v) { Be.u16(seg, off + Field.CHECKSUM, v); }
    public void setEchoIdent(int v) { Be.u16(seg, off + Field.ECHO_IDENT, v); }
    public void setEchoSeq(int v) { Be.u16(seg, off + Field.ECHO_SEQ, v); }
    public void setRest(int v) { Be.u32(seg, off + Field.REST, v); }

    /** Computes and stores the checksum over the {@code length()} bytes of the message. */
    public void fillChecksum() {
        setChecksum(0);
        setChecksum(Checksum.of(seg, off, len));
    }
}

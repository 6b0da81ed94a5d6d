package dev.kiln.net.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The ICMPv4 messages we model: echo request (8/0), echo reply (0/0), destination
 * unreachable (3/code, data = original IP header + at least 8 bytes).
 *
 * @param rest the four bytes after the checksum: identifier and sequence for echo, 0 (or the next-hop MTU) for unreachable
 */
public record IcmpRepr(int type, int code, int rest, byte[] data) {
    public IcmpRepr {
        if (type < 0 || type > 255 || code < 0 || code > 255) throw new IllegalArgumentException("type and code are 8 bits");
        data = data.clone();
    }

    public static IcmpRepr echoRequest(int ident, int seq, byte[] data) {
        return new IcmpRepr(IcmpPacket.TYPE_ECHO_REQUEST, 0, (ident << 16) | (seq & 0xFFFF), data);
    }

    public static IcmpRepr echoReply(int ident, int seq, byte[] data) {
        return new IcmpRepr(IcmpPacket.TYPE_ECHO_REPLY, 0, (ident << 16) | (seq & 0xFFFF), data);
    }

    public static IcmpRepr destUnreachable(int code, byte[] originalHeaderAndData) {
        return new IcmpRepr(IcmpPacket.TYPE_DEST_UNREACHABLE, code, 0, originalHeaderAndData);
    }

    public int echoIdent() { return rest >>> 16; }
    public int echoSeq() { return rest & 0xFFFF; }

    /** Parses a checked view. @return null when {@link #check} refuses it */
    public static IcmpRepr parse(IcmpPacket p) {
        if (check(p) != WireError.OK) return null;
        byte[] d = p.segment().asSlice(p.dataOffset(), p.dataLen()).toArray(ValueLayout.JAVA_BYTE);
        return new IcmpRepr(p.type(), p.code(), p.rest(), d);
    }

    /** BAD_CHECKSUM, UNSUPPORTED_TYPE (other types, or a non-zero code on echo), TRUNCATED (unreachable without a header + 8), or OK. */
    public static WireError check(IcmpPacket p) {
        if (!p.checksumValid()) return WireError.BAD_CHECKSUM;
        return switch (p.type()) {
            case IcmpPacket.TYPE_ECHO_REQUEST, IcmpPacket.TYPE_ECHO_REPLY -> p.code() == 0 ? WireError.OK : WireError.UNSUPPORTED_TYPE;
            case IcmpPacket.TYPE_DEST_UNREACHABLE -> p.dataLen() >= Ipv4Packet.HEADER_LEN_MIN + 8 ? WireError.OK : WireError.TRUNCATED;
            default -> WireError.UNSUPPORTED_TYPE;
        };
    }

    public int bufferLen() { return IcmpPacket.HEADER_LEN + data.length; }

    /** Writes the whole message, checksum included, into a view wrapped over {@link #bufferLen()} bytes. */
    public void emit(IcmpPacket p) {
        p.setType(type);
        p.setCode(code);
        p.setRest(rest);
        MemorySegment.copy(data, 0, p.segment(), ValueLayout.JAVA_BYTE, p.dataOffset(), data.length);
        p.fillChecksum();
    }

    @Override
    public byte[] data() { return data.clone(); }

    @Override
    public boolean equals(Object o) {
        return o instanceof IcmpRepr r && r.type == type && r.code == code && r.rest == rest && Arrays.equals(r.data, data);
    }

    @Override
    public int hashCode() { return ((type * 31 + code) * 31 + rest) * 31 + Arrays.hashCode(data); }

    @Override
    public String toString() {
        return "IcmpRepr[type=" + type + ", code=" + code + ", rest=" + Integer.toHexString(rest) + ", data=" + HexFormat.of().formatHex(data) + "]";
    }
}

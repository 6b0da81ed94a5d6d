package dev.kiln.net.wire;

import java.lang.foreign.MemorySegment;

/**
 * An ICMP error about a datagram we sent (RFC 792, RFC 1122 §3.2.2, RFC 5927): destination
 * unreachable (3), time exceeded (11) or parameter problem (12), with what it quotes of our datagram:
 * <pre>
 * | type | code | checksum | unused / next-hop MTU (RFC 1191) | quoted IPv4 header (IHL × 4) | first 8 quoted transport bytes |
 *                                                               src, dst, protocol, total length  ports (and TCP's sequence number)
 * </pre>
 * The quote is hostile input: RFC 792 promises only the header and 8 bytes of the original data, so
 * nothing past those 8 bytes is read; a quote that is short, not IPv4, has a bad IHL, or is of a
 * non-initial fragment (no transport header) is refused.
 *
 * @param nextHopMtu     the next-hop MTU of a fragmentation-needed message (3/4, RFC 1191 §4), else 0
 * @param quotedTotalLen the quoted datagram's total length (what we sent)
 * @param src            the quoted source: our address
 * @param dst            the quoted destination: the peer
 * @param seq            transport bytes 4..7: TCP's sequence number (for UDP, its length and checksum)
 */
public record IcmpErrorRepr(int type, int code, int nextHopMtu, int quotedTotalLen, int src, int dst, int protocol,
                            int srcPort, int dstPort, int seq) {
    public static final int TYPE_TIME_EXCEEDED = 11;
    public static final int TYPE_PARAMETER_PROBLEM = 12;
    public static final int CODE_FRAGMENTATION_NEEDED = 4;
    /** Bytes of the original transport header RFC 792 guarantees in the quote. */
    public static final int QUOTED_TRANSPORT_MIN = 8;

    /** Whether {@code type} is one of the errors modelled here. */
    public static boolean isError(int type) {
        return type == IcmpPacket.TYPE_DEST_UNREACHABLE || type == TYPE_TIME_EXCEEDED || type == TYPE_PARAMETER_PROBLEM;
    }

    /** OK, UNSUPPORTED_TYPE (not an error type), TRUNCATED, BAD_VERSION, BAD_IHL, or FRAGMENTED (a non-initial fragment is quoted). */
    public static WireError check(IcmpPacket p) {
        if (!isError(p.type())) return WireError.UNSUPPORTED_TYPE;
        MemorySegment s = p.segment();
        long q = p.dataOffset();
        int n = p.dataLen();
        if (n < Ipv4Packet.HEADER_LEN_MIN + QUOTED_TRANSPORT_MIN) return WireError.TRUNCATED;
        int verIhl = Be.u8(s, q);
        if (verIhl >>> 4 != 4) return WireError.BAD_VERSION;
        int ihl = (verIhl & 0xF) * 4;
        if (ihl < Ipv4Packet.HEADER_LEN_MIN) return WireError.BAD_IHL;
        if (n < ihl + QUOTED_TRANSPORT_MIN) return WireError.TRUNCATED;
        if ((Be.u16(s, q + 6) & 0x1FFF) != 0) return WireError.FRAGMENTED;
        return WireError.OK;
    }

    /** The error in a checked view whose checksum was verified; null when {@link #check} refuses it. */
    public static IcmpErrorRepr parse(IcmpPacket p) {
        if (check(p) != WireError.OK) return null;
        MemorySegment s = p.segment();
        long q = p.dataOffset(), t = q + (Be.u8(s, q) & 0xF) * 4;
        boolean ptb = p.type() == IcmpPacket.TYPE_DEST_UNREACHABLE && p.code() == CODE_FRAGMENTATION_NEEDED;
        return new IcmpErrorRepr(p.type(), p.code(), ptb ? p.rest() & 0xFFFF : 0, Be.u16(s, q + 2), Be.u32(s, q + 12), Be.u32(s, q + 16),
                Be.u8(s, q + 9), Be.u16(s, t), Be.u16(s, t + 2), Be.u32(s, t + 4));
    }

    /** Fragmentation needed and DF set (3/4): the path MTU is {@link #nextHopMtu} (RFC 1191). */
    public boolean packetTooBig() { return type == IcmpPacket.TYPE_DEST_UNREACHABLE && code == CODE_FRAGMENTATION_NEEDED; }

    /**
     * A hard error (RFC 1122 §4.2.3.9, the codes Linux's icmp_err_convert calls fatal for a connection being
     * set up): protocol (2) or port (3) unreachable, or communication administratively prohibited (9, 10, 13).
     * Everything else (network/host unreachable, source route failed, time exceeded, parameter problem) is soft.
     */
    public boolean hard() {
        return type == IcmpPacket.TYPE_DEST_UNREACHABLE && (code == 2 || code == 3 || code == 9 || code == 10 || code == 13);
    }
}

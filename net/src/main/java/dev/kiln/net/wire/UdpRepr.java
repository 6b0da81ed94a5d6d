package dev.kiln.net.wire;

/** A UDP header; the payload stays in the buffer. */
public record UdpRepr(int srcPort, int dstPort, int payloadLen) {
    public UdpRepr {
        if (srcPort < 0 || srcPort > 0xFFFF || dstPort < 0 || dstPort > 0xFFFF) throw new IllegalArgumentException("ports are 16 bits");
        if (payloadLen < 0 || payloadLen > 0xFFFF - UdpPacket.HEADER_LEN) throw new IllegalArgumentException("payload length 0..65527: " + payloadLen);
    }

    /** Parses a checked view, verifying the checksum against the pseudo-header. @return null on BAD_CHECKSUM */
    public static UdpRepr parse(UdpPacket p, int srcIp, int dstIp) {
        if (check(p, srcIp, dstIp) != WireError.OK) return null;
        return new UdpRepr(p.srcPort(), p.dstPort(), p.payloadLen());
    }

    public static WireError check(UdpPacket p, int srcIp, int dstIp) {
        return p.checksumValid(srcIp, dstIp) ? WireError.OK : WireError.BAD_CHECKSUM;
    }

    /** Bytes {@link #emit} writes: the 8-byte header. */
    public int bufferLen() { return UdpPacket.HEADER_LEN; }

    /** Writes the header and the checksum over the payload already in place. */
    public void emit(UdpPacket p, int srcIp, int dstIp) {
        p.setSrcPort(srcPort);
        p.setDstPort(dstPort);
        p.setLength(UdpPacket.HEADER_LEN + payloadLen);
        p.fillChecksum(srcIp, dstIp);
    }
}

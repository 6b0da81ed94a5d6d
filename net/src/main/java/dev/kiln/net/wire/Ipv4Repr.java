package dev.kiln.net.wire;

/**
 * What we model of an IPv4 header. Options are skipped on parse and never emitted, so
 * {@link #emit} always writes a 20-byte header.
 *
 * @param fragOffset fragment offset in bytes (multiple of 8)
 */
public record Ipv4Repr(int src, int dst, int protocol, int ttl, int ident, int dscpEcn,
                       boolean dontFragment, boolean moreFragments, int fragOffset, int payloadLen) {
    public Ipv4Repr {
        if (protocol < 0 || protocol > 255) throw new IllegalArgumentException("protocol is 8 bits: " + protocol);
        if (ttl < 0 || ttl > 255) throw new IllegalArgumentException("TTL is 8 bits: " + ttl);
        if (ident < 0 || ident > 0xFFFF) throw new IllegalArgumentException("ident is 16 bits: " + ident);
        if (dscpEcn < 0 || dscpEcn > 255) throw new IllegalArgumentException("DSCP/ECN is 8 bits: " + dscpEcn);
        if (fragOffset < 0 || fragOffset > 0x1FFF * 8 || (fragOffset & 7) != 0)
            throw new IllegalArgumentException("fragment offset is a multiple of 8 up to 65528: " + fragOffset);
        if (payloadLen < 0 || payloadLen > 0xFFFF - Ipv4Packet.HEADER_LEN_MIN)
            throw new IllegalArgumentException("payload length 0..65515: " + payloadLen);
    }

    /** An unfragmented datagram with TTL 64. */
    public static Ipv4Repr of(int src, int dst, int protocol, int ident, int payloadLen) {
        return new Ipv4Repr(src, dst, protocol, 64, ident, 0, false, false, 0, payloadLen);
    }

    /** Parses a checked view, verifying the checksum. @return null on a bad checksum (see {@link #check}) */
    public static Ipv4Repr parse(Ipv4Packet p) {
        if (check(p) != WireError.OK) return null;
        return new Ipv4Repr(p.src(), p.dst(), p.protocol(), p.ttl(), p.ident(), p.dscpEcn(),
                p.dontFragment(), p.moreFragments(), p.fragOffset(), p.payloadLen());
    }

    /** What {@link #parse} would refuse: BAD_CHECKSUM, or OK. */
    public static WireError check(Ipv4Packet p) {
        return p.checksumValid() ? WireError.OK : WireError.BAD_CHECKSUM;
    }

    /** Bytes {@link #emit} writes: the 20-byte header. */
    public int bufferLen() { return Ipv4Packet.HEADER_LEN_MIN; }

    /** Writes the header, checksum included. The payload is the caller's. */
    public void emit(Ipv4Packet p) {
        p.setVersionAndHeaderLen(Ipv4Packet.HEADER_LEN_MIN);
        p.setDscpEcn(dscpEcn);
        p.setTotalLen(Ipv4Packet.HEADER_LEN_MIN + payloadLen);
        p.setIdent(ident);
        p.setFlagsAndFragOffset(dontFragment, moreFragments, fragOffset);
        p.setTtl(ttl);
        p.setProtocol(protocol);
        p.setSrc(src);
        p.setDst(dst);
        p.fillChecksum();
    }
}

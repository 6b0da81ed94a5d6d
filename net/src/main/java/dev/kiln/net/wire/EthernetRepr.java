package dev.kiln.net.wire;

/** What we model of an Ethernet II header. */
public record EthernetRepr(long dst, long src, int etherType) {
    public EthernetRepr {
        if ((dst >>> 48) != 0 || (src >>> 48) != 0) throw new IllegalArgumentException("MAC addresses are 48 bits");
        if (etherType < 0 || etherType > 0xFFFF) throw new IllegalArgumentException("EtherType is 16 bits: " + etherType);
    }

    /** Parses a checked view; every Ethernet II header is representable. */
    public static EthernetRepr parse(EthernetFrame f) { return new EthernetRepr(f.dst(), f.src(), f.etherType()); }

    /** Bytes {@link #emit} writes: the 14-byte header. */
    public int bufferLen() { return EthernetFrame.HEADER_LEN; }

    public void emit(EthernetFrame f) {
        f.setDst(dst);
        f.setSrc(src);
        f.setEtherType(etherType);
    }
}

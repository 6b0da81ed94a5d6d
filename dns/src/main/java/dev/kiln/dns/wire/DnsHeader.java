package dev.kiln.dns.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Flyweight view of the 12-byte DNS header, RFC 1035 §4.1.1.
 *
 * <pre>
 *   0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * |                      ID                       |   0
 * |QR|  Opcode   |AA|TC|RD|RA| Z|AD|CD|   RCODE   |   2
 * |                    QDCOUNT                    |   4
 * |                    ANCOUNT                    |   6
 * |                    NSCOUNT                    |   8
 * |                    ARCOUNT                    |  10
 * +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 * </pre>
 *
 * Use {@link #wrapChecked} on received bytes; after it returns {@link DnsError#OK} no accessor fails.
 */
public final class DnsHeader {
    /** Header field offsets. */
    public static final class Field {
        private Field() {}
        public static final int ID = 0, FLAGS = 2, QDCOUNT = 4, ANCOUNT = 6, NSCOUNT = 8, ARCOUNT = 10;
    }
    /** Header length in bytes. */
    public static final int LEN = 12;
    public static final int FLAG_QR = 0x8000, FLAG_AA = 0x0400, FLAG_TC = 0x0200, FLAG_RD = 0x0100,
            FLAG_RA = 0x0080, FLAG_AD = 0x0020, FLAG_CD = 0x0010;

    static final ValueLayout.OfShort BE_U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private MemorySegment seg;

    /** Wraps received bytes; fails with {@link DnsError#SHORT_HEADER} under 12 bytes. */
    public DnsError wrapChecked(MemorySegment seg) {
        if (seg.byteSize() < LEN) { this.seg = null; return DnsError.SHORT_HEADER; }
        this.seg = seg;
        return DnsError.OK;
    }

    /** Wraps a buffer we build into; the caller guarantees 12 bytes. */
    public DnsHeader wrapUnchecked(MemorySegment seg) { this.seg = seg; return this; }

    public int id() { return u16(Field.ID); }
    public int flags() { return u16(Field.FLAGS); }
    public boolean qr() { return (flags() & FLAG_QR) != 0; }
    public int opcode() { return (flags() >>> 11) & 0xF; }
    public int rcode() { return flags() & 0xF; }
    public int qdCount() { return u16(Field.QDCOUNT); }
    public int anCount() { return u16(Field.ANCOUNT); }
    public int nsCount() { return u16(Field.NSCOUNT); }
    public int arCount() { return u16(Field.ARCOUNT); }

    public void setId(int v) { put(Field.ID, v); }
    public void setFlags(int v) { put(Field.FLAGS, v); }
    public void setCounts(int qd, int an, int ns, int ar) {
        put(Field.QDCOUNT, qd); put(Field.ANCOUNT, an); put(Field.NSCOUNT, ns); put(Field.ARCOUNT, ar);
    }

    private int u16(int off) { return Short.toUnsignedInt(seg.get(BE_U16, off)); }
    private void put(int off, int v) { seg.set(BE_U16, off, (short) v); }
}

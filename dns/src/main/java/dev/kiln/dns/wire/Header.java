package dev.kiln.dns.wire;

/**
 * The header of a {@link Message}: the id and the 16-bit flags word (QR, opcode, AA, TC, RD, RA, Z,
 * AD, CD, RCODE) as on the wire, RFC 1035 §4.1.1. Section counts are implied by the message's lists.
 */
public record Header(int id, int flags) {
    public Header {
        if ((id & ~0xFFFF) != 0 || (flags & ~0xFFFF) != 0) throw new IllegalArgumentException("16-bit fields");
    }
    public boolean qr() { return (flags & DnsHeader.FLAG_QR) != 0; }
    public int opcode() { return (flags >>> 11) & 0xF; }
    public boolean aa() { return (flags & DnsHeader.FLAG_AA) != 0; }
    public boolean tc() { return (flags & DnsHeader.FLAG_TC) != 0; }
    public boolean rd() { return (flags & DnsHeader.FLAG_RD) != 0; }
    public boolean ra() { return (flags & DnsHeader.FLAG_RA) != 0; }
    /** The low 4 bits of RCODE; see {@link Message#rcode()} for the extended one. */
    public int rcode() { return flags & 0xF; }
}

package dev.kiln.dns.wire;

import java.util.Arrays;

/**
 * The EDNS(0) OPT pseudo-RR, RFC 6891 §6.1: the requestor's UDP payload size (the CLASS field),
 * the upper 8 bits of the extended RCODE, the version, the DO bit and the other flag bits
 * (RFC 3225), and the options kept raw (the RDATA as received: code/length/data triples).
 */
public record Edns(int udpPayloadSize, int extendedRcode, int version, boolean dnssecOk, int zFlags, byte[] options) {
    public Edns {
        if ((udpPayloadSize & ~0xFFFF) != 0 || (extendedRcode & ~0xFF) != 0 || (version & ~0xFF) != 0
                || (zFlags & ~0x7FFF) != 0 || options.length > 0xFFFF)
            throw new IllegalArgumentException("field out of range");
    }
    @Override public boolean equals(Object o) {
        return o instanceof Edns e && udpPayloadSize == e.udpPayloadSize && extendedRcode == e.extendedRcode
                && version == e.version && dnssecOk == e.dnssecOk && zFlags == e.zFlags && Arrays.equals(options, e.options);
    }
    @Override public int hashCode() { return udpPayloadSize * 31 + version * 7 + Arrays.hashCode(options); }
}

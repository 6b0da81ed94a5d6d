package dev.kiln.dns.wire;

import java.util.Arrays;

/**
 * One resource record, RFC 1035 §4.1.3. {@code name} and {@code rdata} in uncompressed wire form:
 * names inside the RDATA of the RFC 1035 types that allow compression are decompressed on decode;
 * other types' RDATA is kept opaque (RFC 3597).
 */
public record ResourceRecord(byte[] name, int type, int rrClass, long ttl, byte[] rdata) {
    public ResourceRecord {
        if ((type & ~0xFFFF) != 0 || (rrClass & ~0xFFFF) != 0 || ttl < 0 || ttl > 0xFFFFFFFFL || rdata.length > 0xFFFF)
            throw new IllegalArgumentException("field out of range");
    }
    @Override public boolean equals(Object o) {
        return o instanceof ResourceRecord r && Arrays.equals(name, r.name) && type == r.type
                && rrClass == r.rrClass && ttl == r.ttl && Arrays.equals(rdata, r.rdata);
    }
    @Override public int hashCode() { return Arrays.hashCode(name) * 31 + type * 17 + Arrays.hashCode(rdata); }
    @Override public String toString() {
        return DnsNames.toText(name) + " " + ttl + " " + rrClass + " " + type + " " + java.util.HexFormat.of().formatHex(rdata);
    }
}

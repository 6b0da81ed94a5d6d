package dev.kiln.dns.wire;

/** One question, RFC 1035 §4.1.2; {@code name} in uncompressed wire form, spelt as received. */
public record Question(byte[] name, int type, int qclass) {
    @Override public boolean equals(Object o) {
        return o instanceof Question q && java.util.Arrays.equals(name, q.name) && type == q.type && qclass == q.qclass;
    }
    @Override public int hashCode() { return java.util.Arrays.hashCode(name) * 31 + type * 7 + qclass; }
    @Override public String toString() { return DnsNames.toText(name) + " " + qclass + " " + type; }
}

package dev.kiln.dns.zone;

import dev.kiln.dns.wire.DnsNames;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** One loaded zone: its names (including empty non-terminals) by lowercased name. Read-only. */
public final class Zone {
    private final byte[] origin;
    private final String originText;
    final Map<NameKey, Node> nodes = new HashMap<>();
    int recordCount;
    Node apex;
    RRset soa, ns, negativeSoa;
    long negativeTtl;
    int originLabels;

    Zone(byte[] lowerOrigin) {
        this.origin = lowerOrigin;
        this.originText = DnsNames.toText(lowerOrigin);
        this.originLabels = DnsNames.labelCount(lowerOrigin, 0);
    }

    /** Lowercased origin, uncompressed wire form. */
    public byte[] origin() { return origin; }
    public String originText() { return originText; }
    public int originLabels() { return originLabels; }
    public int recordCount() { return recordCount; }
    public Node apex() { return apex; }
    public RRset soa() { return soa; }
    /** The apex NS RRset, or null. */
    public RRset ns() { return ns; }
    /** The SOA as put in negative answers: TTL = min(SOA TTL, SOA MINIMUM), RFC 2308 §3. */
    public RRset negativeSoa() { return negativeSoa; }
    /** TTL for the SOA in negative answers: min(SOA TTL, SOA MINIMUM), RFC 2308 §3. */
    public long negativeTtl() { return negativeTtl; }

    /** The node for lowercased name {@code name[off, off+len)}, or null if the name does not exist. */
    public Node node(byte[] name, int off, int len) { return nodes.get(new NameKey(name, off, len)); }

    /** Hash key over a lowercased wire name region. */
    static final class NameKey {
        final byte[] b; final int off, len, hash;
        NameKey(byte[] b, int off, int len) {
            this.b = b; this.off = off; this.len = len;
            int h = 1;
            for (int i = 0; i < len; i++) h = 31 * h + b[off + i];
            this.hash = h;
        }
        @Override public int hashCode() { return hash; }
        @Override public boolean equals(Object o) {
            return o instanceof NameKey k && Arrays.equals(b, off, off + len, k.b, k.off, k.off + k.len);
        }
    }
}

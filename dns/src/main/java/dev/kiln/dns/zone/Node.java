package dev.kiln.dns.zone;

import java.util.List;

/**
 * One name in a zone that exists (RFC 4592 §2.2.2): it owns records, or it is an empty
 * non-terminal above names that do. Read-only after load.
 */
public final class Node {
    private final byte[] name;
    private final byte[] spelt;
    private final Zone zone;
    RRset[] rrsets = new RRset[0];
    Node wildcardChild;
    int flags;

    Node(Zone zone, byte[] lowerName, byte[] spelt) { this.zone = zone; this.name = lowerName; this.spelt = spelt; }

    /** The lowercased name, uncompressed wire form; do not modify. */
    public byte[] name() { return name; }
    /** The name as spelt in the zone source; do not modify. */
    public byte[] spelt() { return spelt; }
    public Zone zone() { return zone; }
    /** True for an empty non-terminal (exists, owns no records). */
    public boolean isEmptyNonTerminal() { return rrsets.length == 0; }
    public boolean isApex() { return (flags & ZoneImageFormat.FLAG_APEX) != 0; }
    /** True at a delegation point: NS records below the apex (RFC 1034 §4.2.1). */
    public boolean isDelegation() { return (flags & ZoneImageFormat.FLAG_DELEGATION) != 0; }
    /** The "*" child of this name, if the zone has one (RFC 4592 §2.1.1), else null. */
    public Node wildcardChild() { return wildcardChild; }
    /** The RRset of {@code type} in class IN, or null. */
    public RRset rrset(int type) {
        for (RRset s : rrsets) if (s.type() == type && s.rrClass() == 1) return s;
        return null;
    }
    /** All RRsets, in zone-source order. */
    public List<RRset> rrsets() { return List.of(rrsets); }
}

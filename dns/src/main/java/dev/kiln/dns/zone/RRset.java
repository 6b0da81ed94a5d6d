package dev.kiln.dns.zone;

/** The records of one type and class at one owner, as loaded from the image. Read-only. */
public final class RRset {
    private final Node owner;
    private final int type;
    private final int rrClass;
    private final long[] ttls;
    private final byte[][] rdatas;

    RRset(Node owner, int type, int rrClass, long[] ttls, byte[][] rdatas) {
        this.owner = owner; this.type = type; this.rrClass = rrClass; this.ttls = ttls; this.rdatas = rdatas;
    }
    /** A one-record RRset made up for one answer (e.g. the CNAME synthesised from a DNAME, RFC 6672 §3.3). */
    public static RRset synthesized(Node owner, int type, long ttl, byte[] rdata) {
        return new RRset(owner, type, 1, new long[] {ttl}, new byte[][] {rdata});
    }

    public Node owner() { return owner; }
    public int type() { return type; }
    public int rrClass() { return rrClass; }
    public int size() { return rdatas.length; }
    public long ttl(int i) { return ttls[i]; }
    /** RDATA of record {@code i}, uncompressed wire form; do not modify. */
    public byte[] rdata(int i) { return rdatas[i]; }
}

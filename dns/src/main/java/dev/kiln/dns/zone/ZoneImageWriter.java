package dev.kiln.dns.zone;

import dev.kiln.dns.wire.DnsNames;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Bakes validated zones into the binary image {@link ZoneSet#load} reads at boot (format in
 * {@link ZoneImageFormat}). Deterministic: the same zones in the same order give the same bytes.
 * Exact duplicate records (same owner, type, class and RDATA) are kept once.
 */
public final class ZoneImageWriter {
    private ZoneImageWriter() {}

    /**
     * @param zones validated zones (SOA first, NS at the apex, no out-of-zone data)
     * @return the image bytes
     * @throws ZoneImageException if a zone is malformed (bad name, record outside its zone, no SOA)
     */
    public static byte[] write(List<ZoneSource> zones) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (ZoneSource z : zones) writeZone(body, z);
        byte[] b = body.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(b);
        ByteArrayOutputStream out = new ByteArrayOutputStream(ZoneImageFormat.HEADER_LEN + b.length);
        out.writeBytes(ZoneImageFormat.MAGIC);
        u16(out, ZoneImageFormat.VERSION);
        u16(out, 0);
        u32(out, b.length);
        u32(out, crc.getValue());
        u32(out, zones.size());
        out.writeBytes(new byte[8]);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private record Key(byte[] b) {
        @Override public boolean equals(Object o) { return o instanceof Key k && Arrays.equals(b, k.b); }
        @Override public int hashCode() { return Arrays.hashCode(b); }
    }

    private static final class Owner {
        final byte[] spelt;
        final Map<Long, List<Rr>> rrsets = new LinkedHashMap<>();
        int flags;
        Owner(byte[] spelt) { this.spelt = spelt; }
    }

    private static void writeZone(ByteArrayOutputStream out, ZoneSource z) {
        byte[] origin = checkName(z.origin(), "zone origin");
        String ot = DnsNames.toText(origin);
        byte[] lo = DnsNames.lower(origin);
        int originLabels = DnsNames.labelCount(lo, 0);
        Map<Key, Owner> owners = new LinkedHashMap<>();
        int records = 0;
        for (Rr r : z.records()) {
            byte[] owner = checkName(r.owner(), "owner in zone " + ot);
            byte[] low = DnsNames.lower(owner);
            if (!isAtOrBelow(low, lo)) throw new ZoneImageException("record owner " + DnsNames.toText(owner)
                    + " is outside zone " + ot + " — fix the zone source (out-of-zone data is not served)");
            if (r.ttl() < 0 || r.ttl() > 0x7FFFFFFFL) throw new ZoneImageException("TTL " + r.ttl() + " of "
                    + DnsNames.toText(owner) + " is outside 0..2^31-1 (RFC 2181 §8)");
            if (r.rdata().length > 0xFFFF) throw new ZoneImageException("RDATA of " + DnsNames.toText(owner) + " is over 65535 bytes");
            if ((r.type() & ~0xFFFF) != 0 || (r.rrClass() & ~0xFFFF) != 0) throw new ZoneImageException("type/class out of range at " + DnsNames.toText(owner));
            Owner o = owners.computeIfAbsent(new Key(low), k -> new Owner(owner));
            List<Rr> set = o.rrsets.computeIfAbsent(((long) r.type() << 16) | r.rrClass(), k -> new ArrayList<>());
            boolean dup = false;
            for (Rr e : set) if (Arrays.equals(e.rdata(), r.rdata())) { dup = true; break; }
            if (!dup) { set.add(r); records++; }
        }
        Owner apex = owners.get(new Key(lo));
        if (apex == null || !apex.rrsets.containsKey(((long) 6 << 16) | 1)) {
            throw new ZoneImageException("zone " + ot + " has no SOA record at its apex — add one to the zone file");
        }
        // flags: apex, delegation points (NS below the apex), wildcard owners, glue (at/below a delegation)
        List<byte[]> delegations = new ArrayList<>();
        for (Map.Entry<Key, Owner> e : owners.entrySet()) {
            byte[] n = e.getKey().b();
            Owner o = e.getValue();
            if (Arrays.equals(n, lo)) o.flags |= ZoneImageFormat.FLAG_APEX;
            else if (o.rrsets.containsKey(((long) 2 << 16) | 1)) { o.flags |= ZoneImageFormat.FLAG_DELEGATION; delegations.add(n); }
            if (n[0] == 1 && n[1] == '*') o.flags |= ZoneImageFormat.FLAG_WILDCARD;
        }
        for (Map.Entry<Key, Owner> e : owners.entrySet()) {
            for (byte[] d : delegations) {
                if (isAtOrBelow(e.getKey().b(), d) && !Arrays.equals(e.getKey().b(), d)) e.getValue().flags |= ZoneImageFormat.FLAG_GLUE;
            }
        }
        out.write(lo.length);
        out.writeBytes(lo);
        u32(out, records);
        u32(out, owners.size());
        for (Owner o : owners.values()) {
            out.write(o.spelt.length);
            out.writeBytes(o.spelt);
            out.write(o.flags);
            u16(out, o.rrsets.size());
            for (Map.Entry<Long, List<Rr>> s : o.rrsets.entrySet()) {
                u16(out, (int) (s.getKey() >>> 16));
                u16(out, (int) (s.getKey() & 0xFFFF));
                if (s.getValue().size() > 0xFFFF) throw new ZoneImageException("more than 65535 records in one RRset at " + DnsNames.toText(o.spelt));
                u16(out, s.getValue().size());
                for (Rr r : s.getValue()) {
                    u32(out, r.ttl());
                    u16(out, r.rdata().length);
                    out.writeBytes(r.rdata());
                }
            }
        }
        if (originLabels < 0) throw new AssertionError();
    }

    static boolean isAtOrBelow(byte[] lowName, byte[] lowAncestor) {
        int n = DnsNames.labelCount(lowName, 0), a = DnsNames.labelCount(lowAncestor, 0);
        if (n < a) return false;
        int off = DnsNames.skipLabels(lowName, 0, n - a);
        return lowName.length - off == lowAncestor.length && Arrays.equals(lowName, off, lowName.length, lowAncestor, 0, lowAncestor.length);
    }

    private static byte[] checkName(byte[] n, String what) {
        if (n == null || DnsNames.wireLength(n, 0, n.length) != n.length) {
            throw new ZoneImageException(what + " is not a well-formed uncompressed wire name");
        }
        return n;
    }

    private static void u16(ByteArrayOutputStream o, int v) { o.write(v >>> 8); o.write(v); }
    private static void u32(ByteArrayOutputStream o, long v) { o.write((int) (v >>> 24)); o.write((int) (v >>> 16)); o.write((int) (v >>> 8)); o.write((int) v); }
}

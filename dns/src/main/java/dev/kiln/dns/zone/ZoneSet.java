package dev.kiln.dns.zone;

import dev.kiln.dns.wire.DnsNames;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The zones an appliance serves, built at boot from a baked image without any text parsing.
 * Read-only after {@link #load}; safe to share between threads.
 */
public final class ZoneSet {
    /** A zone's name and size, for the boot banner. */
    public record ZoneInfo(String origin, int records) {}

    private final List<Zone> zones;
    private final Map<Zone.NameKey, Zone> byOrigin = new HashMap<>();
    private final int maxOriginLabels;

    private ZoneSet(List<Zone> zones) {
        this.zones = List.copyOf(zones);
        int m = 0;
        for (Zone z : zones) {
            byOrigin.put(new Zone.NameKey(z.origin(), 0, z.origin().length), z);
            m = Math.max(m, z.originLabels());
        }
        this.maxOriginLabels = m;
    }

    /** Zone names and record counts, in image order. */
    public List<ZoneInfo> zones() {
        List<ZoneInfo> r = new ArrayList<>();
        for (Zone z : zones) r.add(new ZoneInfo(z.originText(), z.recordCount()));
        return List.copyOf(r);
    }

    /** The loaded zones, in image order. */
    public List<Zone> zoneList() { return zones; }

    /**
     * The most specific zone containing lowercased name {@code name[off, off+len)} (its origin is the
     * longest suffix of the name that is a zone origin), or null.
     */
    public Zone findZone(byte[] name, int off, int len) {
        int labels = DnsNames.labelCount(name, off);
        int skip = Math.max(0, labels - maxOriginLabels);
        int p = DnsNames.skipLabels(name, off, skip);
        while (true) {
            Zone z = byOrigin.get(new Zone.NameKey(name, p, off + len - p));
            if (z != null) return z;
            if (name[p] == 0) return null;
            p += 1 + (name[p] & 0xFF);
        }
    }

    /** Loads an image from a memory segment (copied once). */
    public static ZoneSet load(MemorySegment image) {
        if (image.byteSize() > ZoneImageFormat.IMAGE_MAX) throw corrupt("it is larger than 2 GiB");
        return load(image.toArray(ValueLayout.JAVA_BYTE));
    }

    /**
     * Loads a baked image.
     *
     * @throws ZoneImageException if the image is truncated, corrupt or from another format version
     */
    public static ZoneSet load(byte[] image) {
        Cursor c = new Cursor(image);
        if (image.length < ZoneImageFormat.HEADER_LEN
                || !Arrays.equals(image, 0, 8, ZoneImageFormat.MAGIC, 0, 8)) {
            throw new ZoneImageException("not a Kiln zone image (bad magic or too short: " + image.length
                    + " bytes) — rebuild the appliance so it bakes its zones");
        }
        c.p = 8;
        int version = c.u16();
        if (version != ZoneImageFormat.VERSION) {
            throw new ZoneImageException("zone image has format version " + version + " but this build reads version "
                    + ZoneImageFormat.VERSION + " — rebuild the appliance with the same Kiln version that runs it");
        }
        c.u16();
        long bodyLen = c.u32();
        long crc = c.u32();
        long zoneCount = c.u32();
        if (bodyLen != image.length - ZoneImageFormat.HEADER_LEN) {
            throw corrupt("body length " + bodyLen + " does not match the image's " + (image.length - ZoneImageFormat.HEADER_LEN) + " bytes (truncated?)");
        }
        CRC32 check = new CRC32();
        check.update(image, ZoneImageFormat.HEADER_LEN, image.length - ZoneImageFormat.HEADER_LEN);
        if (check.getValue() != crc) throw corrupt("checksum mismatch");
        c.p = ZoneImageFormat.HEADER_LEN;
        List<Zone> zones = new ArrayList<>();
        for (long i = 0; i < zoneCount; i++) zones.add(readZone(c));
        if (c.p != image.length) throw corrupt((image.length - c.p) + " trailing bytes");
        Map<String, Boolean> seen = new HashMap<>();
        for (Zone z : zones) {
            if (seen.put(z.originText(), true) != null) throw corrupt("zone " + z.originText() + " appears twice");
        }
        return new ZoneSet(zones);
    }

    private static Zone readZone(Cursor c) {
        byte[] origin = c.name();
        Zone z = new Zone(DnsNames.lower(origin));
        z.recordCount = (int) c.u32();
        long owners = c.u32();
        int total = 0;
        for (long i = 0; i < owners; i++) {
            byte[] spelt = c.name();
            byte[] low = DnsNames.lower(spelt);
            if (!ZoneImageWriter.isAtOrBelow(low, z.origin())) throw corrupt("owner " + DnsNames.toText(spelt) + " outside zone " + z.originText());
            int flags = c.u8();
            int nsets = c.u16();
            Zone.NameKey key = new Zone.NameKey(low, 0, low.length);
            Node n = z.nodes.get(key);
            if (n != null && n.rrsets.length > 0) throw corrupt("owner " + DnsNames.toText(spelt) + " appears twice");
            // NSD normalises the names it stores to lowercase: owners are written as such
            if (n == null) { n = new Node(z, low, low); z.nodes.put(key, n); }
            n.flags = flags;
            RRset[] sets = new RRset[nsets];
            for (int s = 0; s < nsets; s++) {
                int type = c.u16(), cls = c.u16(), count = c.u16();
                if (count == 0) throw corrupt("empty RRset at " + DnsNames.toText(spelt));
                long[] ttls = new long[count];
                byte[][] rd = new byte[count][];
                for (int r = 0; r < count; r++) {
                    ttls[r] = c.u32();
                    rd[r] = normalise(type, c.bytes(c.u16()));
                }
                sets[s] = new RRset(n, type, cls, ttls, rd);
                total += count;
            }
            n.rrsets = sets;
            addAncestors(z, low);
        }
        if (total != z.recordCount) throw corrupt("zone " + z.originText() + " says " + z.recordCount + " records but holds " + total);
        z.apex = z.nodes.get(new Zone.NameKey(z.origin(), 0, z.origin().length));
        z.soa = z.apex == null ? null : z.apex.rrset(6);
        if (z.soa == null) throw corrupt("zone " + z.originText() + " has no SOA at its apex");
        byte[] soa = z.soa.rdata(0);
        int l1 = DnsNames.wireLength(soa, 0, soa.length);
        int l2 = l1 < 0 ? -1 : DnsNames.wireLength(soa, l1, soa.length);
        if (l2 < 0 || l1 + l2 + 20 != soa.length) throw corrupt("malformed SOA RDATA in zone " + z.originText());
        int m = l1 + l2 + 16;
        long minimum = ((soa[m] & 0xFFL) << 24) | ((soa[m + 1] & 0xFF) << 16) | ((soa[m + 2] & 0xFF) << 8) | (soa[m + 3] & 0xFF);
        z.negativeTtl = Math.min(z.soa.ttl(0), minimum);
        z.ns = z.apex.rrset(2);
        z.negativeSoa = new RRset(z.apex, 6, 1, new long[] {z.negativeTtl}, new byte[][] {soa});
        for (Node n : z.nodes.values()) {
            byte[] nm = n.name();
            if (nm.length > 2 && nm[0] == 1 && nm[1] == '*' && nm.length > 0) {
                Node parent = z.nodes.get(new Zone.NameKey(nm, 2, nm.length - 2));
                if (parent != null) parent.wildcardChild = n;
            }
        }
        return z;
    }

    /**
     * Lowercases the domain names inside RDATA as NSD stores them (its zone parser normalises every
     * domain-name field: RFC 1035 types, RP, AFSDB, RT, PX, SRV, NAPTR, KX, DNAME); other RDATA is
     * served exactly as baked.
     */
    static byte[] normalise(int type, byte[] rdata) {
        int p, names;
        switch (type) {
            case 2, 3, 4, 5, 7, 8, 9, 12, 39 -> { p = 0; names = 1; }     // NS MD MF CNAME MB MG MR PTR DNAME
            case 6, 14, 17 -> { p = 0; names = 2; }                       // SOA MINFO RP
            case 15, 18, 21, 36 -> { p = 2; names = 1; }                  // MX AFSDB RT KX
            case 26 -> { p = 2; names = 2; }                              // PX
            case 33 -> { p = 6; names = 1; }                              // SRV
            case 35 -> {                                                  // NAPTR: order, pref, 3 strings
                p = 4;
                for (int i = 0; i < 3 && p < rdata.length; i++) p += 1 + (rdata[p] & 0xFF);
                names = 1;
            }
            default -> { return rdata; }
        }
        for (int i = 0; i < names; i++) {
            if (p >= rdata.length) return rdata;
            int l = DnsNames.wireLength(rdata, p, rdata.length);
            if (l < 0) return rdata;
            for (int q = p; q < p + l; ) {
                int n = rdata[q] & 0xFF;
                for (int k = 1; k <= n; k++) rdata[q + k] = DnsNames.toLower(rdata[q + k]);
                q += 1 + n;
            }
            p += l;
        }
        return rdata;
    }

    /** Creates empty non-terminals for every ancestor of {@code low} below the origin. */
    private static void addAncestors(Zone z, byte[] low) {
        int p = 0;
        while (low[p] != 0) {
            p += 1 + (low[p] & 0xFF);
            if (low.length - p < z.origin().length) break;
            Zone.NameKey k = new Zone.NameKey(low, p, low.length - p);
            if (z.nodes.containsKey(k)) {
                if (low.length - p == z.origin().length) break;
                continue;
            }
            byte[] anc = Arrays.copyOfRange(low, p, low.length);
            z.nodes.put(new Zone.NameKey(anc, 0, anc.length), new Node(z, anc, anc));
        }
    }

    private static ZoneImageException corrupt(String why) {
        return new ZoneImageException("zone image is corrupt: " + why + " — rebuild the appliance image");
    }

    /** Bounds-checked reader; every overrun is a corrupt image. */
    private static final class Cursor {
        final byte[] b; int p;
        Cursor(byte[] b) { this.b = b; }
        void need(int n) { if (n < 0 || p + (long) n > b.length) throw corrupt("truncated at offset " + p); }
        int u8() { need(1); return b[p++] & 0xFF; }
        int u16() { need(2); int v = ((b[p] & 0xFF) << 8) | (b[p + 1] & 0xFF); p += 2; return v; }
        long u32() { need(4); long v = ((b[p] & 0xFFL) << 24) | ((b[p + 1] & 0xFF) << 16) | ((b[p + 2] & 0xFF) << 8) | (b[p + 3] & 0xFF); p += 4; return v; }
        byte[] bytes(int n) { need(n); byte[] r = Arrays.copyOfRange(b, p, p + n); p += n; return r; }
        byte[] name() {
            int n = u8();
            byte[] r = bytes(n);
            if (n == 0 || DnsNames.wireLength(r, 0, n) != n) throw corrupt("malformed name at offset " + (p - n));
            return r;
        }
    }
}

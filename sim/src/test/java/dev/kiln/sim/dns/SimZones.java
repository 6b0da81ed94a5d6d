package dev.kiln.sim.dns;

import dev.kiln.dns.AuthServer;
import dev.kiln.dns.ServerConfig;
import dev.kiln.dns.wire.DnsNames;
import dev.kiln.dns.zone.Rr;
import dev.kiln.dns.zone.ZoneImageWriter;
import dev.kiln.dns.zone.ZoneSet;
import dev.kiln.dns.zone.ZoneSource;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulator's test zones, built in code from {@link Rr} records: positive answers, a CNAME chain,
 * a wildcard, MX with additionals, a delegation with glue (referral), a TXT RRset too big for 512
 * bytes (truncation without EDNS), and a second zone.
 */
final class SimZones {
    private SimZones() {}

    static final int A = 1, NS = 2, CNAME = 5, SOA = 6, MX = 15, TXT = 16, AAAA = 28, ANY = 255;
    static final int IN = 1;

    /** Names the queries ask about: in-zone, missing, wildcard, delegated, out of every zone. */
    static final String[] NAMES = {
            "example.com.", "www.example.com.", "alias.example.com.", "chain.example.com.", "mail.example.com.",
            "big.example.com.", "ns1.example.com.", "nope.example.com.", "x.wild.example.com.", "a.b.wild.example.com.",
            "host.sub.example.com.", "sub.example.com.", "example.net.", "www.example.net.", "missing.example.net.",
            "example.org.", "deep.deep.www.example.com."};
    static final int[] TYPES = {A, NS, CNAME, SOA, MX, TXT, AAAA, ANY};

    static List<ZoneSource> zones() {
        List<Rr> com = new ArrayList<>();
        com.add(rr("example.com.", SOA, soa("ns1.example.com.", "hostmaster.example.com.", 2026112801)));
        com.add(rr("example.com.", NS, name("ns1.example.com.")));
        com.add(rr("example.com.", NS, name("ns2.example.com.")));
        com.add(rr("example.com.", MX, mx(10, "mail.example.com.")));
        com.add(rr("ns1.example.com.", A, a(192, 0, 2, 53)));
        com.add(rr("ns2.example.com.", A, a(198, 51, 100, 53)));
        com.add(rr("www.example.com.", A, a(192, 0, 2, 80)));
        com.add(rr("www.example.com.", A, a(192, 0, 2, 81)));
        com.add(rr("www.example.com.", AAAA, new byte[] {0x20, 0x01, 0x0d, (byte) 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x50}));
        com.add(rr("alias.example.com.", CNAME, name("www.example.com.")));
        com.add(rr("chain.example.com.", CNAME, name("alias.example.com.")));
        com.add(rr("mail.example.com.", A, a(192, 0, 2, 25)));
        com.add(rr("*.wild.example.com.", A, a(203, 0, 113, 7)));
        com.add(rr("*.wild.example.com.", TXT, txt("wildcard")));
        com.add(rr("sub.example.com.", NS, name("ns.sub.example.com.")));
        com.add(rr("ns.sub.example.com.", A, a(203, 0, 113, 53)));
        for (int i = 0; i < 12; i++) com.add(rr("big.example.com.", TXT, txt("record " + i + " " + "x".repeat(60))));
        List<Rr> net = new ArrayList<>();
        net.add(rr("example.net.", SOA, soa("ns1.example.com.", "hostmaster.example.net.", 7)));
        net.add(rr("example.net.", NS, name("ns1.example.com.")));
        net.add(rr("www.example.net.", CNAME, name("www.example.com.")));
        return List.of(new ZoneSource(name("example.com."), com), new ZoneSource(name("example.net."), net));
    }

    static ZoneSet zoneSet() {
        return ZoneSet.load(ZoneImageWriter.write(zones()));
    }

    static AuthServer server() {
        return new AuthServer(zoneSet(), ServerConfig.defaults());
    }

    /** A query: id, RD as given, one question, an OPT record with {@code ednsSize} unless 0. */
    static byte[] query(int id, boolean rd, String qname, int qtype, int ednsSize) {
        ByteArrayOutputStream q = new ByteArrayOutputStream();
        u16(q, id);
        u16(q, rd ? 0x0100 : 0);
        u16(q, 1);
        u16(q, 0);
        u16(q, 0);
        u16(q, ednsSize > 0 ? 1 : 0);
        q.writeBytes(name(qname));
        u16(q, qtype);
        u16(q, IN);
        if (ednsSize > 0) {
            q.write(0);
            u16(q, 41);
            u16(q, ednsSize);
            u16(q, 0);
            u16(q, 0);
            u16(q, 0);
        }
        return q.toByteArray();
    }

    static Rr rr(String owner, int type, byte[] rdata) {
        return new Rr(name(owner), type, IN, 3600, rdata);
    }

    static byte[] name(String text) {
        return DnsNames.fromText(text);
    }

    static byte[] a(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    static byte[] mx(int pref, String host) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        u16(o, pref);
        o.writeBytes(name(host));
        return o.toByteArray();
    }

    static byte[] txt(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[b.length + 1];
        out[0] = (byte) b.length;
        System.arraycopy(b, 0, out, 1, b.length);
        return out;
    }

    static byte[] soa(String mname, String rname, long serial) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        o.writeBytes(name(mname));
        o.writeBytes(name(rname));
        u32(o, serial);
        u32(o, 7200);
        u32(o, 3600);
        u32(o, 1209600);
        u32(o, 300);
        return o.toByteArray();
    }

    static void u16(ByteArrayOutputStream o, int v) {
        o.write(v >>> 8);
        o.write(v);
    }

    static void u32(ByteArrayOutputStream o, long v) {
        u16(o, (int) (v >>> 16) & 0xffff);
        u16(o, (int) v & 0xffff);
    }
}

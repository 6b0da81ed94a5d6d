package dev.kiln.interop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Master;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The queries the interop tests send: a fixed list over the test zone {@value #ZONE} (one or more
 * per answer class, by hand) and a list derived from any zone file (every RRset, every owner with a
 * type it lacks, wildcards, delegations, a name that does not exist).
 */
final class QueryCatalog {
    static final String ZONE = "interop.example.";

    private QueryCatalog() {}

    /** Every answer class over {@code interop.example.zone}; labels name the class. */
    static List<Query> interopZone() {
        List<Query> q = new ArrayList<>();
        String z = ZONE;
        // positive answers, one per type
        q.add(label(Query.builder(z, Type.SOA), "SOA at the apex"));
        q.add(label(Query.builder(z, Type.NS), "NS at the apex"));
        q.add(label(Query.builder(z, Type.A), "A at the apex"));
        q.add(label(Query.builder("www." + z, Type.A), "A, two RRs"));
        q.add(label(Query.builder("www." + z, Type.AAAA), "AAAA"));
        q.add(label(Query.builder("mail." + z, Type.A), "A with its own TTL"));
        q.add(label(Query.builder(z, Type.MX), "MX with additional addresses"));
        q.add(label(Query.builder(z, Type.TXT), "TXT"));
        q.add(label(Query.builder(z, Type.CAA), "CAA"));
        q.add(label(Query.builder("_sip._udp." + z, Type.SRV), "SRV"));
        q.add(label(Query.builder("10.2.0.192." + z, Type.PTR), "PTR"));
        q.add(label(Query.builder("private." + z, 65280), "unknown type TYPE65280"));
        // CNAMEs
        q.add(label(Query.builder("alias." + z, Type.A), "CNAME chain inside the zone"));
        q.add(label(Query.builder("alias." + z, Type.CNAME), "CNAME asked for itself"));
        q.add(label(Query.builder("alias2." + z, Type.AAAA), "CNAME then AAAA"));
        q.add(label(Query.builder("outside." + z, Type.A), "CNAME to a name out of the zone"));
        // wildcards (RFC 4592)
        q.add(label(Query.builder("anything.wild." + z, Type.A), "wildcard A"));
        q.add(label(Query.builder("anything.wild." + z, Type.TXT), "wildcard TXT"));
        q.add(label(Query.builder("anything.wild." + z, Type.MX), "wildcard NODATA"));
        q.add(label(Query.builder("a.b.wild." + z, Type.A), "wildcard, two labels below"));
        q.add(label(Query.builder("*.wild." + z, Type.A), "the wildcard name itself"));
        q.add(label(Query.builder("x.wcname." + z, Type.A), "wildcard CNAME"));
        q.add(label(Query.builder("exists.wild." + z, Type.A), "existing name below the wildcard's parent: NODATA"));
        q.add(label(Query.builder("exists.wild." + z, Type.TXT), "existing name below the wildcard's parent: its own TXT"));
        q.add(label(Query.builder("x.exists.wild." + z, Type.A), "below an existing name, no wildcard there: NXDOMAIN"));
        // negative answers
        q.add(label(Query.builder("ent." + z, Type.A), "empty non-terminal: NODATA"));
        q.add(label(Query.builder("nope." + z, Type.A), "NXDOMAIN"));
        q.add(label(Query.builder("deep.nope." + z, Type.TXT), "NXDOMAIN, two labels"));
        q.add(label(Query.builder("www." + z, Type.MX), "NODATA"));
        // delegation
        q.add(label(Query.builder("www.sub." + z, Type.A), "referral with glue"));
        q.add(label(Query.builder("sub." + z, Type.NS), "NS at the delegation point: referral"));
        q.add(label(Query.builder("sub." + z, Type.DS), "DS at the delegation point (parent side)"));
        q.add(label(Query.builder("ns1.sub." + z, Type.A), "glue name: referral"));
        // not ours
        q.add(label(Query.builder("www.example.net.", Type.A), "out of zone: REFUSED"));
        q.add(label(Query.builder("example.", Type.SOA), "parent of the zone: REFUSED"));
        q.add(label(Query.builder("version.bind.", Type.TXT).dclass(DClass.CH), "CHAOS version.bind"));
        // header bits and case
        q.add(label(Query.builder("WwW.InTeRoP.ExAmPlE.", Type.A), "mixed-case qname echoed"));
        q.add(label(Query.builder("NoPe.InTeRoP.eXaMpLe.", Type.A), "mixed-case NXDOMAIN"));
        q.add(label(Query.builder("AnYtHiNg.WiLd.InTeRoP.ExAmPlE.", Type.A), "mixed-case wildcard"));
        q.add(label(Query.builder("www." + z, Type.A).norec(), "RD=0"));
        q.add(label(Query.builder("www." + z, Type.A).cd(), "CD echoed"));
        q.add(label(Query.builder("www." + z, Type.A).opcode(2), "opcode STATUS: NOTIMP"));
        q.add(label(Query.builder("www." + z, Type.A).opcode(5), "opcode UPDATE: NOTIMP"));
        // EDNS (RFC 6891)
        q.add(label(Query.builder("www." + z, Type.A).edns(1232), "EDNS 1232"));
        q.add(label(Query.builder("www." + z, Type.A).edns(4096), "EDNS 4096"));
        q.add(label(Query.builder("www." + z, Type.A).edns(100), "EDNS payload below 512"));
        q.add(label(Query.builder("www." + z, Type.A).dnssecOk(), "EDNS DO bit echoed"));
        q.add(label(Query.builder("nope." + z, Type.A).dnssecOk(), "EDNS DO on NXDOMAIN"));
        q.add(label(Query.builder("www.example.net.", Type.A).edns(1232), "EDNS on REFUSED"));
        q.add(Query.raw("EDNS version 1: BADVERS", ednsVersion1("www." + z)));
        // truncation
        q.add(label(Query.builder("big." + z, Type.TXT), "large answer without EDNS: TC"));
        q.add(label(Query.builder("big." + z, Type.TXT).edns(512), "large answer, EDNS 512: TC"));
        q.add(label(Query.builder("big." + z, Type.TXT).edns(1232), "large answer, EDNS 1232: fits"));
        // malformed queries, by hand
        q.add(Query.raw("QDCOUNT=2: FORMERR", twoQuestions("www." + z)));
        q.add(Query.raw("QDCOUNT=0: FORMERR", header(0x4b01, 0x0100, 0, 0, 0, 0)));
        q.add(Query.raw("question cut short: FORMERR", cutShort("www." + z)));
        q.add(Query.raw("QR=1 (a response): no reply", setQr(Query.of("www." + z, Type.A).wire())));
        return q;
    }

    /**
     * Odd and hostile packets, and rarely used corners of the protocol: what a server does with
     * them is where implementations part ways, so each is compared with NSD like any other query.
     */
    static List<Query> hostile() {
        String z = ZONE, www = "www." + z;
        List<Query> q = new ArrayList<>();
        q.add(Query.raw("empty datagram: no reply", new byte[0]));
        q.add(Query.raw("11 bytes, shorter than a header: no reply", java.util.Arrays.copyOf(Query.of(www, Type.A).wire(), 11)));
        q.add(Query.raw("header only, QDCOUNT=1: FORMERR", header(Query.nextId(), 0x0100, 1, 0, 0, 0)));
        q.add(Query.raw("compression pointer loop in the qname", concat(header(Query.nextId(), 0x0100, 1, 0, 0, 0),
                new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1})));
        q.add(Query.raw("compression pointer forward in the qname", concat(header(Query.nextId(), 0x0100, 1, 0, 0, 0),
                new byte[] {(byte) 0xc0, 18, 0, 1, 0, 1, 3, 'w', 'w', 'w', 0})));
        q.add(Query.raw("label type 0x40 (extended label) in the qname", concat(header(Query.nextId(), 0x0100, 1, 0, 0, 0),
                new byte[] {0x41, 0, 0, 1, 0, 1})));
        q.add(Query.raw("qname longer than 255 bytes", concat(header(Query.nextId(), 0x0100, 1, 0, 0, 0), longName(300), new byte[] {0, 1, 0, 1})));
        q.add(Query.raw("qname of 255 bytes exactly (below the zone): NXDOMAIN", concat(header(Query.nextId(), 0x0100, 1, 0, 0, 0),
                nameBelowZone(255), new byte[] {0, 1, 0, 1})));
        q.add(Query.raw("trailing garbage after the question", concat(Query.of(www, Type.A).wire(), new byte[] {1, 2, 3, 4, 5})));
        q.add(Query.raw("ANCOUNT=1 with a record in the query", withAnswer(www)));
        q.add(Query.raw("ANCOUNT=1 but no record", setByte(Query.of(www, Type.A).wire(), 7, 1)));
        q.add(Query.raw("ARCOUNT=1 but no record", setByte(Query.of(www, Type.A).wire(), 11, 1)));
        q.add(Query.raw("two OPT RRs: FORMERR", twoOpts(www)));
        q.add(Query.raw("OPT with a non-root owner", optOwnerNotRoot(www)));
        q.add(Query.raw("OPT RDLENGTH past the end", setByte(Query.builder(www, Type.A).edns(1232).build().wire(), -1, 9)));
        q.add(Query.raw("EDNS unknown option (65001): ignored", withOption(www, 65001, new byte[] {1, 2, 3})));
        q.add(Query.raw("EDNS NSID request", withOption(www, 3, new byte[0])));
        q.add(Query.raw("EDNS client cookie", withOption(www, 10, new byte[] {1, 2, 3, 4, 5, 6, 7, 8})));
        q.add(Query.raw("EDNS option length past the OPT RDATA", optionLengthTooLong(www)));
        q.add(Query.raw("EDNS version 1 with DO", setDo(ednsVersion1(www))));
        // found by Mutants (seed 3): NSD checks the EDNS version before the options (BADVERS, not FORMERR)
        q.add(Query.raw("EDNS version 1 and an option length past the OPT RDATA", optVersion(optionLengthTooLong(www), 1)));
        q.add(label(Query.builder("big." + z, Type.TXT).edns(65535), "EDNS 65535, large answer"));
        q.add(label(Query.builder(z, Type.AXFR), "AXFR over UDP"));
        q.add(label(Query.builder(z, Type.IXFR), "IXFR over UDP"));
        // found by Mutants (seed 1): NSD answers NOTAUTH to a transfer of a zone it does not have
        q.add(label(Query.builder("example.net.", Type.AXFR), "AXFR over UDP for a zone not served"));
        q.add(label(Query.builder("example.net.", Type.IXFR), "IXFR over UDP for a zone not served"));
        q.add(label(Query.builder(www, Type.AXFR), "AXFR over UDP for a name inside the zone"));
        q.add(label(Query.builder(www, Type.ANY), "qtype ANY"));
        q.add(label(Query.builder(z, Type.ANY), "qtype ANY at the apex"));
        q.add(label(Query.builder(www, Type.A).dclass(DClass.ANY), "qclass ANY"));
        q.add(label(Query.builder(www, Type.A).dclass(DClass.NONE), "qclass NONE"));
        q.add(label(Query.builder(www, Type.A).dclass(DClass.CH), "qclass CH for a name in the zone"));
        q.add(label(Query.builder(www, 0), "qtype 0"));
        q.add(label(Query.builder(www, Type.RRSIG), "qtype RRSIG (unsigned zone)"));
        q.add(label(Query.builder(z, Type.DNSKEY), "qtype DNSKEY (unsigned zone)"));
        q.add(label(Query.builder(z, Type.DS), "DS at the apex (belongs to the parent)"));
        q.add(label(Query.builder(z, Type.NSEC), "qtype NSEC"));
        q.add(label(Query.builder(z, Type.OPT), "qtype OPT"));
        q.add(label(Query.builder(z, Type.TSIG), "qtype TSIG (meta type)"));
        q.add(label(Query.builder(z, Type.MAILB), "qtype MAILB (obsolete meta type)"));
        q.add(label(Query.builder(".", Type.SOA), "the root zone: REFUSED"));
        q.add(label(Query.builder("example.", Type.NS), "the parent's NS: REFUSED"));
        q.add(label(Query.builder(www, Type.A).opcode(4), "opcode NOTIFY"));
        q.add(label(Query.builder(z, Type.SOA).opcode(4).norec(), "opcode NOTIFY for the zone"));
        q.add(label(Query.builder(www, Type.A).opcode(1), "opcode IQUERY"));
        q.add(label(Query.builder(www, Type.A).opcode(15), "opcode 15 (unassigned)"));
        q.add(Query.raw("Z bit set in the query", setByte(Query.of(www, Type.A).wire(), 3, 0x40)));
        q.add(Query.raw("AD bit set in the query", setByte(Query.of(www, Type.A).wire(), 3, 0x20)));
        q.add(Query.raw("TC bit set in the query", setByte(Query.of(www, Type.A).wire(), 2, 0x03)));
        q.add(Query.raw("AA bit set in the query", setByte(Query.of(www, Type.A).wire(), 2, 0x05)));
        q.add(Query.raw("RCODE set in the query", setByte(Query.of(www, Type.A).wire(), 3, 0x03)));
        q.add(Query.raw("binary label (zero byte and dot inside)", concat(header(Query.nextId(), 0x0100, 1, 0, 0, 0),
                new byte[] {3, 'a', 0, '.'}, wireName(z), new byte[] {0, 1, 0, 1})));
        q.add(Query.raw("non-ASCII bytes in the qname keep their case", concat(header(Query.nextId(), 0x0100, 1, 0, 0, 0),
                new byte[] {3, (byte) 0xc1, 'W', (byte) 0xe9}, wireName(z), new byte[] {0, 1, 0, 1})));
        q.add(Query.raw("wildcard match of a non-ASCII label", concat(header(Query.nextId(), 0x0100, 1, 0, 0, 0),
                new byte[] {2, (byte) 0xff, 'X'}, wireName("wild." + z), new byte[] {0, 1, 0, 1})));
        return q;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) { System.arraycopy(p, 0, out, o, p.length); o += p.length; }
        return out;
    }

    /** A copy with byte {@code at} (negative: from the end) OR-ed with {@code bits} (or set, for counts). */
    static byte[] setByte(byte[] b, int at, int bits) {
        byte[] out = b.clone();
        int i = at < 0 ? out.length + at : at;
        out[i] = (byte) (out[i] | bits);
        return out;
    }

    static byte[] wireName(String name) {
        try {
            return Name.fromString(name).toWire();
        } catch (IOException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    /** A name of {@code total} wire bytes made of 63-byte labels (not a valid name above 255). */
    static byte[] longName(int total) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int left = total - 1;
        while (left > 0) {
            int len = Math.min(63, left - 1);
            if (left - (len + 1) == 1) len--; // never leave a single byte: it would be an empty label
            out.write(len);
            for (int i = 0; i < len; i++) out.write('a');
            left -= len + 1;
        }
        out.write(0);
        return out.toByteArray();
    }

    /** A name of exactly {@code total} wire bytes ending in the test zone. */
    static byte[] nameBelowZone(int total) {
        byte[] zone = wireName(ZONE);
        byte[] head = longName(total - zone.length + 1);
        return concat(java.util.Arrays.copyOf(head, head.length - 1), zone);
    }

    static byte[] withAnswer(String name) {
        byte[] q = Query.of(name, Type.A).wire();
        byte[] rr = {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, (byte) 192, 0, 2, 1};
        return setByte(concat(q, rr), 7, 1);
    }

    private static byte[] opt(int payload, int code, byte[] data) {
        byte[] rdata = code < 0 ? new byte[0] : concat(new byte[] {(byte) (code >> 8), (byte) code, (byte) (data.length >> 8), (byte) data.length}, data);
        return concat(new byte[] {0, 0, 41, (byte) (payload >> 8), (byte) payload, 0, 0, 0, 0, (byte) (rdata.length >> 8), (byte) rdata.length}, rdata);
    }

    static byte[] withOption(String name, int code, byte[] data) {
        return setByte(concat(Query.of(name, Type.A).wire(), opt(1232, code, data)), 11, 1);
    }

    static byte[] twoOpts(String name) {
        return setByte(concat(Query.of(name, Type.A).wire(), opt(1232, -1, null), opt(1232, -1, null)), 11, 2);
    }

    static byte[] optOwnerNotRoot(String name) {
        byte[] o = opt(1232, -1, null);
        byte[] owned = concat(new byte[] {1, 'x'}, o); // "x." then the rest of the OPT RR
        return setByte(concat(Query.of(name, Type.A).wire(), owned), 11, 1);
    }

    static byte[] optionLengthTooLong(String name) {
        byte[] q = withOption(name, 65001, new byte[] {1, 2});
        q[q.length - 3] = 40; // the option says 40 bytes, 2 follow
        return q;
    }

    /** Sets the EDNS version of a query whose OPT RR is the only additional RR (found by scanning for its type 41 after the question). */
    static byte[] optVersion(byte[] q, int version) {
        byte[] out = q.clone();
        int opt = 12 + ResponseComparator.questionBytes(out).length; // root owner of the OPT
        out[opt + 1 + 2 + 2 + 1] = (byte) version;                      // owner, type, class, ext-rcode, version
        return out;
    }

    static byte[] setDo(byte[] ednsQuery) {
        byte[] q = ednsQuery.clone();
        q[q.length - 4] |= (byte) 0x80; // the OPT TTL's flags: DO is the top bit
        return q;
    }

    private static Query label(Query.Builder b, String label) {
        Query plain = b.build();
        return new Query(label + " (" + String.join(" ", plain.dig()) + ")", plain.wire(), plain.dig());
    }

    /**
     * Queries for every RRset in a zone file, every owner with a type it lacks (NODATA), each
     * wildcard's synthesis, and a name that does not exist.
     */
    static List<Query> fromZone(ZoneFile zone) throws IOException {
        Map<Name, Set<Integer>> owners = new LinkedHashMap<>();
        Name origin = Name.fromString(zone.origin());
        try (Master m = new Master(zone.file().toString(), origin)) {
            Record r;
            while ((r = m.nextRecord()) != null) owners.computeIfAbsent(r.getName(), k -> new LinkedHashSet<>()).add(r.getType());
        }
        List<Query> q = new ArrayList<>();
        for (var e : owners.entrySet()) {
            String name = e.getKey().toString();
            for (int type : e.getValue()) q.add(label(Query.builder(name, type), "zone RRset"));
            int lacking = e.getValue().contains(Type.NAPTR) ? Type.HINFO : Type.NAPTR;
            q.add(label(Query.builder(name, lacking), "zone owner, type it lacks"));
            if (e.getKey().isWild()) {
                String synth = "kiln-synth" + name.substring(1);
                q.add(label(Query.builder(synth, Type.A), "zone wildcard synthesis"));
                q.add(label(Query.builder(synth, Type.TXT), "zone wildcard synthesis"));
            }
        }
        q.add(label(Query.builder("kiln-does-not-exist." + zone.origin(), Type.A), "zone NXDOMAIN"));
        q.add(label(Query.builder(zone.origin().toUpperCase(java.util.Locale.ROOT), Type.SOA), "zone SOA, upper-case qname"));
        return q;
    }

    // --- hand-made packets ---

    static byte[] header(int id, int flags, int qd, int an, int ns, int ar) {
        return new byte[] {(byte) (id >> 8), (byte) id, (byte) (flags >> 8), (byte) flags,
                (byte) (qd >> 8), (byte) qd, (byte) (an >> 8), (byte) an, (byte) (ns >> 8), (byte) ns, (byte) (ar >> 8), (byte) ar};
    }

    /** A well-formed query whose header says 2 questions and carries 2. */
    static byte[] twoQuestions(String name) {
        byte[] one = Query.of(name, Type.A).wire();
        byte[] question = ResponseComparator.questionBytes(one);
        byte[] out = new byte[12 + 2 * question.length];
        System.arraycopy(one, 0, out, 0, 12);
        out[5] = 2;
        System.arraycopy(question, 0, out, 12, question.length);
        System.arraycopy(question, 0, out, 12 + question.length, question.length);
        return out;
    }

    /** A query whose question stops in the middle of the name. */
    static byte[] cutShort(String name) {
        byte[] one = Query.of(name, Type.A).wire();
        return java.util.Arrays.copyOf(one, 12 + 5);
    }

    static byte[] setQr(byte[] q) {
        byte[] out = q.clone();
        out[2] |= (byte) 0x80;
        return out;
    }

    /** A query with an OPT RR of EDNS version 1 (RFC 6891 §6.1.3: answer BADVERS). */
    static byte[] ednsVersion1(String name) {
        byte[] q = Query.builder(name, Type.A).edns(1232).build().wire();
        // the OPT RR is last: root name (1), type (2), class (2), TTL = ext-rcode(1) version(1) flags(2), rdlen(2)
        int ttl = q.length - 2 - 4;
        q[ttl + 1] = 1;
        return q;
    }
}

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

package dev.kiln.dns;

import dev.kiln.dns.wire.DnsNames;
import dev.kiln.dns.wire.MessageWriter;
import dev.kiln.dns.wire.RrType;
import dev.kiln.dns.zone.Node;
import dev.kiln.dns.zone.RRset;
import dev.kiln.dns.zone.Zone;
import dev.kiln.dns.zone.ZoneSet;

/**
 * Builds the answer to one valid query the way NSD 4.6 does (its query.c / answer.c): RFC 1034
 * §4.3.2 lookup with CNAME following, RFC 4592 wildcards, RFC 2308 negative answers, referrals,
 * additional A/AAAA for NS/MX/SRV targets, the apex NS in authority of positive answers, and NSD's
 * truncation rules. Used on memo misses only; reused between queries (not thread-safe).
 */
final class Resolver {
    // answer sections in NSD's order
    static final int ANSWER = 0, AUTHORITY = 1, OPTIONAL_AUTHORITY = 2, ADDITIONAL_A = 3, ADDITIONAL_AAAA = 4, SECTIONS = 6;
    /** NSD's MAXRRSPP: most RRsets in one answer. */
    static final int RRSETS_MAX = 10240;
    /** NSD's IPV4_MINIMAL_RESPONSE_SIZE: optional sections stop growing a UDP answer past this. */
    static final int MINIMAL_RESPONSE_SIZE = 1232;

    static final int RCODE_NOERROR = 0, RCODE_NXDOMAIN = 3, RCODE_REFUSED = 5, RCODE_YXDOMAIN = 6;
    static final int EDE_NOT_AUTHORITATIVE = 20, EDE_OTHER = 0;
    /** NSD's EDE text for a DNAME expansion over 255 bytes (RFC 6672 §2.2 YXDOMAIN). */
    static final byte[] EDE_DNAME_TOO_LONG = "DNAME expansion became too large".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final ZoneSet zones;
    private final int cnameChainMax;
    private final byte[] scratch = new byte[DnsNames.NAME_MAX];

    // the answer under construction
    private int count;
    private int[] sections = new int[64];
    private RRset[] sets = new RRset[64];
    private byte[][] owners = new byte[64][];

    int rcode;
    boolean aa;
    int ede;
    int cnameCount;
    Node delegation;
    /** True when a DNAME was followed: the answer then holds query-name bytes outside the question. */
    boolean dnameUsed;
    private Zone zone;
    private int qtype;
    private boolean classAny;

    Resolver(ZoneSet zones, int cnameChainMax) {
        this.zones = zones;
        this.cnameChainMax = cnameChainMax;
    }

    /**
     * Resolves a query. {@code qnameLower} is the lowercased query name, {@code qnameSpelt} as sent.
     */
    void resolve(byte[] qnameLower, int qnameLen, byte[] qnameSpelt, int qtype, boolean classAny) {
        count = 0; rcode = RCODE_NOERROR; aa = false; ede = -1; cnameCount = 0; delegation = null; zone = null; dnameUsed = false;
        this.qtype = qtype;
        this.classAny = classAny;
        byte[] lower = java.util.Arrays.copyOf(qnameLower, qnameLen);
        lookupZone(lower, qnameSpelt);
    }

    /** NSD answer_lookup_zone. */
    private void lookupZone(byte[] name, byte[] spelt) {
        Zone z = zones.findZone(name, 0, name.length);
        if (z == null) {
            if (cnameCount == 0) { rcode = RCODE_REFUSED; ede = EDE_NOT_AUTHORITATIVE; }
            return;
        }
        zone = z;
        Node ce = closestEncloser(z, name);
        boolean exact = java.util.Arrays.equals(ce.name(), name);
        if (exact && qtype == RrType.DS && ce == z.apex()) {
            // RFC 4035 §3.1.4.1: DS at a cut is answered from the parent zone if we serve it
            Zone parent = name.length > 1 ? zones.findZone(name, 1 + (name[0] & 0xFF), name.length - 1 - (name[0] & 0xFF)) : null;
            if (parent != null) {
                zone = z = parent;
                ce = closestEncloser(z, name);
                exact = java.util.Arrays.equals(ce.name(), name);
            }
        }
        if (exact && qtype == RrType.DS && ce == z.apex()) {
            aa = !classAny;
            answerSoa();
            return;
        }
        delegation = findDelegation(z, ce);
        if (delegation != null && findDnameAbove(z, delegation) != null) delegation = null; // RFC 6672 §3: the DNAME wins
        RRset delegationNs = delegation == null ? null : delegation.rrset(RrType.NS);
        if (delegation == null || (exact && qtype == RrType.DS && ce == delegation)) {
            aa = !classAny;
            answerAuthoritative(name, spelt, exact, ce);
        } else {
            aa = cnameCount != 0;
            addRrset(AUTHORITY, delegation.spelt(), delegationNs);
        }
    }

    /** The longest existing name in {@code z} that is {@code name} or an ancestor of it. */
    private static Node closestEncloser(Zone z, byte[] name) {
        int p = 0;
        int stop = name.length - z.origin().length;
        while (p <= stop) {
            Node n = z.node(name, p, name.length - p);
            if (n != null) return n;
            p += 1 + (name[p] & 0xFF);
        }
        return z.apex();
    }

    /** NSD domain_find_ns_rrsets: the highest name with NS at or above {@code n}, below the apex. */
    private static Node findDelegation(Zone z, Node n) {
        byte[] name = n.name();
        Node result = null;
        int p = 0;
        int stop = name.length - z.origin().length;
        while (p < stop) {
            Node a = z.node(name, p, name.length - p);
            if (a != null && a.rrset(RrType.NS) != null) result = a;
            p += 1 + (name[p] & 0xFF);
        }
        return result;
    }

    /** NSD find_dname_above: a DNAME strictly above {@code n} and below the apex. */
    private static Node findDnameAbove(Zone z, Node n) {
        byte[] name = n.name();
        if (name[0] == 0) return null;
        int p = 1 + (name[0] & 0xFF);
        int stop = name.length - z.origin().length;
        while (p < stop) {
            Node a = z.node(name, p, name.length - p);
            if (a != null && a.rrset(RrType.DNAME) != null) return a;
            p += 1 + (name[p] & 0xFF);
        }
        return null;
    }

    /** NSD answer_authoritative. */
    private void answerAuthoritative(byte[] name, byte[] spelt, boolean exact, Node ce) {
        Node match;
        RRset dname;
        Node dnameAbove = findDnameAbove(zone, ce);
        if (dnameAbove != null) { ce = dnameAbove; exact = false; } // RFC 6672 §2.3: names below a DNAME are occluded
        if (exact) match = ce;
        else if ((dname = ce.rrset(RrType.DNAME)) != null) { followDname(spelt, ce, dname); return; }
        else if (ce.wildcardChild() != null) match = ce.wildcardChild();
        else match = null;
        if (match != null) answerDomain(match, spelt);
        else {
            rcode = RCODE_NXDOMAIN; // NSD sets it after CNAMEs too (RFC 6604 §2)
            answerSoa();
        }
    }

    /** RFC 6672 §3.3 (as NSD): the DNAME, a synthesised CNAME, then the new name is looked up. */
    private void followDname(byte[] spelt, Node src, RRset dname) {
        dnameUsed = true;
        byte[] rd = dname.rdata(0);
        int dl = DnsNames.wireLength(rd, 0, rd.length);
        if (dl < 0) return;
        byte[] dest = java.util.Arrays.copyOf(rd, dl);
        if (!addRrset(ANSWER, src.spelt(), dname)) {
            byte[] destLower = DnsNames.lower(dest);
            if (isAtOrBelow(destLower, src.name())) return; // the DNAME loops
        }
        int keep = spelt.length - src.name().length;          // the labels of the name below the DNAME owner
        if (keep + dest.length > DnsNames.NAME_MAX) { rcode = RCODE_YXDOMAIN; ede = EDE_OTHER; return; }
        byte[] target = new byte[keep + dest.length];
        for (int i = 0; i < keep; i++) target[i] = DnsNames.toLower(spelt[i]); // NSD: lowercase, label lengths unchanged
        System.arraycopy(dest, 0, target, keep, dest.length);
        cnameCount++;
        for (int i = 0; i < count; i++) { // a synthesised CNAME already there: a loop
            if (sections[i] == ANSWER && sets[i].type() == RrType.CNAME && sets[i].size() == 1
                    && DnsNames.equalsIgnoreCase(owners[i], 0, owners[i].length, spelt, 0, spelt.length)
                    && DnsNames.equalsIgnoreCase(sets[i].rdata(0), 0, sets[i].rdata(0).length, target, 0, target.length)) return;
        }
        if (!add(ANSWER, spelt, RRset.synthesized(src, RrType.CNAME, dname.ttl(0), target))) return;
        if (qtype == RrType.CNAME || cnameCount >= cnameChainMax) return;
        Zone saved = zone;
        lookupZone(DnsNames.lower(target), target);
        zone = saved;
    }

    private static boolean isAtOrBelow(byte[] lowName, byte[] lowAncestor) {
        int off = lowName.length - lowAncestor.length;
        if (off < 0) return false;
        if (!java.util.Arrays.equals(lowName, off, lowName.length, lowAncestor, 0, lowAncestor.length)) return false;
        int p = 0;
        while (p < off) p += 1 + (lowName[p] & 0xFF);
        return p == off;
    }

    /** NSD answer_domain; {@code owner} is the name to write as the records' owner. */
    private void answerDomain(Node match, byte[] owner) {
        RRset rrset;
        if (qtype == RrType.ANY) {
            RRset preferred = null, normal = null, nonPreferred = null;
            for (RRset s : match.rrsets()) {
                if (s.rrClass() != RrType.CLASS_IN || s.type() == RrType.NSEC3) continue;
                switch (s.type()) {
                    case RrType.A, RrType.AAAA, RrType.SOA, RrType.MX, RrType.PTR -> preferred = s;
                    case RrType.DNSKEY, RrType.RRSIG, RrType.NSEC -> nonPreferred = s;
                    default -> normal = s;
                }
                if (preferred != null) break;
            }
            RRset pick = preferred != null ? preferred : normal != null ? normal : nonPreferred;
            if (pick == null) { answerSoa(); return; }
            addRrset(ANSWER, owner, pick);
            return; // RFC 8482 §4.1: one RRset, no NS (NSD answer_needs_ns)
        } else if ((rrset = match.rrset(qtype)) != null) {
            addRrset(ANSWER, owner, rrset);
        } else if ((rrset = match.rrset(RrType.CNAME)) != null) {
            boolean added = addRrset(ANSWER, owner, rrset);
            if (added && cnameCount < cnameChainMax) { // RFC 1034 §4.3.2 step 3.a; a loop re-adds nothing and stops
                byte[] target = rrset.rdata(0);
                int tl = DnsNames.wireLength(target, 0, target.length);
                if (tl < 0) return;
                cnameCount++;
                byte[] tspelt = java.util.Arrays.copyOf(target, tl);
                Zone saved = zone;
                lookupZone(DnsNames.lower(tspelt), tspelt);
                zone = saved;
            }
            return;
        } else {
            answerSoa();
            return;
        }
        if (!classAny && zone.ns() != null && qtype != RrType.DNSKEY && qtype != RrType.DS) {
            addRrset(OPTIONAL_AUTHORITY, zone.apex().spelt(), zone.ns());
        }
    }

    /** NSD answer_soa: RFC 2308 §3 SOA with TTL = min(TTL, MINIMUM). */
    private void answerSoa() {
        if (!classAny) addRrset(AUTHORITY, zone.apex().spelt(), zone.negativeSoa());
    }

    /** NSD add_rrset: adds and then the additional A/AAAA for targets of NS, MB, MX, KX, RT, SRV. */
    private boolean addRrset(int section, byte[] owner, RRset rrset) {
        boolean result = add(section, owner, rrset);
        switch (rrset.type()) {
            case RrType.NS -> additional(rrset, 0, true);
            case RrType.MB -> additional(rrset, 0, false);
            case RrType.MX, RrType.KX, RrType.RT -> additional(rrset, 2, false);
            case RrType.SRV -> additional(rrset, 6, false);
            default -> { }
        }
        return result;
    }

    /** NSD answer_add_rrset: an RRset appears once; a more important section wins. */
    private boolean add(int section, byte[] owner, RRset rrset) {
        for (int i = 0; i < count; i++) {
            if (sets[i] == rrset && DnsNames.equalsIgnoreCase(owners[i], 0, owners[i].length, owner, 0, owner.length)) {
                if (section < sections[i]) { sections[i] = section; return true; }
                return false;
            }
        }
        if (count >= RRSETS_MAX) return false;
        if (count == sets.length) {
            sets = java.util.Arrays.copyOf(sets, count * 2);
            owners = java.util.Arrays.copyOf(owners, count * 2);
            sections = java.util.Arrays.copyOf(sections, count * 2);
        }
        sections[count] = section; owners[count] = owner; sets[count] = rrset;
        count++;
        return true;
    }

    /** NSD add_additional_rrsets over the names at {@code nameOffset} in each record's RDATA. */
    private void additional(RRset master, int nameOffset, boolean allowGlue) {
        Zone z = zone;
        if (z == null) return;
        for (int i = 0; i < master.size(); i++) {
            byte[] rd = master.rdata(i);
            if (rd.length <= nameOffset) continue;
            int tl = DnsNames.wireLength(rd, nameOffset, rd.length);
            if (tl < 0) continue;
            byte[] spelt = java.util.Arrays.copyOfRange(rd, nameOffset, nameOffset + tl);
            byte[] target = DnsNames.lower(spelt);
            int stop = target.length - z.origin().length;
            if (stop < 0 || !java.util.Arrays.equals(target, stop, target.length, z.origin(), 0, z.origin().length)) continue;
            if (!allowGlue && isGlue(z, target)) continue;
            Node match = z.node(target, 0, target.length);
            if (match == null) {
                Node ce = closestEncloser(z, target);
                match = ce.wildcardChild();
                if (match == null) continue;
            }
            RRset a = match.rrset(RrType.A);
            if (a != null) add(ADDITIONAL_A, spelt, a);
            RRset aaaa = match.rrset(RrType.AAAA);
            if (aaaa != null) add(ADDITIONAL_AAAA, spelt, aaaa);
        }
    }

    /** NSD domain_is_glue: at or below a delegation point of the zone. */
    private static boolean isGlue(Zone z, byte[] name) {
        int p = 0;
        int stop = name.length - z.origin().length;
        while (p < stop) {
            Node a = z.node(name, p, name.length - p);
            if (a != null && a.rrset(RrType.NS) != null) return true;
            p += 1 + (name[p] & 0xFF);
        }
        return false;
    }

    /**
     * NSD encode_answer: writes the sections after the question. Sets TC in {@code tc[0]} when an
     * answer or authority RRset does not fit. Returns counts packed as an[0..15] ns[16..31] ar[32..47].
     */
    long encode(MessageWriter w, boolean tcp, boolean[] tc) {
        int[] counts = new int[SECTIONS];
        boolean done = false;
        tc[0] = false;
        for (int section = ANSWER; !tc[0] && section < SECTIONS; section++) {
            for (int i = 0; !tc[0] && i < count; i++) {
                if (sections[i] != section) continue;
                RRset s = sets[i];
                long mark = w.mark();
                int added = 0;
                boolean allAdded = true;
                for (int r = 0; r < s.size(); r++) {
                    long rm = w.mark();
                    if (w.name(owners[i], 0, true) && w.u16(s.type()) && w.u16(s.rrClass()) && w.u32(s.ttl(r))
                            && w.rdata(s.type(), s.rdata(r), true)) {
                        added++;
                    } else {
                        w.rollback(rm);
                        allAdded = false;
                        break;
                    }
                }
                boolean minimize = section >= OPTIONAL_AUTHORITY;
                if ((!allAdded || w.position() > MINIMAL_RESPONSE_SIZE) && !tcp && minimize) {
                    w.rollback(mark);
                    added = 0;
                    done = true;
                }
                if (!allAdded && (section == ANSWER || section == AUTHORITY)) {
                    w.rollback(mark);
                    tc[0] = true;
                    added = 0;
                }
                counts[section] += added;
            }
            if (done) {
                if (section == ADDITIONAL_A && counts[ADDITIONAL_A] == 0 && delegation != null) tc[0] = true;
                break;
            }
        }
        long an = counts[ANSWER], ns = counts[AUTHORITY] + counts[OPTIONAL_AUTHORITY],
                ar = counts[ADDITIONAL_A] + counts[ADDITIONAL_AAAA] + counts[5];
        return an | (ns << 16) | (ar << 32);
    }

    boolean isReferral() { return delegation != null && !aa && cnameCount == 0 && rcode == RCODE_NOERROR; }
}

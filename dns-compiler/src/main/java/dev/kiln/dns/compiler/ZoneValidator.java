package dev.kiln.dns.compiler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * Checks one zone's records as a whole and returns the records to bake: de-duplicated, SOA
 * first, RRset TTLs made equal. Errors and warnings go to the sink. What is checked is listed
 * in the package documentation.
 */
final class ZoneValidator {

    /** Types that may share an owner with a CNAME (RFC 1034 §3.6.2 as amended by RFC 2535 §2.3.5, RFC 4035 §2.5). */
    private static final Set<Integer> CNAME_COMPANIONS = Set.of(Type.RRSIG, Type.NSEC, Type.SIG, Type.NXT, Type.KEY);

    /** Types that belong at a delegation point besides glue (RFC 4035 §2.4, §2.3). */
    private static final Set<Integer> AT_CUT = Set.of(Type.NS, Type.DS, Type.RRSIG, Type.NSEC);

    private final Name apex;
    private final Path zoneFile;
    private final DiagnosticSink sink;

    private ZoneValidator(Name apex, Path zoneFile, DiagnosticSink sink) {
        this.apex = apex;
        this.zoneFile = zoneFile;
        this.sink = sink;
    }

    /** Validates; the findings reach {@code sink} in file order (files as first seen), then by line. */
    static List<ParsedRecord> validate(Name apex, Path zoneFile, List<ParsedRecord> parsed, DiagnosticSink sink) {
        DiagnosticSink local = new DiagnosticSink(Integer.MAX_VALUE, Integer.MAX_VALUE);
        List<ParsedRecord> out = new ZoneValidator(apex, zoneFile, local).run(parsed);
        Map<Path, Integer> fileOrder = new HashMap<>();
        fileOrder.put(zoneFile, 0);
        for (ParsedRecord p : parsed) {
            fileOrder.putIfAbsent(p.file(), fileOrder.size());
        }
        local.collected().stream()
                .sorted(java.util.Comparator.<Diagnostic>comparingInt(d -> fileOrder.getOrDefault(d.file(), Integer.MAX_VALUE))
                        .thenComparingInt(Diagnostic::line))
                .forEach(sink::add);
        return out;
    }

    private List<ParsedRecord> run(List<ParsedRecord> parsed) {
        List<ParsedRecord> inZone = new ArrayList<>();
        for (ParsedRecord p : parsed) {
            Name owner = p.record().getName();
            if (!owner.subdomain(apex)) {
                sink.error(p.file(), p.line(), Type.string(p.record().getType()) + " record at " + owner + " is outside the zone " + apex,
                        "remove it, or fix its owner name or the $ORIGIN before it");
                continue;
            }
            warnRepeatedOrigin(p, owner, "owner name");
            Name target = target(p.record());
            if (target != null) {
                warnRepeatedOrigin(p, target, Type.string(p.record().getType()) + " target");
            }
            inZone.add(p);
        }
        List<ParsedRecord> unique = dedupe(inZone);
        Map<Name, List<ParsedRecord>> byOwner = new LinkedHashMap<>();
        for (ParsedRecord p : unique) {
            byOwner.computeIfAbsent(p.record().getName(), k -> new ArrayList<>()).add(p);
        }
        for (Map.Entry<Name, List<ParsedRecord>> e : byOwner.entrySet()) {
            warnNonAscii(e.getValue().get(0), e.getKey());
        }
        ParsedRecord soa = checkSoa(unique);
        checkApexNs(byOwner);
        checkCnameAndDname(byOwner);
        Set<Name> cuts = delegations(byOwner);
        checkOcclusionAndGlue(byOwner, cuts);
        checkTargets(byOwner, cuts);
        List<ParsedRecord> ttlFixed = unifyRrsetTtls(unique);
        List<ParsedRecord> out = new ArrayList<>(ttlFixed.size());
        if (soa != null) {
            for (ParsedRecord p : ttlFixed) {
                if (p.record().equals(soa.record())) {
                    out.add(p);
                }
            }
        }
        for (ParsedRecord p : ttlFixed) {
            if (soa == null || !p.record().equals(soa.record())) {
                out.add(p);
            }
        }
        return out;
    }

    /** Raw UTF-8 in a name is legal DNS but no resolver looks it up: IDNs are A-labels. */
    private void warnNonAscii(ParsedRecord p, Name owner) {
        for (byte b : owner.toWire()) {
            if (b < 0) {
                sink.warn(p.file(), p.line(), "owner name " + owner + " contains non-ASCII bytes",
                        "write internationalised names as xn-- A-labels (RFC 5890), e.g. with idn2");
                return;
            }
        }
    }

    /** {@code www.example.com} without its final dot becomes {@code www.example.com.example.com.}: say so. */
    private void warnRepeatedOrigin(ParsedRecord p, Name name, String what) {
        if (apex.labels() <= 1 || name.labels() < 2 * apex.labels() - 1) {
            return;
        }
        Name twice;
        try {
            twice = Name.concatenate(new Name(apex, 0).relativize(Name.root), apex);
        } catch (org.xbill.DNS.NameTooLongException e) {
            return;
        }
        if (name.subdomain(twice)) {
            sink.warn(p.file(), p.line(), what + " " + name + " ends in the origin twice",
                    "a name that ends in the origin needs a final dot: did you mean " + name.relativize(apex) + ".?");
        }
    }

    private static Name target(Record r) {
        return switch (r) {
            case org.xbill.DNS.CNAMERecord c -> c.getTarget();
            case org.xbill.DNS.DNAMERecord d -> d.getTarget();
            case org.xbill.DNS.PTRRecord ptr -> ptr.getTarget();
            default -> r.getType() == Type.NS || r.getType() == Type.MX || r.getType() == Type.SRV ? r.getAdditionalName() : null;
        };
    }

    /** RFC 2181 §5: an RRset has no duplicate records; later copies are dropped with a warning. */
    private List<ParsedRecord> dedupe(List<ParsedRecord> in) {
        Map<Record, ParsedRecord> seen = new HashMap<>();
        List<ParsedRecord> out = new ArrayList<>(in.size());
        for (ParsedRecord p : in) {
            ParsedRecord first = seen.putIfAbsent(p.record(), p);
            if (first != null) {
                sink.warn(p.file(), p.line(), "duplicate " + Type.string(p.record().getType()) + " record at " + p.record().getName()
                        + " (same as " + first.where() + "); it is served once", "remove the duplicate");
                continue;
            }
            out.add(p);
        }
        return out;
    }

    /** Exactly one SOA, at the apex (RFC 1035 §5.2, RFC 1034 §4.3.4). */
    private ParsedRecord checkSoa(List<ParsedRecord> records) {
        ParsedRecord first = null;
        for (ParsedRecord p : records) {
            if (p.record().getType() != Type.SOA) {
                continue;
            }
            Name owner = p.record().getName();
            if (!owner.equals(apex)) {
                sink.error(p.file(), p.line(), "SOA record at " + owner + " is not at the zone apex " + apex,
                        "a zone has one SOA, at its origin (@); start a separate zone file for " + owner);
                continue;
            }
            if (first != null) {
                sink.error(p.file(), p.line(), "second SOA record at " + apex + " (the first is at " + first.where() + ")",
                        "a zone has exactly one SOA record; remove one");
                continue;
            }
            first = p;
        }
        if (first == null) {
            sink.error(zoneFile, 0, "no SOA record at the apex " + apex, "add an SOA record at @ (RFC 1035 §5.2)");
        }
        return first;
    }

    /** RFC 1034 §4.2.1: the apex has an NS RRset. */
    private void checkApexNs(Map<Name, List<ParsedRecord>> byOwner) {
        List<ParsedRecord> atApex = byOwner.getOrDefault(apex, List.of());
        if (atApex.stream().noneMatch(p -> p.record().getType() == Type.NS)) {
            sink.error(zoneFile, 0, "no NS records at the apex " + apex, "add at least one NS record at @ (RFC 1034 §4.2.1)");
        }
    }

    /** RFC 1034 §3.6.2 / RFC 2181 §10.1: a CNAME owner has no other data; RFC 6672 §2.4: one DNAME per owner. */
    private void checkCnameAndDname(Map<Name, List<ParsedRecord>> byOwner) {
        for (Map.Entry<Name, List<ParsedRecord>> e : byOwner.entrySet()) {
            List<ParsedRecord> cnames = ofType(e.getValue(), Type.CNAME);
            List<ParsedRecord> dnames = ofType(e.getValue(), Type.DNAME);
            if (dnames.size() > 1) {
                ParsedRecord d = dnames.get(1);
                sink.error(d.file(), d.line(), "more than one DNAME at " + e.getKey() + " (the first is at " + dnames.get(0).where() + ")",
                        "keep one DNAME (RFC 6672 §2.4)");
            }
            if (cnames.isEmpty()) {
                continue;
            }
            ParsedRecord c = cnames.get(0);
            if (cnames.size() > 1) {
                ParsedRecord c2 = cnames.get(1);
                sink.error(c2.file(), c2.line(), "more than one CNAME at " + e.getKey() + " (the first is at " + c.where() + ")",
                        "keep one CNAME (RFC 2181 §10.1)");
            }
            Set<String> others = new LinkedHashSet<>();
            for (ParsedRecord p : e.getValue()) {
                int t = p.record().getType();
                if (t != Type.CNAME && !CNAME_COMPANIONS.contains(t)) {
                    others.add(Type.string(t));
                }
            }
            if (!others.isEmpty()) {
                String list = String.join(", ", others);
                sink.error(c.file(), c.line(), "CNAME at " + e.getKey() + " cannot coexist with other data (" + list + ")",
                        "remove the " + list + (others.size() == 1 ? " record" : " records") + " or the CNAME");
            }
        }
    }

    /** Delegation points: owners below the apex with NS records, not themselves below another cut. */
    private Set<Name> delegations(Map<Name, List<ParsedRecord>> byOwner) {
        Set<Name> nsOwners = new HashSet<>();
        for (Map.Entry<Name, List<ParsedRecord>> e : byOwner.entrySet()) {
            if (!e.getKey().equals(apex) && !ofType(e.getValue(), Type.NS).isEmpty()) {
                nsOwners.add(e.getKey());
            }
        }
        Set<Name> cuts = new HashSet<>();
        for (Name n : nsOwners) {
            if (enclosing(n, nsOwners, false) == null) {
                cuts.add(n);
            }
        }
        return cuts;
    }

    /** The highest name in {@code set} that is an ancestor of {@code n} (or {@code n} itself if {@code orSelf}), below the apex. */
    private Name enclosing(Name n, Set<Name> set, boolean orSelf) {
        if (set.isEmpty()) {
            return null;
        }
        int labels = n.labels();
        int last = orSelf ? labels : labels - 1;
        for (int k = apex.labels() + 1; k <= last; k++) {
            Name ancestor = new Name(n, labels - k);
            if (set.contains(ancestor)) {
                return ancestor;
            }
        }
        return null;
    }

    /**
     * RFC 1034 §4.2.1: data below a delegation is not authoritative; only glue (address records
     * for the child's name servers) is used. NSD accepts such data silently; we keep it in the
     * image but warn that it is occluded. Missing glue for an in-bailiwick name server is an error
     * (the delegation cannot be followed).
     */
    private void checkOcclusionAndGlue(Map<Name, List<ParsedRecord>> byOwner, Set<Name> cuts) {
        Set<Name> dnames = new HashSet<>();
        for (Map.Entry<Name, List<ParsedRecord>> e : byOwner.entrySet()) {
            if (!ofType(e.getValue(), Type.DNAME).isEmpty()) {
                dnames.add(e.getKey());
            }
        }
        Set<Name> glueNames = new HashSet<>();
        for (Name cut : cuts) {
            for (ParsedRecord p : ofType(byOwner.get(cut), Type.NS)) {
                glueNames.add(((NSRecord) p.record()).getTarget());
            }
        }
        for (Map.Entry<Name, List<ParsedRecord>> e : byOwner.entrySet()) {
            Name owner = e.getKey();
            if (owner.equals(apex)) {
                for (ParsedRecord p : ofType(e.getValue(), Type.DS)) {
                    sink.error(p.file(), p.line(), "DS record at the apex " + apex + ": DS records belong in the parent zone",
                            "remove it and give it to the parent zone's operator (RFC 4035 §2.4)");
                }
                continue;
            }
            Name dname = enclosing(owner, dnames, false);
            if (dname != null) {
                for (ParsedRecord p : e.getValue()) {
                    sink.warn(p.file(), p.line(), Type.string(p.record().getType()) + " record at " + owner
                            + " is below the DNAME at " + dname + " and will not be served (RFC 6672 §2.4)", "remove it");
                }
                continue;
            }
            Name cut = enclosing(owner, cuts, true);
            if (cut == null) {
                for (ParsedRecord p : ofType(e.getValue(), Type.DS)) {
                    sink.error(p.file(), p.line(), "DS record at " + owner + ", which is not a delegation (no NS records there)",
                            "add the delegation's NS records or remove the DS (RFC 4035 §2.4)");
                }
                continue;
            }
            boolean glue = glueNames.contains(owner);
            for (ParsedRecord p : e.getValue()) {
                int t = p.record().getType();
                if (owner.equals(cut) && AT_CUT.contains(t)) {
                    continue;
                }
                if (glue && (t == Type.A || t == Type.AAAA)) {
                    continue;
                }
                String why = owner.equals(cut)
                        ? " is at the delegation point " + cut + " where only NS, DS and glue are served"
                        : " is below the delegation " + cut + " and will not be served";
                sink.warn(p.file(), p.line(), Type.string(t) + " record at " + owner + why,
                        "move it to the child zone " + cut + " or remove it (RFC 1034 §4.2.1)");
            }
        }
        for (Name cut : cuts) {
            for (ParsedRecord p : ofType(byOwner.get(cut), Type.NS)) {
                Name target = ((NSRecord) p.record()).getTarget();
                if (!target.subdomain(apex) || enclosing(target, cuts, true) == null) {
                    continue;
                }
                if (!hasAddress(byOwner.get(target))) {
                    sink.error(p.file(), p.line(), "delegation " + cut + " has NS " + target + " without glue",
                            "add an A or AAAA record for " + target + " (RFC 1034 §4.2.1)");
                }
            }
        }
    }

    /** NS/MX/SRV targets inside the zone: must not be a CNAME (RFC 2181 §10.3) and should have addresses. */
    private void checkTargets(Map<Name, List<ParsedRecord>> byOwner, Set<Name> cuts) {
        Set<Name> wildcards = new HashSet<>();
        for (Name n : byOwner.keySet()) {
            if (n.isWild()) {
                wildcards.add(new Name(n, 1));
            }
        }
        for (Map.Entry<Name, List<ParsedRecord>> e : byOwner.entrySet()) {
            if (enclosing(e.getKey(), cuts, true) != null && !e.getKey().equals(apex)) {
                continue;
            }
            for (ParsedRecord p : e.getValue()) {
                int t = p.record().getType();
                if (t != Type.NS && t != Type.MX && t != Type.SRV) {
                    continue;
                }
                Name target = p.record().getAdditionalName();
                if (target == null || target.equals(Name.root) || !target.subdomain(apex) || enclosing(target, cuts, true) != null) {
                    continue;
                }
                List<ParsedRecord> at = byOwner.get(target);
                String what = Type.string(t) + " target " + target + " (in the " + Type.string(t) + " record at " + e.getKey() + ")";
                if (at != null && !ofType(at, Type.CNAME).isEmpty()) {
                    if (t == Type.NS) {
                        sink.error(p.file(), p.line(), what + " is a CNAME", "point it at a name with A/AAAA records (RFC 2181 §10.3)");
                    } else {
                        sink.warn(p.file(), p.line(), what + " is a CNAME", "point it at a name with A/AAAA records (RFC 2181 §10.3)");
                    }
                    continue;
                }
                if (hasAddress(at)) {
                    continue;
                }
                if (t == Type.NS) {
                    sink.error(p.file(), p.line(), what + " has no A or AAAA record", "add an address record for " + target);
                } else if (at == null && !wildcards.contains(new Name(target, 1))) {
                    sink.warn(p.file(), p.line(), what + " does not exist in the zone", "add an A or AAAA record for " + target);
                }
            }
        }
    }

    /** RFC 2181 §5.2: all records of an RRset have the same TTL; later ones take the first one's, with a warning. */
    private List<ParsedRecord> unifyRrsetTtls(List<ParsedRecord> in) {
        record Key(Name owner, int type) {}
        Map<Key, ParsedRecord> firsts = new HashMap<>();
        List<ParsedRecord> out = new ArrayList<>(in.size());
        for (ParsedRecord p : in) {
            int t = p.record().getType();
            if (t == Type.RRSIG || t == Type.SIG) {
                out.add(p);
                continue;
            }
            ParsedRecord first = firsts.putIfAbsent(new Key(p.record().getName(), t), p);
            if (first != null && first.ttl() != p.ttl()) {
                sink.warn(p.file(), p.line(), "TTL " + p.ttl() + " of this " + Type.string(t) + " record at " + p.record().getName()
                        + " differs from TTL " + first.ttl() + " of its RRset (" + first.where() + "); using " + first.ttl(),
                        "give all records of an RRset the same TTL (RFC 2181 §5.2)");
                out.add(p.withTtl(first.ttl()));
                continue;
            }
            out.add(p);
        }
        return out;
    }

    private static boolean hasAddress(List<ParsedRecord> at) {
        if (at == null) {
            return false;
        }
        return at.stream().anyMatch(p -> p.record().getType() == Type.A || p.record().getType() == Type.AAAA);
    }

    private static List<ParsedRecord> ofType(List<ParsedRecord> list, int type) {
        if (list == null) {
            return List.of();
        }
        return list.stream().filter(p -> p.record().getType() == type).collect(Collectors.toList());
    }
}

package dev.kiln.interop;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Compares a candidate server's reply (Kiln) with the reference's (NSD) to the same query.
 *
 * <p>Compared exactly: the ID and the question against the query (byte for byte: case, type,
 * class), opcode, RCODE (with the EDNS extended bits), the flags QR AA TC RD RA AD CD, whether
 * there is an OPT RR, its version, DO bit and UDP payload size, and the set of its option codes.
 * Each section is compared as a set of RRs: owner (lower-cased), type, class, TTL, RDATA.
 *
 * <p>Known, intended differences between correct servers, allowed explicitly and listed in the
 * {@link Outcome#allowances()} so a report shows which ones applied:
 * <ol>
 *   <li><b>Owner case.</b> BIND spells answer owners as in the zone, NSD and Knot as in the query;
 *       owners are compared lower-cased (RFC 4343 §3: case-insensitive). The question is not: it
 *       must echo the query byte for byte (RFC 1035 §7.3, and 0x20 resolvers depend on it).</li>
 *   <li><b>Truncated replies.</b> When both set TC, the sections are not compared: RFC 2181 §9
 *       leaves the contents of a truncated reply open, and NSD and Knot send them empty while BIND
 *       partly fills them. TC itself, RCODE and the question are still compared.</li>
 *   <li><b>Extended DNS Errors.</b> NSD and Knot add an EDE option (RFC 8914, code 15) to
 *       REFUSED; the option is optional, so its presence is not compared.</li>
 *   <li><b>Apex NS in positive answers.</b> NSD adds the zone's NS RRset to the authority section
 *       of positive answers, and its name servers' addresses to the additional section; Knot,
 *       BIND (RD=1) and minimal-response servers do not (RFC 2181 §6.1 and RFC 1034 §4.3.2 make
 *       them optional). For a NOERROR reply with answers, NS RRs in the authority section owned by
 *       an ancestor of the qname, and A/AAAA RRs for their targets in the additional section,
 *       may be present on one side only.</li>
 *   <li><b>FORMERR and NOTIMP replies.</b> RFC 1035 §4.1.1 says nothing about the rest of an
 *       error reply: NSD sends a bare header (QDCOUNT=0), clears RD on some FORMERRs; others
 *       echo the question, RD and an OPT RR. Only the ID, QR, opcode and RCODE are
 *       compared, and a question, if echoed, must still be the query's byte for byte.</li>
 *   <li><b>NOTIFY.</b> RFC 1996 NOTIFY matters only to servers with secondaries. NSD answers one
 *       it did not expect with NXDOMAIN (the name is not a zone) or REFUSED (no allow-notify); a
 *       server that does not implement NOTIFY answers NOTIMP (RFC 1996 §3.12 allows for it).
 *       NOTIMP against any error RCODE from the reference is accepted.</li>
 * </ol>
 */
final class ResponseComparator {
    static final int EDE = 15;

    private ResponseComparator() {}

    /** The verdict: differences (empty when the replies agree) and the known differences that were allowed. */
    record Outcome(List<String> differences, List<String> allowances) {
        boolean same() { return differences.isEmpty(); }
    }

    static Outcome compare(byte[] query, byte[] reference, byte[] candidate) {
        List<String> diffs = new ArrayList<>();
        List<String> allowed = new ArrayList<>();
        int qid = query.length < 2 ? -1 : u16(query, 0);

        // the echoed question must match the query byte for byte, in both replies
        byte[] qQuestion = questionBytes(query);
        checkEcho("reference", qid, qQuestion, reference, diffs);
        checkEcho("candidate", qid, qQuestion, candidate, diffs);

        if (Arrays.equals(reference, candidate)) {
            // byte-for-byte the same reply: nothing to allow
            return new Outcome(diffs, allowed);
        }

        Message ref, cand;
        try {
            ref = new Message(reference);
        } catch (IOException | RuntimeException e) {
            diffs.add("reference reply does not parse: " + e.getMessage());
            return new Outcome(diffs, allowed);
        }
        try {
            cand = new Message(candidate);
        } catch (IOException | RuntimeException e) {
            diffs.add("candidate reply does not parse: " + e.getMessage() + " (" + HexFormat.of().formatHex(candidate) + ")");
            return new Outcome(diffs, allowed);
        }

        same(diffs, "opcode", Opcode.string(ref.getHeader().getOpcode()), Opcode.string(cand.getHeader().getOpcode()));
        if (ref.getHeader().getOpcode() == Opcode.NOTIFY && cand.getHeader().getOpcode() == Opcode.NOTIFY
                && cand.getRcode() == Rcode.NOTIMP && ref.getRcode() != Rcode.NOERROR) {
            // Known difference 6: NOTIFY is for secondaries; a server without them may not implement it.
            allowed.add("NOTIFY: reference " + Rcode.string(ref.getRcode()) + ", candidate NOTIMP (does not implement RFC 1996)");
            same(diffs, "flag QR", ref.getHeader().getFlag(Flags.QR), cand.getHeader().getFlag(Flags.QR));
            return new Outcome(diffs, allowed);
        }
        same(diffs, "rcode", Rcode.string(ref.getRcode()), Rcode.string(cand.getRcode()));
        if (ref.getRcode() == cand.getRcode() && (ref.getRcode() == Rcode.FORMERR || ref.getRcode() == Rcode.NOTIMP)) {
            // Known difference 5: what an error reply holds beyond its RCODE is left open.
            same(diffs, "flag QR", ref.getHeader().getFlag(Flags.QR), cand.getHeader().getFlag(Flags.QR));
            allowed.add(Rcode.string(ref.getRcode()) + ": only ID, QR, opcode, RCODE and any echoed question compared");
            return new Outcome(diffs, allowed);
        }
        for (int f : new int[] {Flags.QR, Flags.AA, Flags.TC, Flags.RD, Flags.RA, Flags.AD, Flags.CD}) {
            same(diffs, "flag " + Flags.string(f).toUpperCase(Locale.ROOT),
                    ref.getHeader().getFlag(f), cand.getHeader().getFlag(f));
        }
        same(diffs, "QDCOUNT", ref.getHeader().getCount(Section.QUESTION), cand.getHeader().getCount(Section.QUESTION));

        compareOpt(ref.getOPT(), cand.getOPT(), diffs, allowed);

        boolean truncated = ref.getHeader().getFlag(Flags.TC) && cand.getHeader().getFlag(Flags.TC);
        if (truncated) {
            // Known difference 2: the contents of a truncated reply are left open (RFC 2181 §9).
            allowed.add("TC set in both: sections not compared (NSD sends them empty)");
            return new Outcome(diffs, allowed);
        }

        Name qname = ref.getQuestion() != null ? ref.getQuestion().getName() : null;
        boolean positive = ref.getRcode() == Rcode.NOERROR && cand.getRcode() == Rcode.NOERROR
                && !ref.getSection(Section.ANSWER).isEmpty() && !cand.getSection(Section.ANSWER).isEmpty();

        compareSection("answer", ref.getSection(Section.ANSWER), cand.getSection(Section.ANSWER), diffs, r -> false, allowed);

        // Known difference 4: the apex NS RRset (+ addresses) in positive answers is optional.
        Set<String> nsTargets = new TreeSet<>();
        java.util.function.Predicate<Record> optionalNs = r -> positive && qname != null && r.getType() == Type.NS
                && qname.subdomain(r.getName());
        for (Message m : List.of(ref, cand)) {
            for (Record r : m.getSection(Section.AUTHORITY)) {
                if (optionalNs.test(r)) nsTargets.add(lower(((NSRecord) r).getTarget()));
            }
        }
        compareSection("authority", ref.getSection(Section.AUTHORITY), cand.getSection(Section.AUTHORITY), diffs, optionalNs, allowed);
        java.util.function.Predicate<Record> optionalGlue = r -> positive
                && (r.getType() == Type.A || r.getType() == Type.AAAA) && nsTargets.contains(lower(r.getName()));
        compareSection("additional", withoutOpt(ref.getSection(Section.ADDITIONAL)), withoutOpt(cand.getSection(Section.ADDITIONAL)),
                diffs, optionalGlue, allowed);
        return new Outcome(diffs, allowed);
    }

    private static void checkEcho(String who, int qid, byte[] qQuestion, byte[] reply, List<String> diffs) {
        if (reply.length < 12) {
            diffs.add(who + " reply is " + reply.length + " bytes, shorter than a DNS header");
            return;
        }
        if (u16(reply, 0) != qid) diffs.add(who + " reply ID " + u16(reply, 0) + " != query ID " + qid);
        if ((reply[2] & 0x80) == 0) diffs.add(who + " reply has QR=0");
        if (qQuestion == null) return; // malformed query: whether the question is echoed is compared via QDCOUNT
        if (u16(reply, 4) == 0) return;   // no question echoed (e.g. FORMERR): QDCOUNT compared below
        byte[] rq = questionBytes(reply);
        if (rq == null || !Arrays.equals(rq, qQuestion)) {
            diffs.add(who + " question is not the query's, byte for byte: "
                    + (rq == null ? "unparseable" : HexFormat.of().formatHex(rq)) + " vs query " + HexFormat.of().formatHex(qQuestion));
        }
    }

    /** The bytes of the first question (uncompressed name + type + class), or null if QDCOUNT != 1 or malformed. */
    static byte[] questionBytes(byte[] msg) {
        if (msg.length < 12 || u16(msg, 4) != 1) return null;
        int p = 12;
        while (true) {
            if (p >= msg.length) return null;
            int len = msg[p] & 0xff;
            if (len == 0) { p++; break; }
            if (len > 63) return null; // compression or reserved label type: a question name is literal
            p += 1 + len;
        }
        if (p + 4 > msg.length) return null;
        return Arrays.copyOfRange(msg, 12, p + 4);
    }

    private static void compareOpt(OPTRecord ref, OPTRecord cand, List<String> diffs, List<String> allowed) {
        if (ref == null || cand == null) {
            if (ref != cand) diffs.add("OPT RR: reference " + (ref == null ? "none" : "present") + ", candidate " + (cand == null ? "none" : "present"));
            return;
        }
        same(diffs, "EDNS version", ref.getVersion(), cand.getVersion());
        same(diffs, "EDNS DO bit", (ref.getFlags() & ExtendedFlags.DO) != 0, (cand.getFlags() & ExtendedFlags.DO) != 0);
        same(diffs, "EDNS UDP payload size", ref.getPayloadSize(), cand.getPayloadSize());
        Set<Integer> ro = optionCodes(ref), co = optionCodes(cand);
        // Known difference 3: EDE (RFC 8914) is optional; NSD adds it to REFUSED.
        if (ro.remove(EDE) != co.remove(EDE)) allowed.add("EDE option (RFC 8914) on one side only: not compared");
        same(diffs, "EDNS option codes", ro, co);
    }

    private static Set<Integer> optionCodes(OPTRecord opt) {
        Set<Integer> s = new TreeSet<>();
        for (EDNSOption o : opt.getOptions()) s.add(o.getCode());
        return s;
    }

    private static void compareSection(String name, List<Record> ref, List<Record> cand, List<String> diffs,
                                       java.util.function.Predicate<Record> optional, List<String> allowed) {
        Set<String> r = new TreeSet<>(), c = new TreeSet<>();
        Set<String> rOpt = new TreeSet<>(), cOpt = new TreeSet<>();
        for (Record x : ref) (optional.test(x) ? rOpt : r).add(key(x));
        for (Record x : cand) (optional.test(x) ? cOpt : c).add(key(x));
        Set<String> onlyRef = new TreeSet<>(r), onlyCand = new TreeSet<>(c);
        onlyRef.removeAll(c);
        onlyCand.removeAll(r);
        for (String s : onlyRef) diffs.add(name + ": only the reference has " + s);
        for (String s : onlyCand) diffs.add(name + ": only the candidate has " + s);
        if (!rOpt.equals(cOpt)) {
            allowed.add(name + ": optional apex NS/addresses differ (reference " + rOpt + ", candidate " + cOpt + ")");
        }
        // duplicates inside a section are a real difference (sets would hide them)
        if (ref.size() - countOptional(ref, optional) != r.size()) diffs.add(name + ": the reference repeats an RR");
        if (cand.size() - countOptional(cand, optional) != c.size()) diffs.add(name + ": the candidate repeats an RR");
    }

    private static int countOptional(List<Record> rs, java.util.function.Predicate<Record> optional) {
        int n = 0;
        for (Record x : rs) if (optional.test(x)) n++;
        return n;
    }

    private static List<Record> withoutOpt(List<Record> rs) {
        return rs.stream().filter(r -> r.getType() != Type.OPT).toList();
    }

    /** owner (lower-cased) TTL CLASS TYPE RDATA — the identity of an RR for comparison. */
    static String key(Record r) {
        return lower(r.getName()) + " " + r.getTTL() + " " + org.xbill.DNS.DClass.string(r.getDClass()) + " "
                + Type.string(r.getType()) + " " + r.rdataToString();
    }

    private static String lower(Name n) {
        return n.toString().toLowerCase(Locale.ROOT);
    }

    private static void same(List<String> diffs, String what, Object ref, Object cand) {
        if (!ref.equals(cand)) diffs.add(what + ": reference " + ref + ", candidate " + cand);
    }

    private static int u16(byte[] b, int off) {
        return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
    }

    /** Both replies, decoded, for failure messages. */
    static String render(String title, byte[] reply) {
        if (reply == null) return "--- " + title + ": no reply ---\n";
        try {
            return "--- " + title + " (" + reply.length + " bytes) ---\n" + new Message(reply) + "\n";
        } catch (IOException | RuntimeException e) {
            return "--- " + title + " (" + reply.length + " bytes, unparseable: " + e.getMessage() + ") ---\n"
                    + HexFormat.of().formatHex(reply) + "\n";
        }
    }
}

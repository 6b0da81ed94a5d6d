package dev.kiln.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The comparator on canned replies: it must see real differences and allow only the known ones. */
class ResponseComparatorTest {
    static final Name ZONE = name("interop.example.");
    static final Name WWW = name("www.interop.example.");

    static Name name(String s) {
        try {
            return Name.fromString(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static ARecord a(Name n, long ttl, String addr) {
        try {
            return new ARecord(n, DClass.IN, ttl, InetAddress.getByName(addr));
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A reply to {@code q} with AA set and the given answers. */
    static Message reply(Query q, int rcode, Record... answers) throws Exception {
        Message m = new Message(q.wire());
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.AA);
        m.getHeader().setRcode(rcode);
        m.removeAllRecords(Section.ADDITIONAL);
        for (Record r : answers) m.addRecord(r, Section.ANSWER);
        return m;
    }

    static ResponseComparator.Outcome cmp(Query q, Message ref, Message cand) {
        return ResponseComparator.compare(q.wire(), ref.toWire(), cand.toWire());
    }

    @Test
    void identicalRepliesAgree() throws Exception {
        Query q = Query.of("www.interop.example.", Type.A);
        Message r = reply(q, Rcode.NOERROR, a(WWW, 3600, "192.0.2.80"), a(WWW, 3600, "192.0.2.81"));
        var o = cmp(q, r, r);
        assertTrue(o.same(), o.toString());
        assertTrue(o.allowances().isEmpty(), o.toString());
    }

    @Test
    void identicalBytesStillMustEchoTheQuery() throws Exception {
        Query q = Query.of("www.interop.example.", Type.A);
        Message r = reply(q, Rcode.NOERROR, a(WWW, 3600, "192.0.2.80"));
        r.getHeader().setID(q.id() + 1);
        var o = cmp(q, r, r);
        assertFalse(o.same(), "both replies carry the wrong ID");
    }

    @Test
    void answerOrderDoesNotMatter() throws Exception {
        Query q = Query.of("www.interop.example.", Type.A);
        var o = cmp(q, reply(q, 0, a(WWW, 3600, "192.0.2.80"), a(WWW, 3600, "192.0.2.81")),
                reply(q, 0, a(WWW, 3600, "192.0.2.81"), a(WWW, 3600, "192.0.2.80")));
        assertTrue(o.same(), o.toString());
    }

    @Test
    void seesAMissingRecordADifferentTtlAndRdata() throws Exception {
        Query q = Query.of("www.interop.example.", Type.A);
        Message ref = reply(q, 0, a(WWW, 3600, "192.0.2.80"), a(WWW, 3600, "192.0.2.81"));
        assertFalse(cmp(q, ref, reply(q, 0, a(WWW, 3600, "192.0.2.80"))).same());
        assertFalse(cmp(q, ref, reply(q, 0, a(WWW, 3600, "192.0.2.80"), a(WWW, 60, "192.0.2.81"))).same());
        assertFalse(cmp(q, ref, reply(q, 0, a(WWW, 3600, "192.0.2.80"), a(WWW, 3600, "192.0.2.82"))).same());
        var dup = cmp(q, ref, reply(q, 0, a(WWW, 3600, "192.0.2.80"), a(WWW, 3600, "192.0.2.81"), a(WWW, 3600, "192.0.2.81")));
        assertFalse(dup.same(), "a repeated RR is a difference");
    }

    @Test
    void seesRcodeAndFlagDifferences() throws Exception {
        Query q = Query.of("nope.interop.example.", Type.A);
        Message ref = reply(q, Rcode.NXDOMAIN);
        var o = cmp(q, ref, reply(q, Rcode.NOERROR));
        assertEquals(List.of("rcode: reference NXDOMAIN, candidate NOERROR"), o.differences());
        Message noAa = reply(q, Rcode.NXDOMAIN);
        noAa.getHeader().unsetFlag(Flags.AA);
        assertEquals(List.of("flag AA: reference true, candidate false"), cmp(q, ref, noAa).differences());
        Message ra = reply(q, Rcode.NXDOMAIN);
        ra.getHeader().setFlag(Flags.RA);
        assertFalse(cmp(q, ref, ra).same());
        Message noRd = reply(q, Rcode.NXDOMAIN);
        noRd.getHeader().unsetFlag(Flags.RD);
        assertFalse(cmp(q, ref, noRd).same(), "RD must be copied from the query");
    }

    @Test
    void ownersAreComparedWithoutCaseButTheQuestionByteForByte() throws Exception {
        Query q = Query.of("WwW.InTeRoP.ExAmPlE.", Type.A);
        Message ref = reply(q, 0, a(name("WwW.InTeRoP.ExAmPlE."), 3600, "192.0.2.80"));
        Message zoneCase = reply(q, 0, a(WWW, 3600, "192.0.2.80"));
        assertTrue(cmp(q, ref, zoneCase).same(), "answer owner case may follow the zone (BIND) or the query (NSD)");

        byte[] lowered = zoneCase.toWire();
        // rewrite the echoed question in lower case: the header's 12 bytes, then the name
        byte[] question = ResponseComparator.questionBytes(lowered);
        byte[] lower = new String(question, java.nio.charset.StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT)
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        System.arraycopy(lower, 0, lowered, 12, lower.length);
        var o = ResponseComparator.compare(q.wire(), ref.toWire(), lowered);
        assertFalse(o.same());
        assertTrue(o.differences().getFirst().startsWith("candidate question is not the query's"), o.toString());
    }

    @Test
    void seesAWrongId() throws Exception {
        Query q = Query.of("www.interop.example.", Type.A);
        Message ref = reply(q, 0, a(WWW, 3600, "192.0.2.80"));
        Message other = reply(q, 0, a(WWW, 3600, "192.0.2.80"));
        other.getHeader().setID(q.id() ^ 1);
        assertFalse(cmp(q, ref, other).same());
    }

    @Test
    void truncatedRepliesCompareHeaderOnly() throws Exception {
        Query q = Query.of("big.interop.example.", Type.TXT);
        Message empty = reply(q, 0);
        empty.getHeader().setFlag(Flags.TC);
        Message partial = reply(q, 0, new TXTRecord(name("big.interop.example."), DClass.IN, 3600, "x"));
        partial.getHeader().setFlag(Flags.TC);
        var o = cmp(q, empty, partial);
        assertTrue(o.same(), o.toString());
        assertEquals(1, o.allowances().size());

        Message notTruncated = reply(q, 0, new TXTRecord(name("big.interop.example."), DClass.IN, 3600, "x"));
        assertFalse(cmp(q, empty, notTruncated).same(), "TC on one side only is a difference");
    }

    @Test
    void extendedDnsErrorIsOptionalButOtherOptionsAreNot() throws Exception {
        Query q = Query.builder("www.example.net.", Type.A).edns(1232).build();
        Message ref = reply(q, Rcode.REFUSED);
        ref.getHeader().unsetFlag(Flags.AA);
        ref.addRecord(new OPTRecord(1232, 0, 0, 0, List.<EDNSOption>of(new ExtendedErrorCodeOption(ExtendedErrorCodeOption.NOT_AUTHORITATIVE))), Section.ADDITIONAL);
        Message cand = reply(q, Rcode.REFUSED);
        cand.getHeader().unsetFlag(Flags.AA);
        cand.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
        var o = cmp(q, ref, cand);
        assertTrue(o.same(), o.toString());
        assertEquals(List.of("EDE option (RFC 8914) on one side only: not compared"), o.allowances());

        Message noOpt = reply(q, Rcode.REFUSED);
        noOpt.getHeader().unsetFlag(Flags.AA);
        assertFalse(cmp(q, ref, noOpt).same(), "an EDNS query needs an OPT in the reply");
    }

    @Test
    void seesDoBitAndPayloadSize() throws Exception {
        Query q = Query.builder("www.interop.example.", Type.A).dnssecOk().build();
        Message ref = reply(q, 0, a(WWW, 3600, "192.0.2.80"));
        ref.addRecord(new OPTRecord(1232, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        Message noDo = reply(q, 0, a(WWW, 3600, "192.0.2.80"));
        noDo.addRecord(new OPTRecord(1232, 0, 0, 0), Section.ADDITIONAL);
        assertEquals(List.of("EDNS DO bit: reference true, candidate false"), cmp(q, ref, noDo).differences());
        Message big = reply(q, 0, a(WWW, 3600, "192.0.2.80"));
        big.addRecord(new OPTRecord(4096, 0, 0, ExtendedFlags.DO), Section.ADDITIONAL);
        assertEquals(List.of("EDNS UDP payload size: reference 1232, candidate 4096"), cmp(q, ref, big).differences());
    }

    @Test
    void apexNsInPositiveAnswersIsOptional() throws Exception {
        Query q = Query.of("interop.example.", Type.MX);
        Name mail = name("mail.interop.example."), ns1 = name("ns1.interop.example.");
        Message nsd = reply(q, 0, new MXRecord(ZONE, DClass.IN, 3600, 10, mail));
        nsd.addRecord(new NSRecord(ZONE, DClass.IN, 3600, ns1), Section.AUTHORITY);
        nsd.addRecord(a(mail, 600, "192.0.2.25"), Section.ADDITIONAL);
        nsd.addRecord(a(ns1, 3600, "192.0.2.53"), Section.ADDITIONAL);
        Message minimal = reply(q, 0, new MXRecord(ZONE, DClass.IN, 3600, 10, mail));
        minimal.addRecord(a(mail, 600, "192.0.2.25"), Section.ADDITIONAL);
        var o = cmp(q, nsd, minimal);
        assertTrue(o.same(), o.toString());
        assertEquals(2, o.allowances().size(), o.toString());

        Message noMailAddress = reply(q, 0, new MXRecord(ZONE, DClass.IN, 3600, 10, mail));
        var missing = cmp(q, nsd, noMailAddress);
        assertEquals(List.of("additional: only the reference has mail.interop.example. 600 IN A 192.0.2.25"), missing.differences());
    }

    @Test
    void referralNsIsNotOptional() throws Exception {
        Query q = Query.of("www.sub.interop.example.", Type.A);
        Name sub = name("sub.interop.example.");
        Message ref = reply(q, 0);
        ref.getHeader().unsetFlag(Flags.AA);
        ref.addRecord(new NSRecord(sub, DClass.IN, 3600, name("ns1.sub.interop.example.")), Section.AUTHORITY);
        Message cand = reply(q, 0);
        cand.getHeader().unsetFlag(Flags.AA);
        assertFalse(cmp(q, ref, cand).same());
    }

    @Test
    void negativeAnswerNeedsTheSoa() throws Exception {
        Query q = Query.of("nope.interop.example.", Type.A);
        Message ref = reply(q, Rcode.NXDOMAIN);
        ref.addRecord(new SOARecord(ZONE, DClass.IN, 300, name("ns1.interop.example."), name("hostmaster.interop.example."),
                2026112801, 7200, 3600, 1209600, 300), Section.AUTHORITY);
        assertFalse(cmp(q, ref, reply(q, Rcode.NXDOMAIN)).same());
    }

    @Test
    void garbageDoesNotThrow() throws Exception {
        Query q = Query.of("www.interop.example.", Type.A);
        Message ref = reply(q, 0, a(WWW, 3600, "192.0.2.80"));
        byte[] garbage = ref.toWire().clone();
        garbage[7] = 9; // ANCOUNT 9, records missing
        var o = ResponseComparator.compare(q.wire(), ref.toWire(), garbage);
        assertFalse(o.same());
        var shortOne = ResponseComparator.compare(q.wire(), ref.toWire(), new byte[] {1, 2, 3});
        assertFalse(shortOne.same());
    }

    @Test
    void formErrCompareRcodeButNotTheRest() throws Exception {
        Query q = Query.raw("two questions", QueryCatalog.twoQuestions("www.interop.example."));
        byte[] bare = QueryCatalog.header(q.id(), 0x8001, 0, 0, 0, 0);          // NSD: QR, FORMERR, nothing else
        byte[] withRd = QueryCatalog.header(q.id(), 0x8101, 0, 0, 0, 0);        // QR RD FORMERR
        var o = ResponseComparator.compare(q.wire(), bare, withRd);
        assertTrue(o.same(), o.toString());
        byte[] notimp = QueryCatalog.header(q.id(), 0x8104, 0, 0, 0, 0);
        assertEquals("rcode: reference FORMERR, candidate NOTIMP", ResponseComparator.compare(q.wire(), bare, notimp).differences().getFirst());
        byte[] noQr = QueryCatalog.header(q.id(), 0x0001, 0, 0, 0, 0);
        assertFalse(ResponseComparator.compare(q.wire(), bare, noQr).same());
    }

    @Test
    void notImpMayEchoTheQuestionButOnlyTheQuerysOwn() throws Exception {
        Query q = Query.builder("www.interop.example.", Type.A).opcode(2).build();
        byte[] bare = QueryCatalog.header(q.id(), 0x9104, 0, 0, 0, 0);          // QR, opcode 2, RD, NOTIMP
        Message echo = new Message(q.wire());
        echo.getHeader().setFlag(Flags.QR);
        echo.getHeader().setRcode(Rcode.NOTIMP);
        var o = ResponseComparator.compare(q.wire(), bare, echo.toWire());
        assertTrue(o.same(), o.toString());
        Message other = Message.newQuery(Record.newRecord(name("mail.interop.example."), Type.A, DClass.IN));
        other.getHeader().setID(q.id());
        other.getHeader().setOpcode(2);
        other.getHeader().setFlag(Flags.QR);
        other.getHeader().setRcode(Rcode.NOTIMP);
        assertFalse(ResponseComparator.compare(q.wire(), bare, other.toWire()).same());
    }

    @Test
    void notifyMayBeNotImplemented() throws Exception {
        Query q = Query.builder("www.interop.example.", Type.A).opcode(Opcode.NOTIFY).build();
        byte[] nsd = QueryCatalog.header(q.id(), 0xa103, 0, 0, 0, 0);    // QR, NOTIFY, RD, NXDOMAIN
        byte[] notimp = QueryCatalog.header(q.id(), 0xa104, 0, 0, 0, 0); // QR, NOTIFY, RD, NOTIMP
        var o = ResponseComparator.compare(q.wire(), nsd, notimp);
        assertTrue(o.same(), o.toString());
        assertEquals(1, o.allowances().size());
        byte[] noerror = QueryCatalog.header(q.id(), 0xa100, 0, 0, 0, 0);
        assertFalse(ResponseComparator.compare(q.wire(), nsd, noerror).same(), "only NOTIMP is an accepted alternative");
    }
}

package dev.kiln.dns;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dns.wire.DnsNames;
import dev.kiln.dns.wire.Message;
import dev.kiln.dns.wire.MessageCodec;
import dev.kiln.dns.wire.ResourceRecord;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One test per answer class, decoding answers with our own codec. Runs without NSD. */
class AuthServerScenarioTest {
    final AuthServer server = new AuthServer(TestZones.zoneSet(), ServerConfig.defaults());

    byte[] raw(byte[] q, int outSize, boolean tcp) {
        MemorySegment out = MemorySegment.ofArray(new byte[outSize]);
        int n = server.answer(MemorySegment.ofArray(q), out, tcp);
        return out.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }

    Message ask(String name, int type) { return ask(Queries.query(0x4242, name, type, 1, true, 1232, false)); }

    Message ask(byte[] q) {
        byte[] r = raw(q, 65535, false);
        MessageCodec.Decoded d = MessageCodec.decode(r);
        assertTrue(d.ok(), "our answer decodes: " + d.error());
        return d.message();
    }

    static Set<String> names(List<ResourceRecord> rrs) {
        return rrs.stream().map(r -> DnsNames.toText(r.name()).toLowerCase() + "/" + r.type()).collect(Collectors.toSet());
    }

    @Test
    void positiveAnswerHasAaApexNsAndTheirAddresses() {
        Message m = ask("mail.example.com.", 1);
        assertEquals(0, m.rcode());
        assertTrue(m.header().aa());
        assertTrue(m.header().rd(), "RD copied");
        assertFalse(m.header().ra());
        assertEquals(0x4242, m.header().id());
        assertEquals(Set.of("mail.example.com./1"), names(m.answers()));
        assertEquals(Set.of("example.com./2"), names(m.authorities()));
        assertEquals(Set.of("ns1.example.com./1", "ns1.example.com./28"), names(m.additionals()));
        assertNotNull(m.edns());
        assertEquals(1232, m.edns().udpPayloadSize());
    }

    @Test
    void cnameChainIsFollowedWithinTheZone() {
        Message m = ask("alias.example.com.", 1);
        assertEquals(List.of(5, 5, 1), m.answers().stream().map(ResourceRecord::type).toList());
    }

    @Test
    void cnameLoopStops() {
        Message m = ask("loop1.example.com.", 1);
        assertEquals(0, m.rcode());
        assertEquals(2, m.answers().size());
    }

    @Test
    void nxdomainHasSoaWithNegativeTtl() {
        Message m = ask("nope.example.com.", 1);
        assertEquals(3, m.rcode());
        assertTrue(m.header().aa());
        assertEquals(1, m.authorities().size());
        ResourceRecord soa = m.authorities().get(0);
        assertEquals(6, soa.type());
        assertEquals(300, soa.ttl(), "RFC 2308 §3: min(SOA TTL 3600, MINIMUM 300)");
    }

    @Test
    void nodataAndEmptyNonTerminalAreNoErrorWithSoa() {
        for (String n : new String[] {"mail.example.com.", "ent.example.com.", "b.ent.example.com."}) {
            Message m = ask(n, 16);
            assertEquals(0, m.rcode(), n);
            assertEquals(0, m.answers().size(), n);
            assertEquals(Set.of("example.com./6"), names(m.authorities()), n);
        }
    }

    @Test
    void wildcardSynthesisesTheQueryName() {
        Message m = ask("Some.Wild.example.com.", 1);
        assertEquals(1, m.answers().size());
        assertArrayEquals(DnsNames.fromText("Some.Wild.example.com."), m.answers().get(0).name(), "owner in the query's case");
        Message nodata = ask("some.wild.example.com.", 15);
        assertEquals(0, nodata.rcode());
        assertEquals(0, nodata.answers().size());
        Message atParent = ask("wild.example.com.", 1);
        assertEquals(0, atParent.answers().size(), "the wildcard does not match its parent (RFC 4592 §2.2)");
        Message wcCname = ask("foo.wc.example.com.", 1);
        assertEquals(List.of(5, 1), wcCname.answers().stream().map(ResourceRecord::type).toList());
    }

    @Test
    void referralHasNoAaNsInAuthorityAndGlue() {
        Message m = ask("x.sub.example.com.", 1);
        assertEquals(0, m.rcode());
        assertFalse(m.header().aa());
        assertEquals(0, m.answers().size());
        assertEquals(Set.of("sub.example.com./2"), names(m.authorities()));
        assertEquals(Set.of("ns.sub.example.com./1"), names(m.additionals()));
    }

    @Test
    void mxAndSrvTargetsGetAddresses() {
        assertTrue(names(ask("example.com.", 15).additionals()).contains("mail.example.com./1"));
        assertTrue(names(ask("_sip._udp.example.com.", 33).additionals()).contains("mail.example.com./1"));
        assertTrue(names(ask("mx3.example.com.", 15).additionals()).contains("foo.wild.example.com./1"), "wildcard-synthesised");
        assertFalse(names(ask("mx4.example.com.", 15).additionals()).contains("ns.sub.example.com./1"), "no glue for MX");
    }

    @Test
    void outOfZoneIsRefusedWithExtendedError() {
        Message m = ask("example.org.", 1);
        assertEquals(5, m.rcode());
        assertFalse(m.header().aa());
        byte[] opts = m.edns().options();
        assertArrayEquals(new byte[] {0, 15, 0, 2, 0, 20}, opts, "EDE 20 Not Authoritative");
    }

    @Test
    void mostSpecificZoneWins() {
        Message m = ask("www.child.example.com.", 1);
        assertEquals(Set.of("child.example.com./2"), names(m.authorities()));
        assertTrue(m.header().aa());
        assertEquals(60, m.answers().get(0).ttl());
    }

    @Test
    void anyReturnsOneRrset() {
        Message m = ask("example.com.", 255);
        assertEquals(1, m.answers().size());
        assertEquals(6, m.answers().get(0).type());
        assertEquals(0, m.authorities().size());
    }

    @Test
    void unknownTypeAndCaaAreServedAsStored() {
        Message m = ask("unk.example.com.", 65534);
        assertArrayEquals(new byte[] {1, 2, 3}, m.answers().get(0).rdata());
        assertEquals(257, ask("caa.example.com.", 257).answers().get(0).type());
    }

    @Test
    void truncationWithoutEdnsIsEmptyWithTc() {
        Message m = ask(Queries.query(7, "manya.example.com.", 1, 1, false, Queries.NO_EDNS, false));
        assertTrue(m.header().tc());
        assertEquals(0, m.answers().size());
        assertEquals(1, m.questions().size());
        assertNull(m.edns());
        byte[] big = raw(Queries.query(7, "manya.example.com.", 1, 1, false, Queries.NO_EDNS, false), 65535, true);
        Message tcp = MessageCodec.decode(big).message();
        assertFalse(tcp.header().tc(), "TCP carries all 120 records");
        assertEquals(120, tcp.answers().size());
        assertTrue(server.counter(Counter.TRUNCATED) >= 1);
    }

    @Test
    void answerRespectsTheTransportCapacity() {
        byte[] q = Queries.query(7, "manya.example.com.", 1, 1, false, 4096, false);
        byte[] r = raw(q, 600, false);
        assertTrue(r.length <= 600);
        assertTrue(MessageCodec.decode(r).message().header().tc());
    }

    @Test
    void doBitIsEchoedAndBadVersionGetsBadvers() {
        Message m = ask(Queries.query(1, "example.com.", 6, 1, false, 1232, true));
        assertTrue(m.edns().dnssecOk());
        byte[] q = Queries.query(1, "example.com.", 6, 1, false, 1232, false);
        q[q.length - 5] = 1; // EDNS version 1
        Message bad = ask(q);
        assertEquals(16, bad.rcode(), "BADVERS");
        assertEquals(0, bad.edns().version());
    }

    @Test
    void badVersionWithAMalformedOptionStillGetsBadvers() {
        byte[] q = Queries.query(1, "example.com.", 6, 1, false, 1232, false);
        byte[] withOpt = java.util.Arrays.copyOf(q, q.length + 3);
        withOpt[q.length - 5] = 1; // EDNS version 1
        withOpt[q.length - 1] = 3; // RDLEN 3: an option header cut short
        assertEquals(16, ask(withOpt).rcode(), "NSD answers BADVERS before looking at the options");
        withOpt[q.length - 5] = 0;
        assertEquals(1, ask(withOpt).rcode(), "the same option with version 0: FORMERR");
    }

    @Test
    void errorsAndDrops() {
        byte[] q = Queries.query("www.example.com.", 1);
        byte[] resp = q.clone();
        resp[2] |= (byte) 0x80;
        assertEquals(0, raw(resp, 512, false).length, "QR=1 is dropped");
        assertEquals(0, raw(new byte[5], 512, false).length, "short is dropped");
        byte[] notimp = q.clone();
        notimp[2] |= 0x10; // opcode 2
        assertEquals(4, raw(notimp, 512, false)[3] & 0xF);
        byte[] qd2 = q.clone();
        qd2[5] = 2;
        assertEquals(1, raw(qd2, 512, false)[3] & 0xF);
        assertEquals(1L, server.counters().get("FORMERR_QDCOUNT"));
        byte[] chaos = Queries.query(1, "version.bind.", 16, 3, false, Queries.NO_EDNS, false);
        assertEquals(5, raw(chaos, 512, false)[3] & 0xF);
    }

    @Test
    void memoHitPatchesIdRdAndCase() {
        byte[] a = raw(Queries.query(1, "www.example.com.", 1, 1, true, 1232, false), 2048, false);
        byte[] b = raw(Queries.query(2, "WWW.EXAMPLE.COM.", 1, 1, false, 1232, false), 2048, false);
        assertTrue(server.counter(Counter.MEMO_HITS) >= 1);
        assertEquals(a.length, b.length);
        assertEquals(2, b[1]);
        assertEquals(0, b[2] & 1, "RD from the second query");
        Message m = MessageCodec.decode(b).message();
        assertArrayEquals(DnsNames.fromText("WWW.EXAMPLE.COM."), m.answers().get(0).name());
        assertArrayEquals(DnsNames.fromText("EXAMPLE.COM."), m.answers().get(1).name());
        assertTrue(Arrays.equals(Arrays.copyOfRange(a, 4, 12), Arrays.copyOfRange(b, 4, 12)));
    }

    @Test
    void refusedWithoutQuestionIsNotMemoisedIntoGarbage() {
        // regression (found by Jazzer): class 195 is REFUSED without a question; a memo hit used to patch
        // the query name over the OPT record
        for (int i = 0; i < 3; i++) {
            byte[] r = raw(Queries.query(9, "www.example.com.", 1, 195, false, 1232, false), 1232, false);
            assertTrue(MessageCodec.decode(r).ok(), "round " + i);
            assertEquals(0, r[5]);
        }
    }

    @Test
    void dnameSynthesisesACnameAndTooLongIsYxdomain() {
        Message m = ask("a.B.dn.example.com.", 1);
        assertEquals(List.of(39, 5), m.answers().stream().map(ResourceRecord::type).toList());
        assertArrayEquals(DnsNames.fromText("a.b.target.example.net."), m.answers().get(1).rdata(), "RFC 6672 §3.3");
        Message viaWildcard = ask("q.dn2.example.com.", 1);
        assertEquals(List.of(39, 5, 1), viaWildcard.answers().stream().map(ResourceRecord::type).toList());
        StringBuilder n = new StringBuilder();
        for (int i = 0; i < 117; i++) n.append("a.");
        Message yx = ask(n + "dnloop.example.com.", 1);
        assertEquals(6, yx.rcode(), "YXDOMAIN (RFC 6672 §2.2)");
    }
}

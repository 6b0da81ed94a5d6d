package dev.kiln.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.Message;
import org.xbill.DNS.Type;

/** The query list itself: well-formed where it should be, malformed exactly where it means to be. */
class QueryCatalogTest {
    @Test
    void labelsAreUniqueAndQueriesAreWellFormedUnlessCraftedByHand() throws Exception {
        List<Query> qs = QueryCatalog.interopZone();
        Set<String> labels = new HashSet<>();
        for (Query q : qs) {
            assertTrue(labels.add(q.label()), "duplicate label " + q.label());
            if (q.dig() != null) {
                Message m = new Message(q.wire());
                assertEquals(1, m.getHeader().getCount(0), q.label());
            }
        }
        assertTrue(qs.size() >= 50, "catalog has " + qs.size() + " queries");
    }

    @Test
    void mixedCaseIsKeptOnTheWire() {
        Query q = Query.of("WwW.InTeRoP.ExAmPlE.", Type.A);
        byte[] question = ResponseComparator.questionBytes(q.wire());
        String wire = new String(question, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(wire.contains("WwW") && wire.contains("InTeRoP") && wire.contains("ExAmPlE"), wire);
    }

    @Test
    void handMadePacketsAreWhatTheySay() {
        byte[] two = QueryCatalog.twoQuestions("www.interop.example.");
        assertEquals(2, two[5]);
        byte[] one = ResponseComparator.questionBytes(Query.of("www.interop.example.", Type.A).wire());
        assertEquals(12 + 2 * one.length, two.length);
        byte[] v1 = QueryCatalog.ednsVersion1("www.interop.example.");
        // OPT: root(0) type 41 class payload, then TTL: ext-rcode 0, version 1, flags 0, then rdlen 0
        assertArrayEquals(new byte[] {0, 0, 41, 0x04, (byte) 0xd0, 0, 1, 0, 0, 0, 0}, java.util.Arrays.copyOfRange(v1, v1.length - 11, v1.length));
        assertEquals(17, QueryCatalog.cutShort("www.interop.example.").length);
        byte[] both = QueryCatalog.optVersion(QueryCatalog.optionLengthTooLong("www.interop.example."), 1);
        int opt = 12 + ResponseComparator.questionBytes(both).length;
        assertArrayEquals(new byte[] {0, 0, 41, 0x04, (byte) 0xd0, 0, 1}, java.util.Arrays.copyOfRange(both, opt, opt + 7));
        assertTrue((QueryCatalog.setQr(Query.of("a.", Type.A).wire())[2] & 0x80) != 0);
    }

    @Test
    void zoneDerivedQueriesCoverEveryRrsetIncludingIncludedOnes() throws Exception {
        List<Query> qs = QueryCatalog.fromZone(TestZones.interop());
        Set<String> labels = new HashSet<>();
        for (Query q : qs) labels.add(q.label());
        assertTrue(labels.contains("zone RRset (big.interop.example. TXT +noedns)"), labels.toString());
        assertTrue(labels.contains("zone RRset (private.interop.example. TYPE65280 +noedns)"), labels.toString());
        assertTrue(labels.contains("zone wildcard synthesis (kiln-synth.wild.interop.example. A +noedns)"), labels.toString());
        assertEquals(qs.size(), labels.size(), "labels unique");
    }

    @Test
    void againChangesIdAndCaseButNothingElse() {
        Query q = Query.of("www.interop.example.", Type.A);
        Query a = q.again(7);
        assertTrue(a.id() != q.id());
        String was = new String(ResponseComparator.questionBytes(q.wire()), java.nio.charset.StandardCharsets.ISO_8859_1);
        String now = new String(ResponseComparator.questionBytes(a.wire()), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(!was.equals(now) && was.equalsIgnoreCase(now), was + " / " + now);
        assertArrayEquals(java.util.Arrays.copyOfRange(q.wire(), 2, 12), java.util.Arrays.copyOfRange(a.wire(), 2, 12));
    }

    @Test
    void longNamesHaveTheLengthsTheySay() throws Exception {
        byte[] n255 = QueryCatalog.nameBelowZone(255);
        assertEquals(255, n255.length);
        org.xbill.DNS.Name parsed = new org.xbill.DNS.Name(new org.xbill.DNS.DNSInput(n255));
        assertTrue(parsed.subdomain(org.xbill.DNS.Name.fromString(QueryCatalog.ZONE)), parsed.toString());
        assertEquals(255, parsed.length());
        for (int n = 250; n <= 300; n++) {
            byte[] b = QueryCatalog.longName(n);
            assertEquals(n, b.length);
            for (int p = 0; p < b.length - 1; p += 1 + b[p]) assertTrue(b[p] > 0, "no empty label inside, at " + p + " of " + n);
        }
    }

    @Test
    void hostileLabelsAreUnique() {
        Set<String> labels = new HashSet<>();
        for (Query q : QueryCatalog.hostile()) assertTrue(labels.add(q.label()), q.label());
        for (Query q : QueryCatalog.interopZone()) assertTrue(labels.add(q.label()), q.label());
    }
}

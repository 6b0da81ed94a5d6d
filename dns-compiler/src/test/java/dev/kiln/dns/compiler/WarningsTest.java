package dev.kiln.dns.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dns.zone.Rr;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** What the compiler accepts but warns about, and what it does with it. */
class WarningsTest {

    static Diagnostic only(CompiledZones z) {
        assertEquals(1, z.warnings().size(), () -> "warnings: " + z.warnings());
        return z.warnings().get(0);
    }

    @Test
    void duplicateRecordIsServedOnce() throws Exception {
        CompiledZones z = new MemFiles().put("example.com.zone", MemFiles.HEADER + "www A 192.0.2.1\nWWW A 192.0.2.1\n")
                .compile("example.com.zone", null);
        Diagnostic w = only(z);
        assertEquals(7, w.line());
        assertEquals(Severity.WARNING, w.severity());
        assertEquals("example.com.zone:7: warning: duplicate A record at WWW.example.com. (same as example.com.zone:6); it is served once; remove the duplicate",
                w.render());
        assertEquals(4, z.zones().get(0).records().size());
    }

    @Test
    void rrsetTtlsAreMadeEqual() throws Exception {
        CompiledZones z = new MemFiles().put("example.com.zone", MemFiles.HEADER + "www 300 A 192.0.2.1\nwww 600 A 192.0.2.2\n")
                .compile("example.com.zone", null);
        Diagnostic w = only(z);
        assertEquals(7, w.line());
        assertTrue(w.message().contains("differs from TTL 300"), w.message());
        List<Rr> www = z.zones().get(0).records().stream().filter(r -> r.type() == Type.A && java.util.Arrays.equals(r.owner(), wwwWire())).toList();
        assertEquals(List.of(300L, 300L), www.stream().map(Rr::ttl).toList());
    }

    static byte[] wwwWire() {
        try {
            return Name.fromString("www.example.com.").toWire();
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void dataBelowADelegationIsOccluded() throws Exception {
        CompiledZones z = new MemFiles().put("example.com.zone", MemFiles.HEADER + """
                sub      NS  ns.sub
                ns.sub   A   192.0.2.9
                www.sub  A   192.0.2.10
                sub      TXT "at the cut"
                """).compile("example.com.zone", null);
        List<Diagnostic> w = z.warnings(); // in line order
        assertEquals(2, w.size(), () -> w.toString());
        assertEquals(8, w.get(0).line());
        assertTrue(w.get(0).message().contains("A record at www.sub.example.com. is below the delegation sub.example.com."), w.get(0).message());
        assertEquals(9, w.get(1).line());
        assertTrue(w.get(1).message().contains("at the delegation point sub.example.com."), w.get(1).message());
        assertEquals(7, z.zones().get(0).records().size(), "occluded data is kept (the server never answers from it) and warned about");
    }

    @Test
    void mxTargetThatIsACnameIsAWarning() throws Exception {
        CompiledZones z = new MemFiles().put("example.com.zone", MemFiles.HEADER + "@ MX 10 mx\nmx CNAME ns1\n")
                .compile("example.com.zone", null);
        assertTrue(only(z).message().contains("MX target mx.example.com. (in the MX record at example.com.) is a CNAME"), only(z).message());
    }

    @Test
    void forgottenTrailingDotIsPointedOut() throws Exception {
        CompiledZones z = new MemFiles().put("example.com.zone", MemFiles.HEADER + "www CNAME web.example.com\nweb A 192.0.2.7\n")
                .compile("example.com.zone", null);
        Diagnostic w = only(z);
        assertEquals(6, w.line());
        assertTrue(w.message().contains("CNAME target web.example.com.example.com. ends in the origin twice"), w.message());
    }

    @Test
    void namesKeepTheirSpellingInOwnersAndRdata() throws Exception {
        CompiledZones z = new MemFiles().put("x.db", """
                $TTL 60
                Example.COM. SOA NS1.Example.COM. Host.Example.COM. 1 2 3 4 5
                Example.COM. NS  NS1.Example.COM.
                NS1.Example.COM. A 192.0.2.1
                """).compile("x.db", null);
        assertEquals(List.of(), z.warnings());
        Rr ns = z.zones().get(0).records().stream().filter(r -> r.type() == Type.NS).findFirst().orElseThrow();
        assertArrayEquals(Name.fromString("NS1.Example.COM.").toWire(), ns.rdata());
        assertArrayEquals(Name.fromString("Example.COM.").toWire(), ns.owner());
        assertArrayEquals(Name.fromString("Example.COM.").toWire(), z.zones().get(0).origin());
    }

    @Test
    void soaWithoutTtlTakesItsMinimum() throws Exception {
        CompiledZones z = new MemFiles().put("example.org.zone", """
                @   SOA ns hostmaster 1 2 3 4 900
                @   NS  ns
                ns  A   192.0.2.1
                """).compile("example.org.zone", null);
        assertEquals(List.of(900L, 900L, 900L), z.zones().get(0).records().stream().map(Rr::ttl).toList(),
                "the SOA's MINIMUM, then RFC 1035 §5.1: the last stated TTL");
    }

    @Test
    void nonAsciiOwnerIsAWarningAndUtf8TextIsKept() throws Exception {
        CompiledZones z = new MemFiles().put("example.com.zone", MemFiles.HEADER + "t TXT \"café\"\ncafé A 192.0.2.2\n")
                .compile("example.com.zone", null);
        Diagnostic w = only(z);
        assertEquals(7, w.line());
        assertTrue(w.message().contains("contains non-ASCII bytes"), w.message());
        Rr txt = z.zones().get(0).records().stream().filter(r -> r.type() == Type.TXT).findFirst().orElseThrow();
        assertArrayEquals(new byte[] {5, 'c', 'a', 'f', (byte) 0xC3, (byte) 0xA9}, txt.rdata());
    }

    @Test
    void dataBelowADnameIsOccluded() throws Exception {
        CompiledZones z = new MemFiles().put("example.com.zone", MemFiles.HEADER + "d DNAME example.net.\nx.d A 192.0.2.1\n")
                .compile("example.com.zone", null);
        Diagnostic w = only(z);
        assertEquals(7, w.line());
        assertTrue(w.message().contains("A record at x.d.example.com. is below the DNAME at d.example.com."), w.message());
    }

    @Test
    void twoDnamesAtOneOwnerIsAnError() {
        ZoneCompileException e = new MemFiles().put("example.com.zone", MemFiles.HEADER + "d DNAME example.net.\nd DNAME example.org.\n")
                .fail("example.com.zone", null, CompilerLimits.DEFAULTS);
        assertEquals(1, e.errors().size(), e.getMessage());
        assertEquals(7, e.errors().get(0).line());
        assertTrue(e.errors().get(0).message().contains("more than one DNAME at d.example.com."), e.getMessage());
    }

    @Test
    void cnameMayShareItsOwnerWithDnssecRecords() throws Exception {
        CompiledZones z = new MemFiles().put("example.com.zone", MemFiles.HEADER + """
                www CNAME ns1
                www NSEC  zz.example.com. CNAME RRSIG NSEC
                www RRSIG CNAME 13 3 3600 20270101000000 20260101000000 12345 example.com. AAAA
                """).compile("example.com.zone", null);
        assertEquals(List.of(), z.warnings());
        assertEquals(6, z.zones().get(0).records().size());
    }
}

package dev.kiln.dns.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.dns.zone.Rr;
import dev.kiln.dns.zone.ZoneSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** The shipped example zones compile to the expected records, byte for byte where it matters. */
class ExampleZonesTest {

    static CompiledZones compiled;
    static ZoneSource com;
    static ZoneSource net;

    @BeforeAll
    static void compileBoth() throws ZoneCompileException {
        compiled = ZoneCompiler.compile(List.of(
                ZoneInput.of(Examples.zone("example.com.zone")),
                ZoneInput.of(Examples.zone("example.net.zone"))));
        com = compiled.zones().get(0);
        net = compiled.zones().get(1);
    }

    static byte[] wire(String name) {
        try {
            return Name.fromString(name).toWire();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] hex(String h) {
        return HexFormat.of().parseHex(h.replace(" ", ""));
    }

    static List<Rr> at(ZoneSource z, String owner, int type) {
        byte[] o = wire(owner);
        return z.records().stream().filter(r -> java.util.Arrays.equals(r.owner(), o) && r.type() == type).toList();
    }

    static Rr one(ZoneSource z, String owner, int type) {
        List<Rr> l = at(z, owner, type);
        assertEquals(1, l.size(), () -> "records of type " + Type.string(type) + " at " + owner + ": " + l.size());
        return l.get(0);
    }

    @Test
    void compilesWithoutWarnings() {
        assertEquals(List.of(), compiled.warnings());
        assertEquals(2, compiled.zones().size());
        assertArrayEquals(wire("example.com."), com.origin());
        assertArrayEquals(wire("example.net."), net.origin());
    }

    @Test
    void soaComesFirst() {
        assertEquals(Type.SOA, com.records().get(0).type());
        assertEquals(Type.SOA, net.records().get(0).type());
        assertEquals(1, com.records().stream().filter(r -> r.type() == Type.SOA).count());
        Rr soa = com.records().get(0);
        assertArrayEquals(wire("example.com."), soa.owner());
        assertEquals(3600, soa.ttl());
        // MNAME, RNAME uncompressed, then serial, refresh, retry, expire, minimum.
        byte[] expected = concat(wire("ns1.example.com."), wire("hostmaster.example.com."),
                hex("78c40721 00001c20 00000e10 00127500 0000012c"));
        assertArrayEquals(expected, soa.rdata(), HexFormat.of().formatHex(soa.rdata()));
    }

    @Test
    void recordCountsByType() {
        assertEquals("A 17, AAAA 8, CAA 2, CNAME 4, MX 2, NS 5, PTR 1, SOA 1, SRV 1, TXT 5, TYPE65280 1", ZoneCheck.countsByType(com));
        assertEquals(47, com.records().size());
        assertEquals(6, net.records().size());
    }

    @Test
    void addressRecordsInWireForm() {
        assertArrayEquals(hex("c0000201"), one(com, "example.com.", Type.A).rdata());
        assertArrayEquals(hex("20010db8 00000000 00000000 00000001"), one(com, "example.com.", Type.AAAA).rdata());
        assertEquals(2, at(com, "www.example.com.", Type.A).size());
        assertEquals(300, at(com, "www.example.com.", Type.A).get(0).ttl());
        assertEquals(60, one(com, "host2.lab.example.com.", Type.AAAA).ttl(), "$ORIGIN lab.example.com. applies");
        assertArrayEquals(hex("c633640a"), one(com, "lab.example.com.", Type.A).rdata());
    }

    @Test
    void mxTargetIsUncompressedAndSpeltAsWritten() {
        Rr mx = at(com, "example.com.", Type.MX).get(0);
        assertArrayEquals(concat(hex("000a"), wire("mail.example.com.")), mx.rdata());
    }

    @Test
    void txtKeepsItsStrings() {
        Rr txt = one(com, "txt.example.com.", Type.TXT);
        byte[] expected = concat(str("first string"), str("second string"), str("third; with a semicolon"));
        assertArrayEquals(expected, txt.rdata());
        assertEquals(2 * 201, one(com, "long.example.com.", Type.TXT).rdata().length);
    }

    @Test
    void unknownTypeInRfc3597SyntaxKeepsItsBytes() {
        Rr u = one(com, "unknown.example.com.", 65280);
        assertArrayEquals(hex("0a000001"), u.rdata());
        Rr generic = one(com, "generic.example.com.", Type.A);
        assertArrayEquals(hex("c0000204"), generic.rdata(), "TYPE1 \\# 4 C0000204 is an A record");
    }

    @Test
    void cnameChainWildcardsSrvAndDelegation() {
        assertArrayEquals(wire("b.example.com."), one(com, "a.example.com.", Type.CNAME).rdata());
        assertArrayEquals(wire("c.example.com."), one(com, "b.example.com.", Type.CNAME).rdata());
        assertArrayEquals(wire("www.example.net."), one(com, "ext.example.com.", Type.CNAME).rdata());
        assertEquals(1, at(com, "*.wild.example.com.", Type.A).size());
        assertEquals(1, at(com, "*.wild.example.com.", Type.TXT).size());
        assertEquals(1, at(com, "*.alias.example.com.", Type.CNAME).size());
        assertArrayEquals(concat(hex("000a 003c 13c4"), wire("sip.example.com.")), one(com, "_sip._udp.example.com.", Type.SRV).rdata());
        assertEquals(3, at(com, "sub.example.com.", Type.NS).size());
        assertEquals(1, at(com, "ns1.sub.example.com.", Type.A).size());
        assertEquals(1, at(com, "ns1.sub.example.com.", Type.AAAA).size());
        assertEquals(0, com.records().stream().filter(r -> java.util.Arrays.equals(r.owner(), wire("ent.example.com."))).count(),
                "ent.example.com. is an empty non-terminal");
        assertEquals(1, at(com, "deep.ent.example.com.", Type.A).size());
    }

    @Test
    void includedRecordsArePresent() {
        assertEquals(1, at(com, "app.example.com.", Type.TXT).size());
        assertEquals(1, at(com, "app.example.com.", Type.AAAA).size());
        assertEquals(1, at(com, "mail.example.com.", Type.AAAA).size());
    }

    @Test
    void nsdAcceptsTheExampleZones() throws Exception {
        Path nsd = Path.of("/usr/sbin/nsd-checkzone");
        Assumptions.assumeTrue(java.nio.file.Files.isExecutable(nsd), "needs nsd-checkzone (apt-get install nsd)");
        for (String zone : List.of("example.com", "example.net")) {
            // NSD resolves $INCLUDE against its working directory, so run it in the zones directory.
            Process p = new ProcessBuilder(nsd.toString(), zone, zone + ".zone")
                    .directory(Examples.dir().toFile()).redirectErrorStream(true).start();
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "nsd-checkzone finished");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("zone " + zone + " is ok"), out);
        }
    }

    static byte[] str(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return concat(new byte[] {(byte) b.length}, b);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}

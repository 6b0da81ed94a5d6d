package dev.kiln.dns.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Limits, $INCLUDE semantics and line numbers, origins. */
class LimitsAndIncludesTest {

    static final CompilerLimits D = CompilerLimits.DEFAULTS;

    static void assertError(ZoneCompileException e, String file, int line, String text) {
        assertTrue(e.errors().stream().anyMatch(d -> d.file().getFileName().toString().equals(file) && d.line() == line
                && d.message().contains(text)), () -> "wanted " + file + ":" + line + " " + text + " in\n" + e.getMessage());
    }

    @Test
    void recordsPerZoneLimit() {
        MemFiles f = new MemFiles().put("example.com.zone", MemFiles.HEADER + "a A 192.0.2.1\nb A 192.0.2.2\nc A 192.0.2.3\n");
        ZoneCompileException e = f.fail("example.com.zone", null, D.withRecordsPerZoneMax(4));
        assertError(e, "example.com.zone", 7, "the zone has more than 4 records");
        assertEquals(1, e.errors().size(), e.getMessage());
    }

    @Test
    void fileSizeLimit() {
        MemFiles f = new MemFiles().put("example.com.zone", MemFiles.HEADER);
        ZoneCompileException e = f.fail("example.com.zone", null, D.withFileBytesMax(50));
        assertError(e, "example.com.zone", 0, "is larger than 50 bytes");
    }

    @Test
    void includeDepthLimit() throws Exception {
        MemFiles f = new MemFiles()
                .put("example.com.zone", MemFiles.HEADER + "$INCLUDE one.inc\n")
                .put("one.inc", "a A 192.0.2.1\n$INCLUDE two.inc\n")
                .put("two.inc", "b A 192.0.2.2\n");
        assertEquals(5, f.compile("example.com.zone", null, D.withIncludeDepthMax(2)).zones().get(0).records().size());
        ZoneCompileException e = f.fail("example.com.zone", null, D.withIncludeDepthMax(1));
        assertError(e, "one.inc", 2, "$INCLUDE nested more than 1 deep");
    }

    @Test
    void rdataLimit() {
        MemFiles f = new MemFiles().put("example.com.zone", MemFiles.HEADER + "t TXT \"0123456789abcdef\"\n");
        ZoneCompileException e = f.fail("example.com.zone", null, D.withRdataBytesMax(16));
        assertError(e, "example.com.zone", 6, "has 17 bytes of data, more than the limit of 16");
    }

    @Test
    void nameLengthLimit() {
        MemFiles f = new MemFiles().put("example.com.zone", MemFiles.HEADER + "a-rather-long-label A 192.0.2.1\n");
        ZoneCompileException e = f.fail("example.com.zone", null, D.withNameBytesMax(24));
        assertError(e, "example.com.zone", 6, "bytes long, more than the limit of 24");
    }

    @Test
    void ttlLimit() {
        MemFiles f = new MemFiles().put("example.com.zone", MemFiles.HEADER + "a 1w A 192.0.2.1\n");
        ZoneCompileException e = f.fail("example.com.zone", null, D.withTtlSecondsMax(86400));
        assertError(e, "example.com.zone", 6, "TTL 1w is larger than 86400 seconds");
    }

    @Test
    void errorsAreCapped() {
        StringBuilder sb = new StringBuilder(MemFiles.HEADER);
        for (int i = 0; i < 20; i++) {
            sb.append("h").append(i).append(" A 192.0.2.").append(300 + i).append('\n');
        }
        ZoneCompileException e = new MemFiles().put("example.com.zone", sb.toString()).fail("example.com.zone", null, D.withErrorsMax(3));
        assertEquals(4, e.errors().size(), e.getMessage());
        assertTrue(e.errors().get(3).message().contains("stopped after 3 errors"), e.getMessage());
    }

    @Test
    void zonesLimit() {
        MemFiles f = new MemFiles().put("a.zone", "").put("b.zone", "");
        ZoneCompileException e = assertThrows(ZoneCompileException.class, () -> ZoneCompiler.compile(
                List.of(new ZoneInput(java.nio.file.Path.of("a.zone"), null), new ZoneInput(java.nio.file.Path.of("b.zone"), null)),
                D.withZonesMax(1), f));
        assertTrue(e.getMessage().contains("2 zones given, more than the limit of 1"), e.getMessage());
    }

    @Test
    void includeLineNumbersAndOrigin() {
        MemFiles f = new MemFiles()
                .put("example.com.zone", MemFiles.HEADER + "\n$INCLUDE inc/hosts.inc lab\nafter A 192.0.2.99\nbad A 192.0.2.256\n")
                .put("inc/hosts.inc", "; hosts\n\nh1 A 192.0.2.1\nh2 A 192.0.2.2.2\n@ A 192.0.2.3\n");
        ZoneCompileException e = f.fail("example.com.zone", null, D);
        assertEquals(2, e.errors().size(), e.getMessage());
        assertError(e, "hosts.inc", 4, "bad A record at h2.lab.example.com.");
        assertError(e, "example.com.zone", 9, "bad A record at bad.example.com.");
    }

    @Test
    void includeOriginDoesNotLeakBackAndStateIsPerFile() throws Exception {
        MemFiles f = new MemFiles()
                .put("example.com.zone", MemFiles.HEADER + "$INCLUDE inc.inc lab.example.com.\nafter A 192.0.2.99\n")
                .put("inc.inc", "$TTL 60\n@ A 192.0.2.3\n$ORIGIN other.example.com.\nx A 192.0.2.4\n");
        var z = f.compile("example.com.zone", null).zones().get(0);
        List<String> names = z.records().stream().map(r -> {
            try {
                return new org.xbill.DNS.Name(r.owner()) + "/" + r.ttl();
            } catch (java.io.IOException ex) {
                throw new AssertionError(ex);
            }
        }).toList();
        assertTrue(names.contains("lab.example.com./60"), names.toString());
        assertTrue(names.contains("x.other.example.com./60"), names.toString());
        assertTrue(names.contains("after.example.com./3600"), "the includer's $ORIGIN and $TTL are unchanged: " + names);
    }

    @Test
    void includeCycleThroughTwoFiles() {
        MemFiles f = new MemFiles()
                .put("example.com.zone", MemFiles.HEADER + "$INCLUDE a.inc\n")
                .put("a.inc", "$INCLUDE b.inc\n")
                .put("b.inc", "x A 192.0.2.1\n$INCLUDE a.inc\n");
        ZoneCompileException e = f.fail("example.com.zone", null, D);
        assertError(e, "b.inc", 2, "$INCLUDE cycle: a.inc is already being read");
    }

    @Test
    void originDerivation() {
        assertEquals("example.com.", ZoneCompiler.originFromFileName(java.nio.file.Path.of("dir/example.com.zone")).toString());
        assertEquals(null, ZoneCompiler.originFromFileName(java.nio.file.Path.of("db.example.com")));
        assertEquals(null, ZoneCompiler.originFromFileName(java.nio.file.Path.of(".zone")));
        assertEquals("example.com.", ZoneCompiler.parseOrigin("example.com").toString());
    }

    @Test
    void explicitOriginWinsOverFileName() throws Exception {
        MemFiles f = new MemFiles().put("example.com.zone", """
                $TTL 60
                @ SOA ns hm 1 2 3 4 5
                @ NS ns
                ns A 192.0.2.1
                """);
        var z = f.compile("example.com.zone", "example.org").zones().get(0);
        assertEquals("example.org.", new org.xbill.DNS.Name(z.origin()).toString());
    }

    @Test
    void crlfAndBomAreAccepted() throws Exception {
        String text = "\uFEFF" + MemFiles.HEADER.replace("\n", "\r\n") + "www A 192.0.2.1\r\n";
        var z = new MemFiles().put("example.com.zone", text).compile("example.com.zone", null).zones().get(0);
        assertEquals(4, z.records().size());
    }

    @Test
    void errorsLineNumbersWithCrlf() {
        String text = MemFiles.HEADER.replace("\n", "\r\n") + "www A 192.0.2.300\r\n";
        ZoneCompileException e = new MemFiles().put("example.com.zone", text).fail("example.com.zone", null, D);
        assertError(e, "example.com.zone", 6, "Invalid address");
    }

    @Test
    void generateExpandsWithinTheLimits() throws Exception {
        MemFiles f = new MemFiles().put("example.com.zone", MemFiles.HEADER + "$GENERATE 1-20/2 host$ A 192.0.2.$\n$GENERATE 1-3 $.rev PTR host$\n");
        var z = f.compile("example.com.zone", null).zones().get(0);
        assertEquals(3 + 10 + 3, z.records().size());
        var host19 = z.records().stream().filter(r -> {
            try {
                return new org.xbill.DNS.Name(r.owner()).toString().equals("host19.example.com.");
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }).findFirst().orElseThrow();
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {(byte) 192, 0, 2, 19}, host19.rdata());
        ZoneCompileException e = f.put("big.zone", MemFiles.HEADER + "$GENERATE 1-4000000000 h$ A 192.0.2.1\n").fail("big.zone", "example.com", D);
        assertError(e, "big.zone", 6, "makes 4000000000 records: the zone would have more than 1000000 records");
    }
}

package dev.kiln.dns.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each fixture under src/test/resources/bad/ fails with the right file, line and reason. */
class BadZonesTest {

    static Path bad(String name) {
        try {
            return Path.of(BadZonesTest.class.getResource("/bad/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing fixture " + name, e);
        }
    }

    static ZoneCompileException fail(Path file, String origin) {
        return assertThrows(ZoneCompileException.class,
                () -> ZoneCompiler.compile(List.of(new ZoneInput(file, origin)), CompilerLimits.DEFAULTS));
    }

    static void assertHas(ZoneCompileException e, String fileName, int line, String message) {
        boolean found = e.errors().stream().anyMatch(d -> d.file().getFileName().toString().equals(fileName)
                && d.line() == line && d.message().contains(message));
        assertTrue(found, () -> "expected an error at " + fileName + ":" + line + " containing \"" + message + "\", got:\n" + e.getMessage());
    }

    @ParameterizedTest(name = "{0}:{1} {2}")
    @CsvSource(delimiter = '|', textBlock = """
            cname-and-other.zone      | 7  | CNAME at www.example.com. cannot coexist with other data (A)
            two-cnames.zone           | 7  | more than one CNAME at www.example.com. (the first is at two-cnames.zone:6)
            no-soa.zone               | 0  | no SOA record at the apex example.com.
            two-soas.zone             | 6  | second SOA record at example.com. (the first is at two-soas.zone:3)
            soa-below-apex.zone       | 6  | SOA record at sub.example.com. is not at the zone apex example.com.
            no-apex-ns.zone           | 0  | no NS records at the apex example.com.
            out-of-zone.zone          | 6  | A record at www.example.org. is outside the zone example.com.
            missing-glue.zone         | 6  | delegation sub.example.com. has NS ns1.sub.example.com. without glue
            ns-target-no-address.zone | 6  | NS target ns2.example.com. (in the NS record at example.com.) has no A or AAAA record
            ns-target-cname.zone      | 6  | NS target ns3.example.com. (in the NS record at example.com.) is a CNAME
            wrong-class.zone          | 6  | class CH at www.example.com. is not supported
            ttl-too-large.zone        | 6  | TTL 2147483648 is larger than 2147483647 seconds (RFC 2181 §8)
            no-ttl.zone               | 2  | no TTL for the A record at ns1.example.com.
            bad-address.zone          | 6  | bad A record at www.example.com.: Invalid address: 192.0.2.300
            bad-multiline.zone        | 5  | bad SOA record at example.com.: expected a TTL-like value
            unknown-type.zone         | 6  | unknown record type 'FOO' at www.example.com.
            generic-length.zone       | 6  | invalid unknown RR encoding: length mismatch
            unknown-directive.zone    | 6  | unknown directive $FOO
            generate.zone             | 6  | $GENERATE cannot make TXT records
            include-missing.zone      | 6  | included file
            include-cycle.inc         | 2  | $INCLUDE cycle: include-cycle.zone is already being read
            meta-type.zone            | 6  | ANY is a query or meta type
            ds-at-apex.zone           | 6  | DS record at the apex example.com.
            trailing-text.zone        | 6  | unexpected tokens at end of record
            no-owner.zone             | 1  | no owner name
            unbalanced.zone           | 6  | unbalanced parentheses
            unterminated-quote.zone   | 6  | bad TXT record at txt.example.com.
            unterminated-quote.zone   | 8  | Invalid address: 192.0.2.999
            not-utf8.zone             | 6  | file is not UTF-8 text: byte 0xE9
            nul-byte.zone             | 6  | file contains a NUL byte
            empty.zone                | 0  | zone file is empty
            """)
    void badFixtureFailsAtLineWithReason(String fixture, int line, String message) {
        String zone = fixture.endsWith(".inc") ? fixture.replace(".inc", ".zone") : fixture;
        ZoneCompileException e = fail(bad(zone), "example.com.");
        assertHas(e, fixture, line, message);
        for (Diagnostic d : e.diagnostics()) {
            assertFalse(d.render().contains("Exception"), () -> "no exception names in user messages: " + d.render());
        }
    }

    @Test
    void errorInIncludedFileNamesThatFileAndItsLine() {
        ZoneCompileException e = fail(bad("include-error.zone"), "example.com.");
        assertHas(e, "include-error.inc", 3, "bad A record at host2.example.com.: Invalid address: not-an-address");
        assertEquals(1, e.errors().size(), e.getMessage());
    }

    @Test
    void missingIncludeIsReportedAtTheIncludeLine() {
        ZoneCompileException e = fail(bad("include-missing.zone"), "example.com.");
        Diagnostic d = e.errors().get(0);
        assertEquals("include-missing.zone", d.file().getFileName().toString());
        assertEquals(6, d.line());
        assertTrue(d.message().contains("no-such-file.inc") && d.message().contains("not found"), d.message());
        assertTrue(d.fix().contains("relative to the including file"), d.fix());
    }

    @Test
    void cnameConflictRendersLikeACompiler() {
        ZoneCompileException e = fail(bad("cname-and-other.zone"), "example.com.");
        assertEquals(1, e.errors().size(), e.getMessage());
        String rendered = e.errors().get(0).render();
        assertTrue(rendered.endsWith("cname-and-other.zone:7: CNAME at www.example.com. cannot coexist with other data (A); remove the A record or the CNAME"),
                rendered);
        assertEquals(e.getMessage(), rendered);
    }

    @Test
    void relativeOwnerWithoutOriginIsAnError() {
        // The file name does not end in .zone and no origin is given: the apex comes from the SOA.
        ZoneCompileException e = fail(bad("relative-no-origin.db"), null);
        assertHas(e, "relative-no-origin.db", 3, "relative owner name 'www' and no $ORIGIN");
    }

    @Test
    void relativeNameInRdataWithoutOriginIsAnError() {
        ZoneCompileException e = fail(bad("relative-rdata-no-origin.db"), null);
        assertHas(e, "relative-rdata-no-origin.db", 3, "relative name in the NS record at example.com. and no $ORIGIN");
    }

    @Test
    void allErrorsAreReportedNotJustTheFirst() {
        ZoneCompileException e = fail(bad("many-errors.zone"), "example.com.");
        List<Integer> lines = e.errors().stream().map(Diagnostic::line).collect(Collectors.toList());
        assertEquals(List.of(6, 7, 8, 9), lines, e.getMessage());
    }

    @Test
    void missingFileIsAClearError() {
        ZoneCompileException e = fail(Path.of("no/such/dir/example.com.zone"), null);
        assertEquals(1, e.errors().size());
        assertEquals("no/such/dir/example.com.zone: zone file no/such/dir/example.com.zone not found; check the path", e.getMessage());
    }

    @Test
    void directoryIsNotAZoneFile(@TempDir Path dir) throws Exception {
        Path d = Files.createDirectory(dir.resolve("example.com.zone"));
        ZoneCompileException e = fail(d, null);
        assertTrue(e.getMessage().contains("is not a regular file"), e.getMessage());
    }

    @Test
    void unreadableFileIsAClearError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("example.com.zone");
        Files.writeString(f, MemFiles.HEADER);
        assertTrue(f.toFile().setReadable(false, false));
        try {
            org.junit.jupiter.api.Assumptions.assumeFalse(Files.isReadable(f), "root can read mode-000 files; the permission check cannot fail here");
            ZoneCompileException e = fail(f, null);
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        } finally {
            f.toFile().setReadable(true, false);
        }
    }

    @Test
    void sameOriginTwiceIsAnError() {
        Path net = Examples.zone("example.net.zone");
        ZoneCompileException e = assertThrows(ZoneCompileException.class, () -> ZoneCompiler.compile(
                List.of(new ZoneInput(net, null), new ZoneInput(net, "example.net"))));
        assertEquals(1, e.errors().size(), e.getMessage());
        assertTrue(e.errors().get(0).message().startsWith("zone example.net. is given twice"), e.getMessage());
    }

    @Test
    void badOriginIsAnError() {
        Path net = Examples.zone("example.net.zone");
        ZoneCompileException e = assertThrows(ZoneCompileException.class, () -> ZoneCompiler.compile(
                List.of(new ZoneInput(net, "a..b"))));
        assertTrue(e.getMessage().contains("origin 'a..b' is not a valid domain name"), e.getMessage());
    }

    @Test
    void noInputsIsAnError() {
        ZoneCompileException e = assertThrows(ZoneCompileException.class, () -> ZoneCompiler.compile(List.of()));
        assertTrue(e.getMessage().contains("no zone files given"), e.getMessage());
    }
}

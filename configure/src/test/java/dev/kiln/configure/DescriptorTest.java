package dev.kiln.configure;

import static dev.kiln.configure.DescriptorText.GOOD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The descriptor: the example reads as written; each kind of mistake names the file, the line and the fix. */
class DescriptorTest {
    @TempDir
    Path dir;

    @Test
    void theDnsExampleReadsAsWritten() {
        Descriptor d = Descriptor.read(Examples.DNS);
        assertEquals("dns", d.name());
        assertEquals("dev.kiln.examples.dns.DnsAppliance", d.application());
        assertEquals(64, d.heapMb());
        assertEquals(List.of(new NetDevice("net0", "192.0.2.2/24", "192.0.2.1", "kiln0", "127.0.0.1:5353", d.nets().get(0).line())), d.nets());
        assertEquals(List.of("example.com.zone", "example.net.zone"), d.zones().stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(Map.of("seal", "true", "port", "53"), d.args());
        assertEquals("example.com SOA", d.exampleQuery());
    }

    @Test
    void defaultsFillTheRest() {
        Descriptor d = parse(GOOD);
        assertEquals(64, d.heapMb());
        assertEquals("kiln0", d.nets().get(0).tap());
        assertEquals("127.0.0.1:5353", d.nets().get(0).listen());
        assertNull(d.nets().get(0).gateway());
        assertEquals(Map.of("seal", "true"), d.args());
        assertTrue(d.zones().isEmpty());
    }

    @Test
    void unknownKeyNamesLineAndSuggests() {
        Problem p = only(GOOD + "zone=a.zone\n");
        assertEquals(4, p.line());
        assertTrue(p.render().contains("unknown key 'zone'"), p.render());
        assertTrue(p.render().contains("did you mean 'zones'?"), p.render());
        assertTrue(p.render().startsWith(dir.resolve(Descriptor.FILE) + ":4: "), p.render());
    }

    @Test
    void badAddressesAreRefusedWithAnExample() {
        assertTrue(only(GOOD.replace("192.0.2.2/24", "192.0.2.2")).render().contains("not an address/prefix"));
        assertTrue(only(GOOD.replace("192.0.2.2/24", "192.0.2.256/24")).render().contains("0-255"));
        assertTrue(only(GOOD.replace("/24", "/31")).render().contains("prefix /31 is out of range"));
        assertTrue(only(GOOD.replace("192.0.2.2/24", "192.0.2.0/24")).render().contains("network's own address"));
        assertTrue(only(GOOD.replace("192.0.2.2/24", "192.0.2.255/24")).render().contains("broadcast"));
        assertTrue(only(GOOD + "net.net0.gateway=198.51.100.1\n").render().contains("outside 192.0.2.2/24"));
        assertTrue(only(GOOD + "net.net0.gateway=192.0.2.2\n").render().contains("own address"));
        assertTrue(only(GOOD + "net.net0.listen=localhost\n").render().contains("ADDRESS[:PORT]"));
        assertTrue(only(GOOD + "net.net0.listen=127.0.0.1:70000\n").render().contains("1-65535"));
        assertTrue(only(GOOD + "net.net0.tap=a-name-that-is-too-long\n").render().contains("1-15"));
    }

    @Test
    void missingZoneFileNamesTheLineAndWhereItLooked() {
        Problem p = only(GOOD + "zones=zones/nope.zone\n");
        assertEquals(4, p.line());
        assertTrue(p.message().contains("zone file zones/nope.zone does not exist"), p.render());
        assertTrue(p.message().contains(dir.resolve("zones/nope.zone").toString()), p.render());
    }

    @Test
    void zoneFilesResolveAgainstTheDescriptorsDirectory() throws Exception {
        Files.writeString(dir.resolve("a.zone"), "");
        assertEquals(List.of(dir.resolve("a.zone")), parse(GOOD + "zones=a.zone\n").zones());
    }

    @Test
    void reservedDevicesSayNotYet() {
        assertTrue(only(GOOD + "block.disk0.file=x\n").render().contains("'block' are not supported yet"));
    }

    @Test
    void theWwwExampleReadsAsWritten() {
        Descriptor d = Descriptor.read(Examples.WWW);
        assertEquals("www", d.name());
        assertEquals("site", d.site().getFileName().toString());
        assertEquals("cert.pem", d.certificate().getFileName().toString());
        assertEquals("key.pem", d.key().getFileName().toString());
        assertEquals("443", d.args().get("tls-port"));
    }

    @Test
    void siteAndCertificateInputsAreCheckedAtTheirLines() throws Exception {
        Problem site = only(GOOD + "site=nope\n");
        assertEquals(4, site.line());
        assertTrue(site.message().contains("directory nope does not exist"), site.render());
        Files.writeString(dir.resolve("cert.pem"), "x");
        Problem lonely = only(GOOD + "certificate=cert.pem\n");
        assertTrue(lonely.render().contains("certificate= without key="), lonely.render());
        assertEquals(4, lonely.line());
        Problem missingKey = only(GOOD + "certificate=cert.pem\nkey=key.pem\n");
        assertEquals(5, missingKey.line());
        assertTrue(missingKey.message().contains("file key.pem does not exist"), missingKey.render());
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("key.pem"), "x");
        Descriptor d = parse(GOOD + "site=www\ncertificate=cert.pem\nkey=key.pem\n");
        assertEquals(dir.resolve("www"), d.site());
        assertEquals(dir.resolve("key.pem"), d.key());
    }

    @Test
    void mistakesInShapeAreCaught() {
        assertTrue(only(GOOD + "just words\n").render().contains("expected KEY=VALUE"));
        assertTrue(only(GOOD + "name=again\n").render().contains("'name' is set twice (first on line 1)"));
        assertTrue(only(GOOD + "main=x.Y\n").render().contains("'main' is now 'application'"));
        assertTrue(only(GOOD + "heap-mb=lots\n").render().contains("not a number 8-65536"));
        assertTrue(only(GOOD + "arg.listen=1\n").render().contains("every appliance has"));
        assertTrue(only(GOOD + "arg.port=\"53\"\n").render().contains("bad default"));
        assertTrue(only(GOOD + "net.net1.address=198.51.100.2/24\n").render().contains("one network stack"));
        assertTrue(only(GOOD.replace("application=com.example.Echo", "application=not a class")).render().contains("bad application"));
        assertTrue(only(GOOD.replace("name=echo\n", "")).render().contains("no name= line"));
        assertTrue(only("name=x\napplication=a.B\n").render().contains("no network device"));
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        ConfigureException e = assertThrows(ConfigureException.class, () -> parse("name=1bad\nfoo=1\nnet.net0.address=x\n"));
        assertEquals(List.of(1, 2, 3, 0), e.problems().stream().map(Problem::line).toList(), e.getMessage());
    }

    @Test
    void notUtf8IsOneProblem() {
        ConfigureException e = assertThrows(ConfigureException.class,
                () -> Descriptor.parse(dir.resolve(Descriptor.FILE), new byte[] {'n', '=', (byte) 0xff}));
        assertTrue(e.getMessage().contains("not UTF-8"), e.getMessage());
    }

    private Descriptor parse(String text) {
        return DescriptorText.parse(dir, text);
    }

    private Problem only(String text) {
        return DescriptorText.only(dir, text);
    }
}

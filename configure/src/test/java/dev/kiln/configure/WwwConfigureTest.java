package dev.kiln.configure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.http.site.StaticSite;
import dev.kiln.http.tls.TlsIdentity;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configure step on the web appliance: site and TLS pair baked; a bad site or pair stops the build naming the file and the fix. */
class WwwConfigureTest {
    @TempDir
    Path work;

    private final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void wwwBakesTheSiteAndTheTlsPairAndCompilesTheMain() throws Exception {
        Configured c = Configure.run(Descriptor.read(Examples.WWW), "host", Examples.classPath(), work, log);
        assertEquals("dev.kiln.generated.WwwMain", c.mainClass());
        assertEquals(List.of("site", "tls", "generate", "compile"), List.copyOf(c.stageMillis().keySet()));
        StaticSite site = StaticSite.load(Files.readAllBytes(c.site()));
        assertTrue(site.contains("/") && site.contains("/style.css") && site.contains("/docs/") && site.contains("/media/big.txt"));
        // what the image's training run asks for: every file, the large one included
        assertEquals(site.fileCount(), c.sitePaths().size(), c.sitePaths().toString());
        assertTrue(c.sitePaths().stream().allMatch(site::contains) && c.sitePaths().contains("/media/big.txt"), c.sitePaths().toString());
        TlsIdentity id = TlsIdentity.load(Files.readAllBytes(c.tls()));
        assertEquals("CN=localhost", id.certificate().getSubjectX500Principal().getName());
        assertEquals(List.of("--site", "--tls"), List.copyOf(c.data().keySet()));
    }

    @Test
    void aSiteThatDoesNotBakeNamesTheFile() throws Exception {
        Path site = Files.createDirectories(work.resolve("site"));
        Files.createSymbolicLink(site.resolve("link.html"), Path.of("/etc/hostname"));
        Descriptor www = Descriptor.read(Examples.WWW);
        Descriptor d = new Descriptor(www.file(), "www", www.application(), 64, www.nets(), List.of(), www.args(), ". SOA", site, null, null);
        ConfigureException e = assertThrows(ConfigureException.class, () -> Configure.run(d, "host", Examples.classPath(), work.resolve("w"), log));
        assertTrue(e.getMessage().contains("link.html: symbolic links are not baked"), e.getMessage());
    }

    @Test
    void aGoodPairRoundTripsThroughTheBakedForm() throws Exception {
        DevCertificate.Written w = DevCertificate.make("localhost", 10, 0, work.resolve("good"));
        TlsBake.Baked b = TlsBake.bake(w.certificate(), w.key(), work.resolve("t.ktls"), new Date());
        assertEquals("CN=localhost", b.subject());
        assertTrue(Files.readString(w.key()).startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        DevCertificate.Written a = DevCertificate.make("localhost", 10, 0, work.resolve("a"));
        DevCertificate.Written b = DevCertificate.make("localhost", 10, 0, work.resolve("b"));
        ConfigureException e = assertThrows(ConfigureException.class, () -> TlsBake.read(a.certificate(), b.key(), new Date()));
        assertTrue(e.getMessage().startsWith(b.key() + ": this key is not the private key of the certificate"), e.getMessage());
        assertTrue(e.getMessage().contains("kiln cert"), e.getMessage());
    }

    @Test
    void anExpiredCertificateIsRefused() {
        DevCertificate.Written w = DevCertificate.make("localhost", 1, -3, work.resolve("old"));
        ConfigureException e = assertThrows(ConfigureException.class, () -> TlsBake.read(w.certificate(), w.key(), new Date()));
        assertTrue(e.getMessage().contains("the certificate expired on"), e.getMessage());
    }

    @Test
    void notPemAndOtherKeyFormatsSayWhatToDo() throws Exception {
        DevCertificate.Written w = DevCertificate.make("localhost", 10, 0, work.resolve("p"));
        Path junk = Files.writeString(work.resolve("junk.pem"), "hello\n");
        assertTrue(assertThrows(ConfigureException.class, () -> TlsBake.read(junk, w.key(), new Date())).getMessage()
                .contains("no PEM certificate in this file"));
        Path sec1 = Files.writeString(work.resolve("sec1.pem"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertTrue(assertThrows(ConfigureException.class, () -> TlsBake.read(w.certificate(), sec1, new Date())).getMessage()
                .contains("openssl pkcs8 -topk8 -nocrypt"));
        Path broken = Files.writeString(work.resolve("broken.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        assertTrue(assertThrows(ConfigureException.class, () -> TlsBake.read(w.certificate(), broken, new Date())).getMessage()
                .contains("does not parse as a EC key"));
    }

    @Test
    void theBakedIdentityRefusesCorruptBytes() {
        DevCertificate.Written w = DevCertificate.make("localhost", 10, 0, work.resolve("c"));
        byte[] good = TlsBake.read(w.certificate(), w.key(), new Date()).encode();
        for (int cut = 0; cut < good.length; cut += 7) {
            byte[] shorter = java.util.Arrays.copyOf(good, cut);
            assertThrows(IllegalArgumentException.class, () -> TlsIdentity.load(shorter));
        }
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TlsIdentity.load(longer)).getMessage().contains("trailing"));
    }
}

package dev.kiln.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web appliance on the tap target, sealed: Kiln's own Ethernet/ARP/IPv4/TCP stack on a TAP
 * device, HTTP and HTTPS (TLS 1.3 and 1.2), against curl and a short wrk run from the namespace's
 * side of the TAP (Linux's TCP as the peer). Needs root, /dev/net/tun, ip, curl and wrk; skips saying which is missing.
 */
class WwwTapTargetTest extends TlsEdgesInterop {
    static final String IP = Namespace.APPLIANCE_ADDRESS;

    @Override
    WebAppliance boot(Namespace ns) throws Exception { return WebAppliance.startTap(ns); }

    @Override
    String address() { return IP; }

    @Override
    boolean needsTun() { return true; }

    @ParameterizedTest
    @ValueSource(strings = {"http://" + IP, "https://localhost"})
    void servesTheSiteAndAMegabyte(String base) throws Exception {
        assertEquals(Files.readString(WebAppliance.SITE.resolve("index.html")), ok(curl(base + "/")));
        Path out = tmp.resolve("big-" + base.length());
        assertEquals("200", ok(curl("-o", out.toString(), "-w", "%{http_code}", base + "/media/big.txt")));
        assertArrayEquals(Files.readAllBytes(WebAppliance.SITE.resolve("media/big.txt")), Files.readAllBytes(out));
        Proc.Result r = curl("-v", "-o", "/dev/null", "-o", "/dev/null", base + "/style.css", base + "/healthz");
        ok(r);
        assertTrue(r.stderr().contains("Re-using existing connection"), r.stderr());
    }

    /** curl --compressed over HTTPS on Kiln's own TCP: the baked br variant (media/big.txt.br), decoded byte for byte. */
    @Test
    void compressedGetsTheBrVariant() throws Exception {
        ready();
        Assumptions.assumeTrue(curlDecodesBrotli(), "this curl was built without brotli (curl -V lists no brotli)");
        Path out = tmp.resolve("big-br");
        String head = ok(curl("--compressed", "-D", "-", "-o", out.toString(), "https://localhost/media/big.txt"));
        assertTrue(head.contains("Content-Encoding: br\r\n") && head.contains("Vary: Accept-Encoding\r\n"), head);
        assertArrayEquals(Files.readAllBytes(WebAppliance.SITE.resolve("media/big.txt")), Files.readAllBytes(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--tlsv1.3", "--tlsv1.2"})
    void bothTlsVersions(String version) {
        List<String> args = new ArrayList<>(List.of("-v", "-o", "/dev/null", "-w", "%{http_code}", version));
        if (version.equals("--tlsv1.2")) args.addAll(List.of("--tls-max", "1.2"));
        args.add("https://localhost/healthz");
        Proc.Result r = curl(args.toArray(String[]::new));
        assertEquals("200", ok(r));
        assertTrue(r.stderr().contains(version.equals("--tlsv1.3") ? "SSL connection using TLSv1.3" : "SSL connection using TLSv1.2"), r.stderr());
    }

    @Test
    void itRunsSealedOnKilnsOwnStack() {
        ready();
        assertTrue(www.banner.contains("target   tap") && www.banner.contains("Kiln's own stack"), www.banner);
        assertTrue(www.banner.contains("sealed   yes"), www.banner);
    }

    @Test
    void wrkRunsWithoutErrors() {
        wrk("http://" + IP + "/");
    }
}

package dev.kiln.interop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The web appliance on the host target, sealed, against real {@code curl} (HTTP and HTTPS with
 * {@code --cacert} the development certificate, TLS 1.3 and 1.2) and a short {@code wrk} run, on a
 * throwaway namespace's loopback (ports 80 and 443 are its own). Needs root, ip, curl and wrk
 * ({@code apt-get install curl wrk}); skips saying which is missing.
 */
class WwwHostTargetTest extends TlsEdgesInterop {
    static final String HTTP = "http://127.0.0.1", HTTPS = "https://localhost";

    @Override
    WebAppliance boot(Namespace ns) throws Exception { return WebAppliance.startHost(ns); }

    @Override
    String address() { return "127.0.0.1"; }

    @Override
    boolean needsTun() { return false; }

    @Test
    void theApplianceIsSealed() {
        ready();
        assertTrue(www.banner.contains("sealed   yes"), www.banner);
        assertTrue(www.banner.contains("HTTPS on TCP port 443"), www.banner);
    }

    @ParameterizedTest
    @ValueSource(strings = {HTTP, HTTPS})
    void getServesTheSite(String base) throws IOException {
        String body = ok(curl(base + "/"));
        assertEquals(Files.readString(WebAppliance.SITE.resolve("index.html")), body);
        assertEquals("200 text/css; charset=utf-8", ok(curl("-o", "/dev/null", "-w", "%{http_code} %{content_type}", base + "/style.css")));
        assertEquals(Files.readString(WebAppliance.SITE.resolve("docs/index.html")), ok(curl(base + "/docs/")));
        assertEquals("ok\n", ok(curl(base + "/healthz")));
        assertTrue(ok(curl(base + "/api/time")).startsWith("{\"epochMillis\":"));
    }

    @ParameterizedTest
    @ValueSource(strings = {HTTP, HTTPS})
    void headHasTheLengthAndNoBody(String base) {
        String head = ok(curl("-I", base + "/"));
        assertTrue(head.startsWith("HTTP/1.1 200 OK"), head);
        assertTrue(head.contains("Content-Length: 657"), head);
        assertTrue(head.endsWith("\r\n\r\n"), "no body after the head: " + head);
    }

    @ParameterizedTest
    @ValueSource(strings = {HTTP, HTTPS})
    void ifNoneMatchGets304(String base) {
        Matcher m = Pattern.compile("ETag: (\"[^\"]+\")").matcher(ok(curl("-I", base + "/style.css")));
        assertTrue(m.find());
        assertEquals("304", ok(curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "If-None-Match: " + m.group(1), base + "/style.css")));
        assertEquals("200", ok(curl("-o", "/dev/null", "-w", "%{http_code}", "-H", "If-None-Match: \"other\"", base + "/style.css")));
    }

    /** curl's own Accept-Encoding (deflate, gzip, br, zstd) gets the baked br variant (media/big.txt.br); gzip when only gzip is asked for. */
    @ParameterizedTest
    @CsvSource({"http://127.0.0.1,,br", "https://localhost,,br", "http://127.0.0.1,gzip,gzip", "https://localhost,gzip,gzip",
            "https://localhost,'gzip, br;q=0.5',gzip"})
    void compressedTransferDecodesToTheFile(String base, String accept, String coding) throws IOException {
        ready();
        Assumptions.assumeTrue(!coding.equals("br") || curlDecodesBrotli(), "this curl was built without brotli (curl -V lists no brotli)");
        Path out = tmp.resolve("big-" + base.length() + "-" + coding);
        List<String> args = new ArrayList<>(List.of("--compressed", "-o", out.toString(), "-w", "%{http_code} %{size_download}", "-D", "-"));
        if (accept != null) args.addAll(List.of("-H", "Accept-Encoding: " + accept));
        args.add(base + "/media/big.txt");
        String w = ok(curl(args.toArray(String[]::new)));
        assertTrue(w.contains("Content-Encoding: " + coding + "\r\n"), w);
        assertTrue(w.contains("Vary: Accept-Encoding\r\n"), w);
        long wire = Long.parseLong(w.substring(w.lastIndexOf(' ') + 1).trim());
        Path site = WebAppliance.SITE.resolve("media/big.txt");
        long expected = coding.equals("br") ? Files.size(site.resolveSibling("big.txt.br")) : -1;
        assertTrue(coding.equals("br") ? wire == expected : wire < 400_000, coding + " on the wire: " + wire + " bytes");
        assertArrayEquals(Files.readAllBytes(site), Files.readAllBytes(out), "decoded, the body is the file byte for byte");
    }

    @Test
    void theBrFileIsAVariantNotAResourceOfItsOwn() {
        assertEquals("404", ok(curl("-o", "/dev/null", "-w", "%{http_code}", HTTP + "/media/big.txt.br")));
    }

    @ParameterizedTest
    @ValueSource(strings = {HTTP, HTTPS})
    void aRangeGets206WithThoseBytes(String base) throws IOException {
        Path out = tmp.resolve("range-" + base.length());
        assertEquals("206", ok(curl("-r", "1000-1999", "-o", out.toString(), "-w", "%{http_code}", base + "/media/big.txt")));
        byte[] all = Files.readAllBytes(WebAppliance.SITE.resolve("media/big.txt"));
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 1000, 2000), Files.readAllBytes(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {HTTP, HTTPS})
    void missingPathsAre404AndWrongMethods405(String base) {
        assertEquals("404", ok(curl("-o", "/dev/null", "-w", "%{http_code}", base + "/nope")));
        assertEquals("405", ok(curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-d", "x", base + "/healthz")));
        assertEquals("405", ok(curl("-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE", base + "/style.css")));
    }

    @ParameterizedTest
    @ValueSource(strings = {HTTP, HTTPS})
    void keepAliveReusesTheConnection(String base) {
        Proc.Result r = curl("-v", "-o", "/dev/null", "-o", "/dev/null", "-o", "/dev/null", base + "/", base + "/style.css", base + "/healthz");
        ok(r);
        assertTrue(r.stderr().contains("Re-using existing connection"), r.stderr());
        assertEquals(1, r.stderr().split("Connected to ", -1).length - 1, "one TCP connection for three requests:\n" + r.stderr());
    }

    @ParameterizedTest
    @ValueSource(strings = {"--tlsv1.3", "--tlsv1.2"})
    void bothTlsVersionsHandshakeWithAlpn(String version) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("-v", "-o", "/dev/null", "-w", "%{http_code}", version));
        if (version.equals("--tlsv1.2")) args.addAll(List.of("--tls-max", "1.2"));
        args.add(HTTPS + "/");
        Proc.Result r = curl(args.toArray(String[]::new));
        assertEquals("200", ok(r));
        String expected = version.equals("--tlsv1.3") ? "SSL connection using TLSv1.3" : "SSL connection using TLSv1.2";
        assertTrue(r.stderr().contains(expected), r.stderr());
        assertTrue(r.stderr().contains("ALPN: server accepted http/1.1"), r.stderr());
        Long n = www.counter(version.equals("--tlsv1.3") ? "tls.handshakes_tls13" : "tls.handshakes_tls12");
        assertNotNull(n, www.log());
        assertTrue(n >= 1);
    }

    @Test
    void anUntrustedClientFailsTheHandshakeAndTheApplianceCarriesOn() throws InterruptedException {
        ready();
        Proc.Result r = Proc.run(LIMIT, ns.exec(List.of(CURL.get().toString(), "-sS", "--max-time", "20", "--resolve",
                "localhost:443:127.0.0.1", HTTPS + "/")));
        assertEquals(60, r.exit(), r.describe()); // curl: peer certificate cannot be authenticated
        assertEquals("200", ok(curl("-o", "/dev/null", "-w", "%{http_code}", HTTPS + "/healthz")));
        assertNotNull(www.counter("tls.drop.handshake_failed"), www.log());
    }

    /** With --tls-reject-unknown-sni (nginx's ssl_reject_handshake): a name the certificate is not for gets a fatal unrecognized_name alert. */
    @Test
    void aRejectingApplianceRefusesAnUnknownServerName() throws Exception {
        ready();
        try (WebAppliance strict = WebAppliance.startHost(ns, 8080, 8443, "--tls-reject-unknown-sni")) {
            assertTrue(strict.banner.contains("other names refused (unrecognized_name)"), strict.banner);
            Proc.Result r = sClient(8443, "-servername", "other.example");
            assertTrue(r.stdout().contains("alert number 112"), "unrecognized_name is alert 112 (RFC 6066 §3): " + r.describe());
            assertTrue(!r.stdout().contains("HTTP/1.1 200"), r.stdout());
            Proc.Result c = Proc.run(LIMIT, ns.exec(List.of(CURL.get().toString(), "-sS", "--max-time", "20", "--cacert", www.cert.toString(),
                    "--resolve", "other.example:8443:127.0.0.1", "https://other.example:8443/healthz")));
            assertEquals(35, c.exit(), c.describe()); // curl: TLS handshake failed
            assertTrue(c.stderr().contains("unrecognized name"), c.stderr());
            assertTrue(sClient(8443, "-servername", "localhost").stdout().contains("HTTP/1.1 200 OK"), "its own name is served");
            assertTrue(sClient(8443, "-noservername").stdout().contains("HTTP/1.1 200 OK"), "a client naming no host is served");
            Long rejected = strict.counter("tls.drop.sni_rejected");
            assertNotNull(rejected, strict.log());
            assertEquals(2L, rejected, strict.log());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:80/", "https://127.0.0.1:443/"})
    void wrkRunsWithoutErrors(String url) {
        Proc.Result r = wrk(url);
        long requests = Long.parseLong(r.stdout().replaceAll("(?s).*?(\\d+) requests in.*", "$1"));
        assertTrue(requests > 100, r.stdout());
    }
}

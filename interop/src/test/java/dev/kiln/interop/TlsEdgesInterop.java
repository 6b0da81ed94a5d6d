package dev.kiln.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * HTTPS edges both targets share, against OpenSSL's {@code s_client} and curl: session resumption
 * (TLS 1.3 PSK tickets, TLS 1.2 session tickets and session IDs: {@code -sess_out} then
 * {@code -sess_in} must say "Reused") and server names (SNI: a name the certificate is not for is
 * served the certificate all the same, counted, and logged as {@code sni=NAME}).
 */
abstract class TlsEdgesInterop extends WebInterop {
    static final Optional<Path> OPENSSL = Env.tool("openssl");
    static final String REQUEST = "GET /healthz HTTP/1.1\\r\\nHost: localhost\\r\\nConnection: close\\r\\n\\r\\n";

    /**
     * {@code openssl s_client} inside the namespace to {@code address():port}, sending one request and reading
     * until the appliance closes (so a TLS 1.3 ticket, sent after the handshake, arrives); stdout and stderr together.
     */
    Proc.Result sClient(int port, String... args) {
        ready();
        Assumptions.assumeTrue(OPENSSL.isPresent(), "openssl is not installed (apt-get install openssl; scripts/test-packages.txt lists it)");
        String cmd = "printf '" + REQUEST + "' | " + OPENSSL.get() + " s_client -connect " + address() + ":" + port + " -ign_eof "
                + String.join(" ", args) + " 2>&1";
        return Proc.run(LIMIT, ns.exec(List.of("sh", "-c", cmd)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_3", "-tls1_2", "-tls1_2 -no_ticket"})
    void aSavedSessionIsResumed(String version) throws Exception {
        Path session = tmp.resolve("session" + version.replace(' ', '_'));
        String protocol = version.startsWith("-tls1_3") ? "TLSv1.3" : "TLSv1.2";
        Long before = www.counter("tls.handshakes_resumed");
        Proc.Result first = sClient(443, version, "-servername", "localhost", "-sess_out", session.toString());
        assertTrue(first.stdout().contains("New, " + protocol + ", Cipher is"), first.describe() + www.log());
        assertTrue(first.stdout().contains("HTTP/1.1 200 OK"), first.describe());
        assertTrue(Files.size(session) > 0, "s_client saved a session");
        Proc.Result second = sClient(443, version, "-servername", "localhost", "-sess_in", session.toString());
        assertTrue(second.stdout().contains("Reused, " + protocol + ", Cipher is"), second.describe() + www.log());
        assertTrue(second.stdout().contains("HTTP/1.1 200 OK"), second.describe());
        Long after = www.counter("tls.handshakes_resumed");
        assertNotNull(after, www.log());
        assertTrue(after > (before == null ? 0 : before), "the appliance counted the resumption: " + before + " -> " + after);
    }

    @Test
    void anUnknownServerNameIsServedAndLoggedAndANewNameDoesNotResume() throws Exception {
        long mark = www.daemon.mark();
        Proc.Result r = sClient(443, "-servername", "other.example", "-verify_hostname", "other.example");
        assertTrue(r.stdout().contains("HTTP/1.1 200 OK"), r.describe() + www.log());
        assertTrue(r.stdout().contains("Verification error: hostname mismatch") || r.stdout().contains("hostname mismatch"),
                "the client sees the baked certificate, which is not for other.example: " + r.stdout());
        assertNotNull(www.daemon.awaitLine(l -> l.contains("\"GET /healthz HTTP/1.1\" 200 3 sni=other.example"), Duration.ofSeconds(10), mark), www.log());
        Long unknown = www.counter("tls.sni_unknown");
        assertNotNull(unknown, www.log());
        assertTrue(unknown >= 1);
        mark = www.daemon.mark();
        assertEquals("200", ok(curl("-o", "/dev/null", "-w", "%{http_code}", "https://localhost/healthz")));
        assertNotNull(www.daemon.awaitLine(l -> l.contains("\"GET /healthz HTTP/1.1\" 200 3 sni=localhost"), Duration.ofSeconds(10), mark), www.log());
    }
}

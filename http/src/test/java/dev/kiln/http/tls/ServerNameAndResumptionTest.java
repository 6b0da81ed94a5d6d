package dev.kiln.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.http.AccessEntry;
import dev.kiln.http.HttpLimits;
import dev.kiln.http.HttpServer;
import dev.kiln.http.Response;
import dev.kiln.http.WallClock;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SNI: the names the certificate is for, unknown names served or refused, the access log; resumption over one SSLContext. */
@org.junit.jupiter.api.Timeout(60)
class ServerNameAndResumptionTest {
    static final String GET = TlsSessionTest.GET;
    final List<AccessEntry> log = new ArrayList<>();
    final HttpServer http = new HttpServer(r -> Response.text(200, "hi\n"), HttpLimits.DEFAULTS, WallClock.NONE, log::add);

    TlsPair exchange(TlsServer tls, SSLContext client, String protocol, String serverName) {
        return new TlsPair(TlsWarmUp.client(client, protocol, serverName), tls.open(http.accept("192.0.2.9", 0), "192.0.2.9", 40000),
                Integer.MAX_VALUE).send(GET).run();
    }

    static SSLContext clientFor(TlsServer tls) {
        return TlsWarmUp.clientContext(tls.identity().certificate(), TlsSessionTest.RANDOM);
    }

    @Test
    void namesComeFromTheCertificatesDnsSubjectAltNames() {
        TlsServer tls = TlsSessionTest.server("EC");
        assertEquals(List.of("localhost"), tls.serverNames().names(), "keytool's san=dns:localhost,ip:127.0.0.1: the IP is no host name");
        ServerNames n = new ServerNames(List.of("Example.COM", "*.example.net"));
        for (String yes : List.of("example.com", "EXAMPLE.com.", "a.example.net", "A.Example.Net")) assertTrue(n.matches(yes), yes);
        for (String no : List.of("www.example.com", "example.net", "a.b.example.net", ".example.net", "example.co", "")) assertFalse(n.matches(no), no);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aKnownNameAnUnknownOneAndNoneAreServedAndLogged(String protocol) {
        TlsServer tls = TlsSessionTest.server("EC");
        for (String name : new String[] {"localhost", "other.example", null}) {
            TlsPair p = exchange(tls, clientFor(tls), protocol, name);
            assertNull(p.clientError, name);
            assertTrue(p.got().endsWith("hi\n"), name + ": " + p.got());
            assertEquals(name == null ? "" : name, ((TlsSession) p.server).serverName());
        }
        assertEquals(1L, tls.counters().get("sni_unknown"));
        assertEquals(List.of(" sni=localhost", " sni=other.example", " sni=-"),
                log.stream().map(e -> e.commonLogFormat().substring(e.commonLogFormat().lastIndexOf(' '))).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void rejectingServerRefusesAnUnknownNameWithUnrecognizedName(String protocol) {
        TlsServer tls = TlsServer.create(TestIdentity.of("EC"), TlsSessionTest.RANDOM, true);
        TlsPair p = exchange(tls, clientFor(tls), protocol, "other.example");
        assertNotNull(p.clientError, p.got());
        assertTrue(p.clientError.getMessage().contains("unrecognized_name"), p.clientError.getMessage());
        assertTrue(p.server.shouldClose());
        assertEquals(1L, tls.counters().get("drop.sni_rejected"));
        assertEquals(1L, tls.counters().get("drop.handshake_failed"));
        assertTrue(exchange(tls, clientFor(tls), protocol, "localhost").got().endsWith("hi\n"), "the certificate's own name is served");
        assertTrue(exchange(tls, clientFor(tls), protocol, null).got().endsWith("hi\n"), "a client naming no host is served");
        assertTrue(log.stream().noneMatch(e -> "other.example".equals(e.serverName())), "the refused client sent no request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aSecondConnectionResumesTheFirstsSession(String protocol) {
        TlsServer tls = TlsSessionTest.server("EC");
        SSLContext client = clientFor(tls);
        TlsPair first = exchange(tls, client, protocol, "localhost");
        assertTrue(first.got().endsWith("hi\n"));
        assertEquals(0L, tls.counters().get("handshakes_resumed"));
        TlsPair second = exchange(tls, client, protocol, "localhost");
        assertTrue(second.got().endsWith("hi\n"));
        assertEquals(2L, tls.counters().get("handshakes"));
        assertEquals(1L, tls.counters().get("handshakes_resumed"), "the second handshake resumed (no certificate, no key)");
        TlsPair fresh = exchange(tls, clientFor(tls), protocol, "localhost");
        assertTrue(fresh.got().endsWith("hi\n"));
        assertEquals(1L, tls.counters().get("handshakes_resumed"), "a client with no session does a full handshake");
    }
}

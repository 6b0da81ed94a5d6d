package dev.kiln.http.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.http.HttpLimits;
import dev.kiln.http.HttpServer;
import dev.kiln.http.AccessLog;
import dev.kiln.http.Response;
import dev.kiln.http.WallClock;
import java.security.SecureRandom;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The SSLEngine adapter against a JSSE client in memory: both protocol versions, cut records, close_notify, failures. */
@org.junit.jupiter.api.Timeout(60)
class TlsSessionTest {
    static final SecureRandom RANDOM = new SecureRandom();
    static final String GET = "GET /hello HTTP/1.1\r\nHost: localhost\r\n\r\n";

    final HttpServer http = new HttpServer(r -> Response.text(200, "hello " + r.path() + "\n"), HttpLimits.DEFAULTS, WallClock.NONE, AccessLog.NONE);

    static TlsServer server(String keyAlg) {
        return TlsServer.create(TestIdentity.of(keyAlg), RANDOM);
    }

    TlsPair pair(TlsServer tls, String protocol, int chunk) {
        SSLEngine client = TlsWarmUp.client(tls.identity().certificate(), RANDOM, protocol);
        return new TlsPair(client, tls.open(http.accept("192.0.2.9", 0), "192.0.2.9", 40000), chunk);
    }

    @ParameterizedTest
    @CsvSource({"TLSv1.3, EC", "TLSv1.2, EC", "TLSv1.3, RSA", "TLSv1.2, RSA"})
    void handshakesAndServesHttp(String protocol, String keyAlg) {
        TlsServer tls = server(keyAlg);
        TlsPair p = pair(tls, protocol, Integer.MAX_VALUE).send(GET + GET).run();
        TlsSession s = (TlsSession) p.server;
        assertEquals(null, p.clientError);
        assertEquals(protocol, s.protocol());
        assertEquals(protocol, p.client.getSession().getProtocol());
        assertEquals("http/1.1", s.applicationProtocol());
        assertEquals("http/1.1", p.client.getApplicationProtocol());
        String ok = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 13\r\n\r\nhello /hello\n";
        assertEquals(ok + ok, p.got());
        assertFalse(s.shouldClose());
        assertEquals(1L, tls.counters().get("handshakes"));
        assertEquals(1L, tls.counters().get(protocol.equals("TLSv1.3") ? "handshakes_tls13" : "handshakes_tls12"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 7, 100, 1000})
    void recordsCutAnywhereAreReassembled(int chunk) {
        for (String protocol : TlsServer.PROTOCOLS) {
            TlsPair p = pair(server("EC"), protocol, chunk).send(GET).run();
            assertTrue(p.got().endsWith("hello /hello\n"), protocol + " in pieces of " + chunk + ": " + p.got());
        }
    }

    @Test
    void largeResponsesAreCutIntoRecordsAndDrainedInPieces() {
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) big[i] = (byte) ('a' + i % 26);
        HttpServer bigServer = new HttpServer(r -> Response.of(200, "text/plain", big), HttpLimits.DEFAULTS, WallClock.NONE, AccessLog.NONE);
        TlsServer tls = server("EC");
        SSLEngine client = TlsWarmUp.client(tls.identity().certificate(), RANDOM, "TLSv1.3");
        TlsPair p = new TlsPair(client, tls.open(bigServer.accept("p", 0), "p", 1), 1000).send(GET).run();
        String got = p.got();
        assertTrue(got.startsWith("HTTP/1.1 200 OK\r\n"));
        assertTrue(got.endsWith(new String(big, 299_000, 1000, java.nio.charset.StandardCharsets.ISO_8859_1)));
        assertEquals(big.length, got.length() - got.indexOf("\r\n\r\n") - 4);
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void closeNotifyIsAnsweredAndTheSessionCloses(String protocol) throws Exception {
        TlsServer tls = server("EC");
        TlsPair p = pair(tls, protocol, Integer.MAX_VALUE).send(GET).run();
        assertFalse(p.server.shouldClose());
        p.closeClient().run();
        assertTrue(p.server.shouldClose());
        assertTrue(p.client.isInboundDone(), "the server's close_notify reached the client");
        assertEquals(1L, tls.counters().get("close_notify_received"));
    }

    @Test
    void theServerClosesWithCloseNotifyWhenHttpIsDone() {
        TlsPair p = pair(server("EC"), "TLSv1.3", Integer.MAX_VALUE).send("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").run();
        assertTrue(p.got().contains("Connection: close"));
        assertTrue(p.server.shouldClose());
        assertTrue(p.client.isInboundDone());
    }

    @Test
    void aHandshakeFailureIsAnsweredWithAnAlertAndCounted() {
        TlsServer tls = server("EC");
        SSLEngine client = TlsWarmUp.client(tls.identity().certificate(), RANDOM, "TLSv1.3");
        var params = client.getSSLParameters();
        params.setApplicationProtocols(new String[] {"h2"}); // the server offers http/1.1 only
        client.setSSLParameters(params);
        TlsPair p = new TlsPair(client, tls.open(http.accept("p", 0), "p", 1), Integer.MAX_VALUE).run();
        assertNotNull(p.clientError, "the client saw the alert");
        byte[] raw = p.serverSentRaw.toByteArray();
        assertEquals(0x15, raw[0], "the server's answer is an alert record");
        assertTrue(p.server.shouldClose());
        assertEquals(1L, tls.counters().get("drop.handshake_failed"));
        assertEquals(0L, tls.counters().get("handshakes"));
    }

    @Test
    void plaintextHttpOnTheTlsPortIsRefusedNotACrash() {
        TlsServer tls = server("EC");
        TlsSession s = tls.open(http.accept("p", 0), "p", 1);
        byte[] req = GET.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(req.length, s.receive(java.nio.ByteBuffer.wrap(req), 0));
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(1000);
        s.drain(out, 0);
        assertTrue(s.shouldClose());
        assertEquals(1L, tls.counters().get("drop.handshake_failed"));
        assertEquals(req.length, s.receive(java.nio.ByteBuffer.wrap(req), 0), "later input is discarded");
    }

    @Test
    void anIdleHandshakeEndsAtTheDeadline() {
        HttpLimits shortIdle = new HttpLimits(8192, 16384, 100, 1 << 20, 1_000_000_000L, 256 << 10);
        HttpServer h = new HttpServer(r -> Response.text(200, "x"), shortIdle, WallClock.NONE, AccessLog.NONE);
        TlsSession s = server("EC").open(h.accept("p", 0), "p", 1);
        s.receive(java.nio.ByteBuffer.wrap(new byte[] {0x16, 3, 1}), 0); // the start of a ClientHello, then silence
        assertEquals(1_000_000_000L, s.pollAtNs());
        s.poll(s.pollAtNs());
        s.drain(java.nio.ByteBuffer.allocate(1000), s.pollAtNs());
        assertTrue(s.shouldClose());
    }

    @Test
    void theWarmUpCompletesBothProtocolsAndLeavesTheCountersAtZero() {
        TlsServer tls = server("EC");
        TlsWarmUp.run(tls, RANDOM); // throws unless both handshakes and exchanges completed
        assertEquals(0L, tls.counters().get("handshakes"));
    }
}

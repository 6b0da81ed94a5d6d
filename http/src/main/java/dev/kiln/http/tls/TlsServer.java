package dev.kiln.http.tls;

import dev.kiln.http.ByteSession;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * One TLS service: a JSSE {@link SSLContext} over an in-memory key store holding the baked
 * {@link TlsIdentity} (no file is read: no key store file, no cacerts), and the counters its
 * {@link TlsSession}s update. TLS 1.3 and 1.2 are enabled (nothing older); ALPN offers
 * {@code http/1.1} only (a client that offers ALPN without it gets {@code no_application_protocol}).
 * No client certificates are asked for. Used on one loop thread.
 */
public final class TlsServer {
    /** The protocols enabled, newest first. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** The ALPN protocols offered (RFC 7301). */
    public static final String[] ALPN = {"http/1.1"};

    static final String HANDSHAKES = "handshakes", TLS13 = "handshakes_tls13", TLS12 = "handshakes_tls12",
            HANDSHAKE_FAILED = "drop.handshake_failed", RECORD_FAILED = "drop.record_failed",
            CLOSE_NOTIFY_RECEIVED = "close_notify_received", TRUNCATED = "truncated_by_peer";

    private final SSLContext context;
    private final TlsIdentity identity;
    private final Map<String, Long> counters = new LinkedHashMap<>();

    private TlsServer(SSLContext context, TlsIdentity identity) {
        this.context = context;
        this.identity = identity;
        for (String k : new String[] {HANDSHAKES, TLS13, TLS12, HANDSHAKE_FAILED, RECORD_FAILED, CLOSE_NOTIFY_RECEIVED, TRUNCATED}) counters.put(k, 0L);
    }

    /**
     * A server for {@code identity}; {@code random} feeds the handshakes (the appliance's entropy).
     *
     * @throws IllegalArgumentException if JSSE refuses the key or certificate
     */
    public static TlsServer create(TlsIdentity identity, SecureRandom random) {
        try {
            char[] pw = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("kiln", identity.key(), pw, identity.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), new TrustManager[] {NO_CLIENTS}, random);
            return new TlsServer(ctx, identity);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("TLS cannot use the baked key and certificate: " + e.getMessage()
                    + " (give certificate= and key= a matching pair, e.g. from kiln cert)", e);
        }
    }

    public TlsIdentity identity() { return identity; }

    /** A server-side engine with this service's protocols and ALPN. */
    public SSLEngine newEngine(String peerHost, int peerPort) {
        SSLEngine e = context.createSSLEngine(peerHost, peerPort);
        e.setUseClientMode(false);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setApplicationProtocols(ALPN);
        p.setNeedClientAuth(false);
        p.setWantClientAuth(false);
        e.setSSLParameters(p);
        return e;
    }

    /** TLS around {@code inner} for one accepted connection. */
    public TlsSession open(ByteSession inner, String peerHost, int peerPort) {
        return new TlsSession(this, newEngine(peerHost, peerPort), inner);
    }

    /** Counters: handshakes (by version), failures (answered with an alert), close_notify received, truncations. */
    public Map<String, Long> counters() { return Map.copyOf(counters); }

    void count(String name) { counters.merge(name, 1L, Long::sum); }

    /** Zeroes the counters (after the warm-up, so they count real clients only). */
    void resetCounters() { counters.replaceAll((k, v) -> 0L); }

    void handshake(String protocol) {
        count(HANDSHAKES);
        if ("TLSv1.3".equals(protocol)) count(TLS13);
        else if ("TLSv1.2".equals(protocol)) count(TLS12);
    }

    void failed(boolean handshaken, Exception e) {
        count(handshaken ? RECORD_FAILED : HANDSHAKE_FAILED);
    }

    /** The server asks for no client certificate, so it never has one to check: it refuses any it is shown. */
    private static final X509TrustManager NO_CLIENTS = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("this server does not take client certificates");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a server-side trust manager");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    };
}

package dev.kiln.http.tls;

import dev.kiln.http.ByteSession;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * One TLS service: a JSSE {@link SSLContext} over an in-memory key store holding the baked
 * {@link TlsIdentity} (no file is read: no key store file, no cacerts), and the counters its
 * {@link TlsSession}s update. TLS 1.3 and 1.2 are enabled (nothing older); ALPN offers
 * {@code http/1.1} only (a client that offers ALPN without it gets {@code no_application_protocol}).
 * No client certificates are asked for. Used on one loop thread.
 *
 * <p>Server names (SNI, RFC 6066 §3): the names the certificate is for are its DNS subjectAltNames
 * ({@link ServerNames}). A client naming another host is served with the baked certificate all the
 * same, as nginx's default_server does, and counted ({@code sni_unknown}); with
 * {@code rejectUnknownServerName} its handshake fails with a fatal {@code unrecognized_name} alert
 * instead (nginx's {@code ssl_reject_handshake on}). A client that names no host (e.g. one that
 * connects to an IP address) is always served.
 *
 * <p>Resumption: the one {@link SSLContext} (shared by every connection of the service) resumes TLS 1.3
 * sessions from PSK tickets and TLS 1.2 ones from session tickets (RFC 5077) or session IDs (a cache of
 * at most {@link #SESSION_CACHE_MAX} sessions); sessions last {@link #SESSION_TIMEOUT_SECONDS}. Tickets
 * are sealed with keys that live in this JVM: they do not survive a restart.
 */
public final class TlsServer {
    /** The protocols enabled, newest first. */
    public static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** The ALPN protocols offered (RFC 7301). */
    public static final String[] ALPN = {"http/1.1"};

    /** Most TLS 1.2 sessions kept for resumption by session ID (tickets keep none), and how long any session may be resumed. */
    public static final int SESSION_CACHE_MAX = 4096, SESSION_TIMEOUT_SECONDS = 3600;

    static final String HANDSHAKES = "handshakes", TLS13 = "handshakes_tls13", TLS12 = "handshakes_tls12", RESUMED = "handshakes_resumed",
            HANDSHAKE_FAILED = "drop.handshake_failed", RECORD_FAILED = "drop.record_failed", SNI_UNKNOWN = "sni_unknown",
            SNI_REJECTED = "drop.sni_rejected", CLOSE_NOTIFY_RECEIVED = "close_notify_received", TRUNCATED = "truncated_by_peer";

    private final SSLContext context;
    private final TlsIdentity identity;
    private final ServerNames names;
    private final boolean rejectUnknownServerName;
    private final KeyChoices keys;
    private final Map<String, Long> counters = new LinkedHashMap<>();

    private TlsServer(SSLContext context, TlsIdentity identity, KeyChoices keys, boolean rejectUnknownServerName) {
        this.context = context;
        this.identity = identity;
        this.keys = keys;
        this.names = ServerNames.of(identity.certificate());
        this.rejectUnknownServerName = rejectUnknownServerName;
        for (String k : new String[] {HANDSHAKES, TLS13, TLS12, RESUMED, HANDSHAKE_FAILED, RECORD_FAILED, SNI_UNKNOWN, SNI_REJECTED,
                CLOSE_NOTIFY_RECEIVED, TRUNCATED}) counters.put(k, 0L);
    }

    /** A server for {@code identity} that serves clients naming any host; see {@link #create(TlsIdentity, SecureRandom, boolean)}. */
    public static TlsServer create(TlsIdentity identity, SecureRandom random) {
        return create(identity, random, false);
    }

    /**
     * A server for {@code identity}; {@code random} feeds the handshakes (the appliance's entropy);
     * {@code rejectUnknownServerName}: refuse (unrecognized_name) a client naming a host the certificate is not for.
     *
     * @throws IllegalArgumentException if JSSE refuses the key or certificate
     */
    public static TlsServer create(TlsIdentity identity, SecureRandom random, boolean rejectUnknownServerName) {
        try {
            char[] pw = new char[0];
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("kiln", identity.key(), pw, identity.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(ks, pw);
            KeyChoices keys = new KeyChoices((X509ExtendedKeyManager) kmf.getKeyManagers()[0]);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new KeyManager[] {keys}, new TrustManager[] {NO_CLIENTS}, random);
            ctx.getServerSessionContext().setSessionCacheSize(SESSION_CACHE_MAX);
            ctx.getServerSessionContext().setSessionTimeout(SESSION_TIMEOUT_SECONDS);
            return new TlsServer(ctx, identity, keys, rejectUnknownServerName);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("TLS cannot use the baked key and certificate: " + e.getMessage()
                    + " (give certificate= and key= a matching pair, e.g. from kiln cert)", e);
        }
    }

    public TlsIdentity identity() { return identity; }

    /** The host names the certificate is for (its DNS subjectAltNames). */
    public ServerNames serverNames() { return names; }

    /** A server-side engine with this service's protocols, ALPN and server-name check. */
    public SSLEngine newEngine(String peerHost, int peerPort) {
        return newEngine(peerHost, peerPort, new ServerNameCheck());
    }

    private SSLEngine newEngine(String peerHost, int peerPort, ServerNameCheck sni) {
        SSLEngine e = context.createSSLEngine(peerHost, peerPort);
        e.setUseClientMode(false);
        SSLParameters p = e.getSSLParameters();
        p.setProtocols(PROTOCOLS);
        p.setApplicationProtocols(ALPN);
        p.setNeedClientAuth(false);
        p.setWantClientAuth(false);
        p.setSNIMatchers(List.of(sni));
        e.setSSLParameters(p);
        return e;
    }

    /** TLS around {@code inner} for one accepted connection. */
    public TlsSession open(ByteSession inner, String peerHost, int peerPort) {
        ServerNameCheck sni = new ServerNameCheck();
        return new TlsSession(this, newEngine(peerHost, peerPort, sni), inner, sni);
    }

    /**
     * Records the server_name a client sent and judges it (JSSE calls it while reading the ClientHello):
     * a name the certificate is for matches; another matches too unless the server rejects unknown names,
     * in which case JSSE answers unrecognized_name (RFC 6066 §3).
     */
    final class ServerNameCheck extends SNIMatcher {
        private String requested; // null until a ClientHello named a host

        ServerNameCheck() { super(StandardConstants.SNI_HOST_NAME); }

        /** The host the client named, or "" if it named none. */
        String requested() { return requested == null ? "" : requested; }

        @Override
        public boolean matches(SNIServerName name) {
            boolean first = requested == null;
            requested = name instanceof SNIHostName h ? h.getAsciiName() : "?";
            if (!names.known() || names.matches(requested)) return true;
            if (first) count(rejectUnknownServerName ? SNI_REJECTED : SNI_UNKNOWN);
            return !rejectUnknownServerName;
        }
    }

    /** Counters: handshakes (by version, and resumed ones), failures (answered with an alert), unknown server names, close_notify received, truncations. */
    public Map<String, Long> counters() { return Map.copyOf(counters); }

    void count(String name) { counters.merge(name, 1L, Long::sum); }

    /** Zeroes the counters (after the warm-up, so they count real clients only). */
    void resetCounters() { counters.replaceAll((k, v) -> 0L); }

    void handshake(String protocol, SSLEngine engine) {
        count(HANDSHAKES);
        if (!keys.authenticated.remove(engine)) count(RESUMED); // a resumed handshake never asks for the key
        if ("TLSv1.3".equals(protocol)) count(TLS13);
        else if ("TLSv1.2".equals(protocol)) count(TLS12);
    }

    void failed(boolean handshaken, Exception e) {
        count(handshaken ? RECORD_FAILED : HANDSHAKE_FAILED);
    }

    /**
     * The key manager, noting which engines chose the server's key for their handshake's session: a full
     * handshake does, a resumed one (PSK, ticket or session ID) does not, which is how a resumption is told
     * apart (JSSE has no API for it).
     */
    private static final class KeyChoices extends X509ExtendedKeyManager {
        private final X509ExtendedKeyManager km;
        final Set<SSLEngine> authenticated = Collections.newSetFromMap(new WeakHashMap<>());

        KeyChoices(X509ExtendedKeyManager km) { this.km = km; }

        @Override
        public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers, SSLEngine engine) {
            String alias = km.chooseEngineServerAlias(keyType, issuers, engine);
            // JSSE also asks while it rebuilds a session from a ticket, before the handshake has a session of its own
            if (alias != null && engine != null && engine.getHandshakeSession() != null) authenticated.add(engine);
            return alias;
        }

        @Override public String[] getClientAliases(String keyType, java.security.Principal[] issuers) { return null; }
        @Override public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket s) { return null; }
        @Override public String[] getServerAliases(String keyType, java.security.Principal[] issuers) { return km.getServerAliases(keyType, issuers); }
        @Override public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket s) { return km.chooseServerAlias(keyType, issuers, s); }
        @Override public X509Certificate[] getCertificateChain(String alias) { return km.getCertificateChain(alias); }
        @Override public java.security.PrivateKey getPrivateKey(String alias) { return km.getPrivateKey(alias); }
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

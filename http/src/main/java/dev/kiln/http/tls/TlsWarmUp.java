package dev.kiln.http.tls;

import dev.kiln.http.ByteSession;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Loads everything JSSE loads lazily (security properties, providers, key agreement, ciphers,
 * entropy sources) before the appliance seals itself: after the seal no file can be opened. Runs
 * one in-memory handshake and request per protocol in {@link TlsServer#PROTOCOLS} between a client
 * {@link SSLEngine} that trusts exactly the baked leaf certificate and a {@link TlsSession} of
 * {@code server}, and closes each with close_notify. Also the unit tests' client.
 */
public final class TlsWarmUp {
    private TlsWarmUp() {}

    /**
     * One handshake, request and close per protocol; the server's counters are zeroed afterwards.
     *
     * @throws IllegalStateException if a handshake does not complete (the baked identity is unusable)
     */
    public static void run(TlsServer server, SecureRandom random) {
        for (String protocol : TlsServer.PROTOCOLS) {
            SSLEngine client = client(server.identity().certificate(), random, protocol);
            Echo echo = new Echo();
            TlsSession s = server.open(echo, "warm-up", 0);
            byte[] reply = exchange(client, s, "ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            if (!s.handshaken() || !new String(reply, java.nio.charset.StandardCharsets.US_ASCII).equals("ping")) {
                throw new IllegalStateException("the TLS warm-up (" + protocol + ") did not complete a handshake and exchange");
            }
        }
        server.resetCounters();
    }

    /** A client engine limited to {@code protocol}, offering ALPN http/1.1, that trusts exactly {@code leaf}. */
    public static SSLEngine client(X509Certificate leaf, SecureRandom random, String protocol) {
        return client(clientContext(leaf, random), protocol, null);
    }

    /**
     * A client context that trusts exactly {@code leaf}. Engines made from one context share its session
     * cache, so a second connection to the same host and port offers to resume the first one's session.
     */
    public static SSLContext clientContext(X509Certificate leaf, SecureRandom random) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Pinned(leaf)}, random);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS client for the warm-up: " + e.getMessage(), e);
        }
    }

    /** A client engine of {@code ctx} for localhost:443, limited to {@code protocol}, offering ALPN http/1.1 and SNI {@code serverName} (none if null). */
    public static SSLEngine client(SSLContext ctx, String protocol, String serverName) {
        SSLEngine e = ctx.createSSLEngine("localhost", 443);
        e.setUseClientMode(true);
        var p = e.getSSLParameters();
        p.setProtocols(new String[] {protocol});
        p.setApplicationProtocols(TlsServer.ALPN);
        p.setServerNames(serverName == null ? java.util.List.of() : java.util.List.of(new javax.net.ssl.SNIHostName(serverName)));
        e.setSSLParameters(p);
        return e;
    }

    /** Handshakes {@code client} with {@code server}, sends {@code request}, closes; returns the plaintext the client got. */
    static byte[] exchange(SSLEngine client, TlsSession server, byte[] request) {
        int packet = client.getSession().getPacketBufferSize();
        ByteBuffer toServer = ByteBuffer.allocate(packet * 2), toClient = ByteBuffer.allocate(packet * 4);
        ByteBuffer plain = ByteBuffer.allocate(client.getSession().getApplicationBufferSize() * 2);
        ByteBuffer req = ByteBuffer.wrap(request);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        try {
            client.beginHandshake();
            for (int round = 0; round < 64 && !(client.isOutboundDone() && server.shouldClose()); round++) {
                toServer.clear();
                boolean app = client.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
                if (app && got.size() >= request.length) client.closeOutbound();
                if (!client.isOutboundDone()) client.wrap(app ? req : ByteBuffer.allocate(0), toServer);
                for (Runnable t; (t = client.getDelegatedTask()) != null; ) t.run();
                toServer.flip();
                server.receive(toServer, 0);
                server.drain(toClient, 0);
                toClient.flip();
                while (toClient.hasRemaining() && !client.isInboundDone()) {
                    SSLEngineResult r = client.unwrap(toClient, plain);
                    for (Runnable t; (t = client.getDelegatedTask()) != null; ) t.run();
                    if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) break;
                }
                toClient.compact();
                plain.flip();
                while (plain.hasRemaining()) got.write(plain.get());
                plain.clear();
            }
        } catch (SSLException e) {
            throw new IllegalStateException("TLS warm-up handshake failed: " + e.getMessage(), e);
        }
        return got.toByteArray();
    }

    /** The inner session of the warm-up: echoes what it gets, closes when the peer does. */
    static final class Echo implements ByteSession {
        private final ByteBuffer held = ByteBuffer.allocate(256);
        private boolean eof;

        @Override public int receive(ByteBuffer src, long nowNs) {
            int n = Math.min(src.remaining(), held.remaining());
            held.put(held.position(), src, src.position(), n);
            held.position(held.position() + n);
            src.position(src.position() + n);
            return n;
        }
        @Override public void receiveEof(long nowNs) { eof = true; }
        @Override public int drain(ByteBuffer dst, long nowNs) {
            held.flip();
            int n = Math.min(dst.remaining(), held.remaining());
            dst.put(dst.position(), held, 0, n);
            dst.position(dst.position() + n);
            held.position(n);
            held.compact();
            return n;
        }
        @Override public long pendingOutput() { return held.position(); }
        @Override public boolean shouldClose() { return eof && held.position() == 0; }
        @Override public long pollAtNs() { return Long.MAX_VALUE; }
        @Override public void poll(long nowNs) { }
    }

    /** Trusts one certificate: the server's own leaf (the warm-up talks to itself). */
    private record Pinned(X509Certificate leaf) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain.length == 0 || !chain[0].equals(leaf)) throw new CertificateException("not the baked certificate");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client-side trust manager");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
    }
}

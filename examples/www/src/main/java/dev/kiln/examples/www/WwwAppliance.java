package dev.kiln.examples.www;

import dev.kiln.appliance.Appliance;
import dev.kiln.appliance.Net;
import dev.kiln.http.AccessLog;
import dev.kiln.http.Handler;
import dev.kiln.http.HttpLimits;
import dev.kiln.http.HttpServer;
import dev.kiln.http.WallClock;
import dev.kiln.http.site.StaticSite;
import dev.kiln.http.tls.TlsIdentity;
import dev.kiln.http.tls.TlsServer;
import dev.kiln.http.tls.TlsWarmUp;
import dev.kiln.net.Ipv4;
import dev.kiln.net.NetStack;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import java.security.SecureRandom;

/**
 * The web appliance's application: the baked static site behind a {@link dev.kiln.http.Router} with
 * dynamic routes ({@link Api}), over HTTP on {@code port} and, when a certificate was baked, HTTPS
 * (TLS 1.3 and 1.2, ALPN http/1.1) on {@code tls-port}. Reads no file: {@code kiln build} bakes the
 * site and the key and generates the main that loads them and calls {@link #start}.
 *
 * <pre>
 *   net0 ─▶ TCP :port     ─▶ SessionHandler ─▶ HttpSession ─▶ Router ─▶ /healthz, /api/time | StaticSite
 *        └▶ TCP :tls-port ─▶ SessionHandler ─▶ TlsSession (SSLEngine) ─▶ HttpSession ─▶ (the same)
 * </pre>
 * Run-time arguments: {@code --port}, {@code --tls-port}, {@code --idle-seconds}, {@code --access-log}/{@code --no-access-log},
 * {@code --tls-reject-unknown-sni}/{@code --no-tls-reject-unknown-sni}: a TLS client naming (SNI) a host the
 * certificate is not for is served with it all the same by default, as nginx's default_server does, or refused
 * with a fatal unrecognized_name alert (nginx's {@code ssl_reject_handshake on}). The access log ends an
 * HTTPS request's line with {@code sni=NAME} ({@code sni=-}: the client named no host).
 */
public final class WwwAppliance {
    private WwwAppliance() {}

    /**
     * Per-listener TCP limits: 256 connections, 16 KiB in each. The send buffer bounds what one connection has
     * in flight, so it caps a large file's rate at one buffer per round trip (64 KiB held /large.bin back:
     * bench/http/PROFILE.md). Plain HTTP lends the site's bodies to the stack ({@code writeImmutable}): they
     * cost no stack memory, so its send buffers hold 4 MiB, as Linux's largest self-tuned one (tcp_wmem):
     * a file of up to 4 MiB goes in one write with its head (with 1 MiB, a 1 MiB file's last 231 bytes
     * waited a round trip for an ACK to free room, in a segment of their own); only headers and handlers'
     * output are copied, against the stack's 64 MiB send budget. HTTPS output is ciphertext,
     * always copied: 128 KiB each, so 256 of them (32 MiB) leave room in the budget for HTTP's copies. A
     * connection whose write finds the budget spent is told when it frees (no connection waits forever).
     */
    static final TcpOptions TCP_OPTIONS = TcpOptions.defaults().withConnectionsMax(256).withBacklog(256)
            .withRxBufferBytes(16 << 10).withTxBufferBytes(4 << 20).withBuffersBytesMax(256L * ((16 << 10) + (4 << 20)));
    /** As {@link #TCP_OPTIONS}, with 128 KiB send buffers (HTTPS: everything it sends is copied). */
    static final TcpOptions TLS_TCP_OPTIONS = TCP_OPTIONS.withTxBufferBytes(128 << 10).withBuffersBytesMax(256L * (144 << 10));

    /** HTTP only: the entry the generated main calls when the descriptor bakes no certificate. */
    public static HttpServer start(Appliance appliance, NetStack net0, StaticSite site) {
        return start(appliance, net0, site, null);
    }

    /** The application's entry, called by the generated main: serves {@code site} over HTTP, and HTTPS if {@code tls} is given. */
    public static HttpServer start(Appliance appliance, NetStack net0, StaticSite site, TlsIdentity tls) {
        long bootMillis = System.currentTimeMillis();
        int idle = appliance.args().declares("idle-seconds") ? appliance.args().integer("idle-seconds", 1, 3600) : 30;
        HttpLimits limits = new HttpLimits(8192, 16384, 100, 1 << 20, idle * 1_000_000_000L, 256 << 10);
        StdoutLog stdout = new StdoutLog();
        AccessLog log = appliance.args().flag("access-log") ? stdout : AccessLog.NONE;
        HttpServer http = new HttpServer(Api.routes(site, bootMillis), limits, wallClock(), log);
        int port = appliance.args().integer("port", 1, 65535);
        SessionHandler plain = httpHandler(http, stdout::flush, site::holds); // site bodies are lent to the stack, not copied
        listen(net0, port, TCP_OPTIONS, plain, appliance.target());
        appliance.counters("http.", plain::counters);
        appliance.line("serving", "HTTP on TCP port " + port + " (" + site.fileCount() + " files; /healthz, /api/time; "
                + TCP_OPTIONS.connectionsMax() + " connections, idle " + idle + " s)");
        if (tls != null) {
            SecureRandom random = new SecureRandom();
            boolean rejectUnknownSni = appliance.args().declares("tls-reject-unknown-sni") && appliance.args().flag("tls-reject-unknown-sni");
            TlsServer tlsServer = TlsServer.create(tls, random, rejectUnknownSni);
            TlsWarmUp.run(tlsServer, random); // JSSE loads its lazy parts now: after the seal it could not
            int tlsPort = appliance.args().integer("tls-port", 1, 65535);
            SessionHandler secure = httpsHandler(http, tlsServer, stdout::flush);
            listen(net0, tlsPort, TLS_TCP_OPTIONS, secure, appliance.target());
            appliance.counters("https.", secure::counters);
            appliance.counters("tls.", tlsServer::counters);
            appliance.line("serving", "HTTPS on TCP port " + tlsPort + " (TLS 1.3 and 1.2, ALPN http/1.1; certificate "
                    + tls.certificate().getSubjectX500Principal().getName() + ", valid until " + tls.certificate().getNotAfter().toInstant() + ")");
            appliance.line("names", "SNI " + tlsServer.serverNames() + (!tlsServer.serverNames().known() ? " (the certificate names no host: any name is served)"
                    : rejectUnknownSni ? "; other names refused (unrecognized_name)" : "; other names served the same certificate (--tls-reject-unknown-sni refuses them)"));
        }
        appliance.line("log", appliance.args().flag("access-log") ? "access log on standard output (--no-access-log to stop it)" : "no access log");
        return http;
    }

    private static void listen(NetStack stack, int port, TcpOptions options, SessionHandler h, String target) {
        try {
            stack.tcpListen(port, options, h);
        } catch (UnsupportedOperationException e) {
            throw new IllegalStateException("HTTP needs TCP, which the " + target + " target's stack does not have yet: build for"
                    + " --target host (or use a Kiln with TCP on its own stack)", e);
        }
    }

    /** Plain HTTP on {@code port} (0: any): every connection gets an {@link dev.kiln.http.HttpSession} of {@code http}. */
    public static TcpListener serveHttp(NetStack stack, HttpServer http, int port) {
        return stack.tcpListen(port, TCP_OPTIONS, httpHandler(http, () -> { }));
    }

    /** HTTPS on {@code port} (0: any): every connection gets a {@link dev.kiln.http.tls.TlsSession} around an HTTP session. */
    public static TcpListener serveHttps(NetStack stack, HttpServer http, TlsServer tls, int port) {
        return stack.tcpListen(port, TLS_TCP_OPTIONS, httpsHandler(http, tls, () -> { }));
    }

    static SessionHandler httpHandler(HttpServer http) {
        return httpHandler(http, () -> { });
    }

    /** {@code afterCallback}: run after each TCP callback (flushes the buffered access log). */
    static SessionHandler httpHandler(HttpServer http, Runnable afterCallback) {
        return httpHandler(http, afterCallback, bytes -> false);
    }

    /** {@code lendable}: output bytes that may be lent to the stack ({@link SessionHandler}), e.g. the site's bodies. */
    static SessionHandler httpHandler(HttpServer http, Runnable afterCallback, java.util.function.Predicate<java.lang.foreign.MemorySegment> lendable) {
        return new SessionHandler((c, now) -> http.accept(peer(c), now), SCRATCH_BYTES, afterCallback, lendable);
    }

    static SessionHandler httpsHandler(HttpServer http, TlsServer tls, Runnable afterCallback) {
        return new SessionHandler((c, now) -> tls.open(http.accept(peer(c), now), peer(c), c.remotePort()), SCRATCH_BYTES, afterCallback,
                bytes -> false); // TLS output is ciphertext the session made: copied
    }

    /** The buffer each listener drains sessions through (one per listener: the loop is one thread). */
    static final int SCRATCH_BYTES = 64 << 10;

    private static String peer(dev.kiln.net.TcpConnection c) {
        return Ipv4.format(c.remoteAddress());
    }

    /** The time of day for Date and the access log: the wall clock's offset from the loop's monotonic clock, taken once. */
    private static WallClock wallClock() {
        long offsetSeconds = System.currentTimeMillis() / 1000 - System.nanoTime() / 1_000_000_000L;
        return WallClock.fixedOffset(offsetSeconds);
    }

    /**
     * The development entry (tests, {@code java -cp}); images boot the generated main. For example
     * {@code --site site.ksite --tls tls.ktls --target host --listen 127.0.0.1:8080 --tls-port 8443}.
     */
    public static void main(String[] argv) {
        Appliance.main("www", null, argv, Appliance.args("seal", "false", "port", "80", "tls-port", "443", "idle-seconds", "30",
                "access-log", "true", "tls-reject-unknown-sni", "false"), a -> {
            StaticSite site = a.load("site", StaticSite::load);
            TlsIdentity tls = a.args().get("tls") == null ? null : a.load("tls", TlsIdentity::load);
            Net net0 = a.target().equals("tap") ? a.tap("net0", "kiln0", "192.0.2.2/24", null)
                    : a.host("net0", "127.0.0.1:8080");
            start(a, net0.stack(), site, tls);
            a.serve(net0);
        });
    }
}

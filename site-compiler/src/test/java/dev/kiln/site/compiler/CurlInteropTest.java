package dev.kiln.site.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.http.AccessEntry;
import dev.kiln.http.HttpLimits;
import dev.kiln.http.HttpServer;
import dev.kiln.http.HttpSession;
import dev.kiln.http.Response;
import dev.kiln.http.Router;
import dev.kiln.http.WallClock;
import dev.kiln.http.site.StaticSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real peer: the sans-I/O session on a plain JDK socket on 127.0.0.1 (one thread per connection
 * moves bytes, nothing else), hit with curl. Proves the bytes before Kiln TCP exists.
 */
class CurlInteropTest {
    static ServerSocket listener;
    static Thread acceptor;
    static final List<String> LOG = Collections.synchronizedList(new ArrayList<>());
    static String base;
    static String index;

    @BeforeAll
    static void serve(@TempDir Path tmp) throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is not installed (apt-get install -y curl; scripts/test-packages.txt lists it)");
        Path dir = SiteCompilerTest.site(tmp.resolve("site"));
        index = Files.readString(dir.resolve("index.html"));
        StaticSite site = StaticSite.load(Files.readAllBytes(SiteCompiler.bake(dir, tmp.resolve("s.ksite"),
                SiteCompiler.Options.DEFAULTS.withLastModified(SiteCompilerTest.FIXED)).image()));
        Router app = Router.builder()
                .route("POST", "/api/echo", r -> Response.of(200, "application/octet-stream", r.body()))
                .route("PUT", "/api/echo", r -> Response.of(200, "application/octet-stream", r.body()))
                .fallback(site).build();
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        base = "http://127.0.0.1:" + listener.getLocalPort();
        acceptor = Thread.ofPlatform().daemon().start(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket s = listener.accept();
                    HttpServer server = new HttpServer(app, HttpLimits.DEFAULTS, (WallClock) nowNs -> System.currentTimeMillis() / 1000, (AccessEntry e) -> LOG.add(e.commonLogFormat()));
                    Thread.ofVirtual().start(() -> connection(server, s));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    /** Moves bytes between the socket and the session until the session says close. */
    static void connection(HttpServer server, Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setSoTimeout(100);
            HttpSession c = server.accept(s.getInetAddress().getHostAddress(), System.nanoTime());
            byte[] buf = new byte[8192];
            ByteBuffer tx = ByteBuffer.allocate(1 << 16);
            while (!c.shouldClose()) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException idle) {
                    c.poll(System.nanoTime());
                    n = 0;
                }
                if (n < 0) c.receiveEof(System.nanoTime());
                for (int off = 0; off < n; ) {
                    off += c.receive(buf, off, n - off, System.nanoTime());
                    flush(c, tx, out);
                }
                flush(c, tx, out);
            }
        } catch (IOException peerGone) {
            // the peer closed first
        }
    }

    static void flush(HttpSession c, ByteBuffer tx, OutputStream out) throws IOException {
        while (c.drain(tx.clear(), System.nanoTime()) > 0) out.write(tx.array(), 0, tx.position());
        out.flush();
    }

    @AfterAll
    static void stop() throws IOException {
        if (listener != null) listener.close();
    }

    static String curl(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/curl", "-sS", "--http1.1", "--max-time", "10"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try (OutputStream o = p.getOutputStream()) {
            if (stdin != null) o.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertEquals(0, p.waitFor(), "curl " + cmd + " failed: " + out);
        return out;
    }

    @Test
    void getHeadCompressedAndRanges() throws Exception {
        assertEquals(index, curl(null, base + "/"));
        String head = curl(null, "-I", base + "/");
        assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n") && head.contains("Content-Length: " + index.length() + "\r\n"), head);
        String gz = curl(null, "--compressed", "-D", "-", base + "/");
        assertTrue(gz.contains("Content-Encoding: gzip\r\n") && gz.endsWith(index), "curl decompressed our gzip: " + gz);
        assertEquals("<!doc", curl(null, "-r", "0-4", base + "/index.html"));
        assertEquals("206", curl(null, "-r", "0-4", "-o", "/dev/null", "-w", "%{http_code}", base + "/index.html"));
        assertEquals("416", curl(null, "-r", "99999-", "-o", "/dev/null", "-w", "%{http_code}", base + "/index.html"));
    }

    @Test
    void validatorsRedirectsAndErrors() throws Exception {
        String etag = curl(null, "-I", base + "/docs/").lines().filter(l -> l.startsWith("ETag: ")).findFirst().orElseThrow().substring(6);
        assertEquals("304", curl(null, "-H", "If-None-Match: " + etag, "-o", "/dev/null", "-w", "%{http_code}", base + "/docs/"));
        assertEquals("301 /docs/", curl(null, "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}", base + "/docs").replace(base, ""));
        assertEquals("<p>docs</p>", curl(null, "-L", base + "/docs"));
        assertEquals("404", curl(null, "-o", "/dev/null", "-w", "%{http_code}", base + "/nope"));
        assertTrue(curl(null, "-X", "DELETE", "-i", base + "/").contains("Allow: GET, HEAD\r\n"));
        assertTrue(curl(null, "-i", base + "/docs/a%20b.css").contains("text/css"));
    }

    @Test
    void keepAliveBodiesAndChunkedUploads() throws Exception {
        assertEquals("1 0 ", curl(null, "-o", "/dev/null", "-o", "/dev/null", "-w", "%{num_connects} ", base + "/", base + "/docs/"),
                "the second request reused the connection");
        assertEquals("hello", curl(null, "--data-binary", "hello", base + "/api/echo"));
        assertEquals("chunky bytes", curl("chunky bytes", "-T", "-", base + "/api/echo"), "curl -T - sends a chunked body");
        String big = "x".repeat(3000);
        assertEquals(big, curl(big, "-H", "Expect: 100-continue", "--data-binary", "@-", base + "/api/echo"));
        assertTrue(LOG.stream().anyMatch(l -> l.matches("127\\.0\\.0\\.1 - - \\[\\d\\d/\\w{3}/\\d{4}(:\\d\\d){3} \\+0000\\] \"POST /api/echo HTTP/1.1\" 200 5")), String.join("\n", LOG));
    }

    @Test
    void pipelinedRequestsOverTheSocketAreAnsweredInOrder() throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /docs/ HTTP/1.1\r\nHost: h\r\n\r\n"
                    + "POST /api/echo HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"
                    + "GET /nope HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);   // until our close
            int a = all.indexOf("HTTP/1.1 200 OK"), b = all.indexOf("HTTP/1.1 200 OK", a + 1), c = all.indexOf("HTTP/1.1 404 Not Found");
            assertTrue(a == 0 && b > a && c > b, all);
            assertTrue(all.contains("<p>docs</p>HTTP/1.1 200") && all.contains("\r\n\r\nabcHTTP/1.1 404") && all.endsWith("not found\n"), all);
        }
    }
}

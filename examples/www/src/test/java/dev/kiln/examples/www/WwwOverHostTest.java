package dev.kiln.examples.www;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kiln.http.AccessLog;
import dev.kiln.http.HttpLimits;
import dev.kiln.http.HttpServer;
import dev.kiln.http.WallClock;
import dev.kiln.http.site.StaticSite;
import dev.kiln.net.TcpListener;
import dev.kiln.net.host.HostStack;
import dev.kiln.site.compiler.SiteCompiler;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The appliance's HTTP wiring ({@link WwwAppliance#serveHttp}) on the host stack with the example site; the test thread is the loop. */
class WwwOverHostTest {
    static final long MS = 1_000_000L;
    static final Path SITE = Path.of("site");
    final HostStack stack = HostStack.open("127.0.0.1");

    @TempDir
    Path tmp;

    @AfterEach
    void close() { stack.close(); }

    SessionHandler handler;

    TcpListener serve(long idleNs) throws Exception {
        Path image = tmp.resolve("site.ksite");
        SiteCompiler.bake(SITE, image, SiteCompiler.Options.DEFAULTS.withLastModified(1_767_225_600L));
        StaticSite site = StaticSite.load(Files.readAllBytes(image));
        HttpLimits limits = new HttpLimits(8192, 16384, 100, 1 << 20, idleNs, 256 << 10);
        HttpServer http = new HttpServer(Api.routes(site, 0), limits, WallClock.NONE, AccessLog.NONE);
        handler = WwwAppliance.httpHandler(http);
        return stack.tcpListen(0, WwwAppliance.TCP_OPTIONS, handler);
    }

    void turnUntil(BooleanSupplier done) {
        long end = System.nanoTime() + 20_000 * MS;
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) fail("not within 20 s: " + stack.counters());
            long at = stack.pollAtNs();
            stack.readiness().await(at == Long.MAX_VALUE ? 20 * MS : Math.max(0, Math.min(20 * MS, at - System.nanoTime())));
            stack.doWork(System.nanoTime());
        }
    }

    @Test
    void pipelinedMegabyteResponsesToASlowReaderArriveWholeAndInOrder() throws Exception {
        TcpListener l = serve(30_000 * MS);
        int n = 12;
        byte[] big = Files.readAllBytes(SITE.resolve("media/big.txt"));
        AtomicLong got = new AtomicLong(-1);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), l.port())) {
            s.setSoTimeout(20_000);
            StringBuilder reqs = new StringBuilder();
            for (int i = 0; i < n; i++) reqs.append("GET /media/big.txt HTTP/1.1\r\nHost: t\r\n\r\n");
            reqs.append("GET /healthz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            s.getOutputStream().write(reqs.toString().getBytes(StandardCharsets.US_ASCII));
            // the client reads nothing until the appliance has filled the socket and must wait for onWritable
            turnUntil(() -> stack.counters().getOrDefault("tx.tcp_bytes", 0L) > 2_000_000);
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    InputStream in = s.getInputStream();
                    long total = 0;
                    for (int i = 0; i < n; i++) {
                        String head = head(in);
                        assertTrue(head.startsWith("HTTP/1.1 200 OK") && head.contains("Content-Length: 1048576"), head);
                        byte[] body = in.readNBytes(big.length);
                        assertTrue(java.util.Arrays.equals(big, body), "response " + i + " intact");
                        total += body.length;
                    }
                    String last = head(in);
                    assertTrue(last.contains("Connection: close"), last);
                    assertEquals("ok\n", new String(in.readNBytes(3), StandardCharsets.US_ASCII));
                    assertEquals(-1, in.read(), "closed after the last response");
                    got.set(total);
                } catch (Exception | AssertionError e) {
                    got.set(-2);
                    throw new RuntimeException(e);
                }
            });
            turnUntil(() -> got.get() != -1 && l.connections() == 0);
            reader.join();
            assertEquals((long) n * big.length, got.get());
            assertTrue(handler.counters().get("writable_waits") > 0, "the send buffer filled and the handler waited for onWritable");
        }
    }

    @Test
    void aSilentConnectionIsClosedAtTheIdleDeadline() throws Exception {
        TcpListener l = serve(150 * MS);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), l.port())) {
            long t0 = System.nanoTime();
            turnUntil(() -> l.connections() == 1);
            turnUntil(() -> l.connections() == 0);
            assertTrue(System.nanoTime() - t0 >= 150 * MS, "not before the idle time");
            s.setSoTimeout(5000);
            assertEquals(-1, s.getInputStream().read());
            assertEquals(1L, handler.counters().get("idle_closed"));
        }
    }

    static String head(InputStream in) throws java.io.IOException {
        StringBuilder h = new StringBuilder();
        while (!h.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new java.io.EOFException("inside a head: " + h);
            h.append((char) b);
        }
        return h.toString();
    }
}

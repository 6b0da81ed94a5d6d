package dev.kiln.examples.www;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.http.AccessLog;
import dev.kiln.http.HttpLimits;
import dev.kiln.http.HttpServer;
import dev.kiln.http.WallClock;
import dev.kiln.http.site.StaticSite;
import dev.kiln.net.Ipv4;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.stack.KilnStack;
import dev.kiln.net.stack.StackConfig;
import dev.kiln.platform.Entropy;
import dev.kiln.site.compiler.SiteCompiler;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The steady state of the web appliance's small-file benchmark (wrk: keep-alive GETs of a 1 KiB file, no
 * access log) allocates nothing per request on the loop thread: frames in through a Kiln stack on an
 * offloading device (as {@code --target tap}), the www {@link SessionHandler}, {@code HttpSession}, the baked
 * {@link StaticSite}, and the response back out. A client stack on the other end of a {@link Cable} keeps
 * {@link #CONNECTIONS} connections busy, as wrk does, each sending its next request once the response is
 * complete (so the server's segments interleave connections); only the server's {@code doWork} is measured
 * ({@code ThreadMXBean#getCurrentThreadAllocatedBytes} around each call), after a warm-up. It is what the code
 * allocates, interpreted or compiled (C2's escape analysis is not counted on). On main before this test it was
 * 1,712 bytes per request. The bound leaves room for a rare few hundred bytes (a deoptimization re-materialises
 * objects the JIT had eliminated) and is far below one object per request (20,000 × 16 bytes = 320 KB).
 */
class KeepAliveAllocationTest {
    static final int SERVER_IP = Ipv4.parse("192.0.2.2"), CLIENT_IP = Ipv4.parse("192.0.2.3");
    static final int WARM_UP = 30_000, MEASURED = 20_000, CONNECTIONS = 16;
    static final long BOUND_BYTES = 8 << 10;

    @TempDir
    Path tmp;

    final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long serverAllocated;
    long nowNs = 1_000_000_000L;

    @Test
    void keepAliveSmallFileRequestsAllocateNothingOnTheLoop() throws Exception {
        long allocated = serve("/small.html");
        assertTrue(allocated < BOUND_BYTES, "the server's loop allocated " + allocated + " bytes over " + MEASURED + " keep-alive requests ("
                + allocated / MEASURED + " per request)");
    }

    /**
     * A client whose heads differ request by request (each connection alternates two files) costs only what a new
     * head needs: its target's string, the head, the parse result and the request (about 160 bytes); the lines it
     * repeats (method, Host, User-Agent) and the response cost nothing. Main allocated 1.7 KB per such request.
     */
    @Test
    void alternatingFilesAllocateOnlyTheHeadThatChanged() throws Exception {
        long allocated = serve("/small.html", "/other.html");
        assertTrue(allocated < 256L * MEASURED, "the server's loop allocated " + allocated / MEASURED + " bytes per request");
    }

    /** Serves {@code paths} (each connection asks for them in turn) and returns the bytes the server's loop allocated for {@link #MEASURED} requests. */
    private long serve(String... paths) throws Exception {
        Cable cable = new Cable();
        KilnStack server = KilnStack.create(cable.a, StackConfig.builder(SERVER_IP, 24).build(), entropy(1));
        KilnStack client = KilnStack.create(cable.b, StackConfig.builder(CLIENT_IP, 24).build(), entropy(2));
        StaticSite site = site();
        HttpServer http = new HttpServer(Api.routes(site, 0), new HttpLimits(8192, 16384, 100, 1 << 20, 30_000_000_000L, 256 << 10),
                WallClock.fixedOffset(1_767_225_600L), AccessLog.NONE); // as WwwAppliance.start with --no-access-log
        server.tcpListen(80, WwwAppliance.TCP_OPTIONS, WwwAppliance.httpHandler(http, () -> { }, site::holds));
        Wrk wrk = new Wrk(paths);
        for (int i = 0; i < CONNECTIONS; i++) client.tcpConnect(SERVER_IP, 80, WwwAppliance.TCP_OPTIONS, wrk);

        run(server, client, wrk, WARM_UP);
        long before = serverAllocated, done = wrk.responses;
        run(server, client, wrk, MEASURED);
        long allocated = serverAllocated - before;
        System.out.printf("keep-alive 1 KiB GETs of %s: %d bytes allocated on the server's loop over %d requests (%.1f per request)%n",
                String.join(", ", paths), allocated, MEASURED, (double) allocated / MEASURED);
        assertEquals(done + MEASURED, wrk.responses, "every request answered");
        assertEquals(1024, wrk.bodyBytes, "the 1 KiB file");
        server.close();
        client.close();
        return allocated;
    }

    private StaticSite site() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("site"));
        String page = ("<!doctype html><title>bench</title><p>" + "kiln ".repeat(1024)).substring(0, 1023) + "\n";
        Files.writeString(dir.resolve("small.html"), page);
        Files.writeString(dir.resolve("other.html"), page);
        Path image = tmp.resolve("site.ksite");
        SiteCompiler.bake(dir, image, SiteCompiler.Options.DEFAULTS.withLastModified(1_767_225_600L));
        return StaticSite.load(Files.readAllBytes(image));
    }

    /** Turns both stacks until {@code n} more responses arrived; the server's turns are measured. */
    private void run(KilnStack server, KilnStack client, Wrk wrk, int n) {
        long target = wrk.responses + n;
        for (int idle = 0; wrk.responses < target; ) {
            nowNs += 5_000;
            long at = mx.getCurrentThreadAllocatedBytes();
            int work = server.doWork(nowNs);
            serverAllocated += mx.getCurrentThreadAllocatedBytes() - at;
            work += client.doWork(nowNs);
            idle = work == 0 ? idle + 1 : 0;
            if (idle > 100_000) throw new AssertionError("stuck after " + wrk.responses + " responses: " + server.counters());
        }
    }

    /** The client: one request in flight per connection, the next sent as soon as the response is complete (Content-Length). */
    static final class Wrk implements TcpHandler {
        final MemorySegment[] requests;
        final Map<TcpConnection, Integer> sent = new HashMap<>();
        long responses;
        int bodyBytes = -1;

        Wrk(String... paths) {
            requests = new MemorySegment[paths.length];
            for (int i = 0; i < paths.length; i++)
                requests[i] = MemorySegment.ofArray(("GET " + paths[i] + " HTTP/1.1\r\nHost: 192.0.2.2\r\nUser-Agent: wrk\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        /** The connection's next request: its paths in turn. */
        void next(TcpConnection c) {
            int n = sent.merge(c, 1, Integer::sum);
            MemorySegment r = requests[n % requests.length];
            c.write(r, 0, (int) r.byteSize());
        }

        @Override
        public void onAccepted(TcpConnection c, long nowNs) { next(c); }

        @Override
        public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
            String text = new String(data.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            if (end < 0) return 0;
            assertTrue(text.startsWith("HTTP/1.1 200 "), text);
            int cl = text.toLowerCase().indexOf("content-length: ");
            int length = Integer.parseInt(text.substring(cl + 16, text.indexOf('\r', cl)));
            if (text.length() < end + 4 + length) return 0;
            bodyBytes = length;
            responses++;
            next(c);
            return end + 4 + length;
        }
    }

    static Entropy entropy(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        return new Entropy() {
            @Override public void fill(MemorySegment dst) { for (long i = 0; i < dst.byteSize(); i++) dst.set(ValueLayout.JAVA_BYTE, i, (byte) r.nextInt()); }
            @Override public long nextLong() { return r.nextLong(); }
        };
    }
}

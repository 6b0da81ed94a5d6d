package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The web training client against a small HTTP/1.1 server on loopback that records what it is asked. */
class HttpProbeTest {
    static final List<String> SITE = List.of("/a.html", "/media/big.bin");

    @Test
    void asksForEverySiteFileInEveryFormAfterTheFixedMix() {
        List<String> r = HttpProbe.requests(SITE);
        assertEquals("GET / HTTP/1.1\r\nHost: t\r\n\r\n", r.getFirst());
        for (String p : SITE) {
            assertTrue(r.contains("GET " + p + " HTTP/1.1\r\nHost: t\r\n\r\n"), p);
            assertTrue(r.contains("GET " + p + " HTTP/1.1\r\nHost: t\r\nAccept-Encoding: br, gzip\r\n\r\n"), p);
            assertTrue(r.contains("HEAD " + p + " HTTP/1.1\r\nHost: t\r\n\r\n"), p);
            assertTrue(r.contains("GET " + p + " HTTP/1.1\r\nHost: t\r\nRange: bytes=0-99\r\n\r\n"), p);
            assertTrue(r.contains("GET " + p + " HTTP/1.1\r\nHost: t\r\nIf-None-Match: *\r\n\r\n"), p);
        }
        assertEquals(HttpProbe.requests(List.of()).size() + 5 * SITE.size(), r.size());
    }

    @Test
    void plainRequestsGoOutOnParallelConnectionsAndEveryResponseIsReadWhole() throws Exception {
        try (Server server = new Server(); HttpProbe probe = probe(server)) {
            int n = 2 * HttpProbe.requests(SITE).size(); // plain only (no TLS port): every request, once
            for (int i = 0; i < n; i++) {
                int status = probe.askTraining(i, 5000);
                assertTrue(status == 200 || status == 206 || status == 304 || status == 404, "request " + i + ": " + status);
            }
            // every site file in every form, on each of the parallel connections
            for (String p : SITE) {
                for (String form : new String[] {"GET " + p + " ", "HEAD " + p + " "}) {
                    long seen = server.heads.stream().filter(h -> h.startsWith(form)).count();
                    assertTrue(seen >= HttpProbe.PARALLEL, form + " seen " + seen + " times");
                }
            }
            assertTrue(server.heads.size() >= n * HttpProbe.PARALLEL, "each request on every parallel connection: " + server.heads.size());
            assertTrue(server.mostOpen.get() >= HttpProbe.PARALLEL, "connections open at once: " + server.mostOpen.get());
            assertTrue(server.accepted.get() > HttpProbe.PARALLEL, "connections are renewed: " + server.accepted.get());
            int renewed = server.accepted.get() - HttpProbe.PARALLEL;
            probe.close();
            server.awaitEnds(renewed);
            assertTrue(server.reset.get() >= renewed / 2 && server.ended.get() >= renewed / 2 - 1,
                    "half the renewals close gracefully, half with an RST: " + server.ended + " ended, " + server.reset + " reset");
        }
    }

    @Test
    void aSiteWithoutARootPageStillCountsAsServing() throws Exception {
        try (Server server = new Server(); HttpProbe probe = probe(server)) {
            long t = probe.untilFirstAnswer(System.nanoTime() + TimeUnit.SECONDS.toNanos(10), () -> true);
            assertTrue(t > 0, "a 404 for / is an answer");
        }
    }

    private static HttpProbe probe(Server server) {
        return new HttpProbe(InetAddress.getLoopbackAddress(), server.port(), -1, HttpProbe.HOST, SITE);
    }

    /** Keep-alive HTTP/1.1 on loopback: 404 for /, 304 on If-None-Match, 206 on Range, else 200; a large body for /media/. */
    static final class Server implements AutoCloseable {
        final ServerSocket listen = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final List<String> heads = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger open = new AtomicInteger(), mostOpen = new AtomicInteger(), accepted = new AtomicInteger();
        final AtomicInteger ended = new AtomicInteger(), reset = new AtomicInteger();
        final Thread acceptor = Thread.ofVirtual().start(this::accept);

        Server() throws IOException {}

        int port() {
            return listen.getLocalPort();
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = listen.accept();
                    accepted.incrementAndGet();
                    mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                    Thread.ofVirtual().start(() -> serve(s));
                }
            } catch (IOException closed) {
                // the test is over
            }
        }

        private void serve(Socket s) {
            try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                String head;
                while ((head = readHead(in)) != null) {
                    heads.add(head);
                    String[] line = head.split(" ", 3);
                    boolean bodyless = line[0].equals("HEAD");
                    int status = line[1].equals("/") ? 404 : head.contains("If-None-Match") ? 304 : head.contains("Range:") ? 206 : 200;
                    int len = status == 304 ? 0 : status == 206 ? 100 : line[1].startsWith("/media/") ? 300_000 : 500;
                    out.write(("HTTP/1.1 " + status + " X\r\nContent-Length: " + len + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    if (!bodyless) out.write(new byte[len]);
                    out.flush();
                }
                ended.incrementAndGet();
            } catch (java.net.SocketException e) {
                reset.incrementAndGet(); // the client reset the connection
            } catch (IOException e) {
                // the client went away
            } finally {
                open.decrementAndGet();
                synchronized (this) {
                    notifyAll();
                }
            }
        }

        /** The request head up to the blank line, or null at the end of the stream. */
        private static String readHead(InputStream in) throws IOException {
            StringBuilder h = new StringBuilder();
            while (h.length() < 4 || !h.substring(h.length() - 4).equals("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) return null;
                h.append((char) b);
            }
            return h.toString();
        }

        /** Waits until {@code n} connections have ended (at end of stream or reset); fails after 10 s. */
        void awaitEnds(int n) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            synchronized (this) {
                while (ended.get() + reset.get() < n) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) throw new AssertionError(n + " connections did not end within 10 s: " + ended + " ended, " + reset + " reset");
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            }
        }

        @Override
        public void close() throws IOException {
            listen.close();
        }
    }
}

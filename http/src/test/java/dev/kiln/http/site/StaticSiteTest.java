package dev.kiln.http.site;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.http.AccessLog;
import dev.kiln.http.HttpLimits;
import dev.kiln.http.HttpServer;
import dev.kiln.http.HttpSession;
import dev.kiln.http.Response;
import dev.kiln.http.Router;
import dev.kiln.http.WallClock;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden responses of a baked site: 200, HEAD, 304, 404, 405, 301, gzip choice, 206, 416, multi-range. */
class StaticSiteTest {
    static final long LM = 1_767_225_600L;                      // Thu, 01 Jan 2026 00:00:00 GMT
    static final String HTML = "<!doctype html><title>kiln</title><p>" + "hello ".repeat(40) + "</p>\n";
    static final byte[] GZ = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, (byte) 0xff, 1, 2, 3};
    static final String ETAG = "\"" + java.util.HexFormat.of().formatHex(SiteImageWriter.sha256(HTML.getBytes(StandardCharsets.UTF_8)), 0, 16) + "\"";
    static final String ETAG_GZ = coded(ETAG, "gzip", GZ);
    /** A coded variant's tag: the content's, its coding, and the first 4 bytes of the SHA-256 of the coded bytes. */
    static String coded(String etag, String coding, byte[] body) {
        return etag.substring(0, etag.length() - 1) + "-" + coding + "-" + java.util.HexFormat.of().formatHex(SiteImageWriter.sha256(body), 0, 4) + "\"";
    }
    static final String TAIL = "Date: Thu, 01 Jan 2026 00:00:00 GMT\r\n\r\n";

    static final byte[] IMAGE = SiteImageWriter.write(List.of(
            new SiteFile("/docs/index.html", "text/html; charset=utf-8", LM, HTML.getBytes(StandardCharsets.UTF_8), GZ, null),
            new SiteFile("/a.txt", "text/plain; charset=utf-8", LM, "0123456789".getBytes(StandardCharsets.US_ASCII), null, null)));
    static final StaticSite SITE = StaticSite.load(IMAGE);

    static String get(String request) {
        HttpServer s = new HttpServer(Router.builder().get("/api/hi", r -> Response.text(200, "hi")).fallback(SITE).build(),
                HttpLimits.DEFAULTS, WallClock.fixedOffset(LM), AccessLog.NONE);
        HttpSession c = s.accept("p", 0);
        byte[] b = request.getBytes(StandardCharsets.ISO_8859_1);
        c.receive(b, 0, b.length, 0);
        ByteBuffer out = ByteBuffer.allocate(1 << 16);
        c.drain(out, 0);
        return new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1);
    }

    static String req(String method, String path, String... fields) {
        return method + " " + path + " HTTP/1.1\r\nHost: h\r\n" + String.join("", java.util.Arrays.stream(fields).map(f -> f + "\r\n").toList()) + "\r\n";
    }

    static String h200(String etag, String enc, int len) {
        return "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + len + "\r\n" + enc
                + "ETag: " + etag + "\r\nLast-Modified: Thu, 01 Jan 2026 00:00:00 GMT\r\nVary: Accept-Encoding\r\nAccept-Ranges: bytes\r\n" + TAIL;
    }

    /** Bodies lie in the site's native copy of the image: {@link StaticSite#holds} them (lendable), not heap or dynamic bytes. */
    @Test
    void bodiesLieInNativeMemoryTheSiteHolds() {
        byte[] big = new byte[20_000];
        new java.util.Random(3).nextBytes(big);
        StaticSite site = StaticSite.load(SiteImageWriter.write(List.of(new SiteFile("/big.bin", "application/octet-stream", LM, big, null, null))));
        HttpServer s = new HttpServer(Router.builder().get("/api/big", r -> Response.text(200, "x".repeat(20_000))).fallback(site).build(),
                HttpLimits.DEFAULTS, WallClock.fixedOffset(LM), AccessLog.NONE);
        for (String path : new String[] {"/big.bin", "/api/big"}) {
            HttpSession c = s.accept("p", 0);
            byte[] b = req("GET", path).getBytes(StandardCharsets.ISO_8859_1);
            c.receive(b, 0, b.length, 0);
            ByteBuffer one = ByteBuffer.allocate(1);
            while (c.peekOutput() == null) assertEquals(1, c.drain(one.clear(), 0), "headers drained byte by byte until the body");
            java.lang.foreign.MemorySegment body = java.lang.foreign.MemorySegment.ofBuffer(c.peekOutput());
            assertEquals(20_000, body.byteSize());
            if (path.equals("/big.bin")) {
                assertTrue(site.holds(body) && body.isNative(), "a site body is lendable");
                assertArrayEquals(big, body.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
                assertFalse(SITE.holds(body), "another site's image does not hold it");
            } else {
                assertFalse(site.holds(body), "a handler's body is not the site's");
            }
        }
        assertFalse(site.holds(java.lang.foreign.MemorySegment.ofArray(big)));
    }

    @Test
    void getAndHeadOfAnIndex() {
        assertEquals(h200(ETAG, "", HTML.length()) + HTML, get(req("GET", "/docs/")));
        assertEquals(h200(ETAG, "", HTML.length()) + HTML, get(req("GET", "/docs/index.html")));
        assertEquals(h200(ETAG, "", HTML.length()), get(req("HEAD", "/docs/")));
        assertEquals(2, SITE.fileCount());
    }

    @Test
    void gzipWhenAcceptedByQValue() {
        String gz = new String(GZ, StandardCharsets.ISO_8859_1);
        assertEquals(h200(ETAG_GZ, "Content-Encoding: gzip\r\n", GZ.length) + gz, get(req("GET", "/docs/", "Accept-Encoding: gzip, deflate, br")));
        assertTrue(get(req("GET", "/docs/", "Accept-Encoding: gzip;q=0.5")).contains("ETag: " + ETAG + "\r\n"));
        assertTrue(get(req("GET", "/docs/", "Accept-Encoding: gzip;q=0")).contains("ETag: " + ETAG + "\r\n"));
        assertTrue(get(req("GET", "/docs/", "Accept-Encoding: *")).contains("Content-Encoding: gzip"));
        assertTrue(get(req("GET", "/docs/", "Accept-Encoding: identity;q=0.1, gzip;q=0.9")).contains("Content-Encoding: gzip"));
        assertTrue(get(req("GET", "/docs/", "Accept-Encoding: ")).contains("ETag: " + ETAG + "\r\n"));
    }

    @Test
    void brWhenAcceptedGzipOtherwiseByQValue() {
        byte[] br = {0x1b, 1, 2, 3, 4, 5};
        StaticSite site = StaticSite.load(SiteImageWriter.write(List.of(
                new SiteFile("/p.html", "text/html; charset=utf-8", LM, HTML.getBytes(StandardCharsets.UTF_8), GZ, br))));
        java.util.function.Function<String, String> get = ae -> {
            HttpServer s = new HttpServer(site, HttpLimits.DEFAULTS, WallClock.fixedOffset(LM), AccessLog.NONE);
            HttpSession c = s.accept("p", 0);
            byte[] b = (ae == null ? req("GET", "/p.html") : req("GET", "/p.html", "Accept-Encoding: " + ae)).getBytes(StandardCharsets.ISO_8859_1);
            c.receive(b, 0, b.length, 0);
            ByteBuffer out = ByteBuffer.allocate(1 << 16);
            c.drain(out, 0);
            return new String(out.array(), 0, out.position(), StandardCharsets.ISO_8859_1);
        };
        String etagBr = coded(ETAG, "br", br);
        assertEquals(h200(etagBr, "Content-Encoding: br\r\n", br.length) + new String(br, StandardCharsets.ISO_8859_1), get.apply("gzip, deflate, br"));
        for (String ae : List.of("br", "*", "gzip;q=0.5, br;q=0.6, identity;q=0.1", "BR;q=1.0, gzip")) assertTrue(get.apply(ae).contains("Content-Encoding: br\r\n"), ae);
        for (String ae : List.of("gzip", "br;q=0.5, gzip", "gzip, br;q=0", "x-gzip")) assertTrue(get.apply(ae).contains("Content-Encoding: gzip\r\n"), ae);
        for (String ae : List.of("identity", "br;q=0, gzip;q=0", "deflate")) assertTrue(get.apply(ae).contains("ETag: " + ETAG + "\r\n"), ae);
        assertTrue(get.apply(null).contains("ETag: " + ETAG + "\r\n"), "no Accept-Encoding: identity");
        assertTrue(get.apply("br").contains("Vary: Accept-Encoding\r\n"));
        assertTrue(!etagBr.equals(coded(ETAG, "br", new byte[] {0x1b, 9})), "a br compressed again differently gets another strong tag");
    }

    @Test
    void conditionalRequests() {
        String h304 = "HTTP/1.1 304 Not Modified\r\nETag: " + ETAG + "\r\nLast-Modified: Thu, 01 Jan 2026 00:00:00 GMT\r\nVary: Accept-Encoding\r\n" + TAIL;
        assertEquals(h304, get(req("GET", "/docs/", "If-None-Match: \"x\", W/" + ETAG)));
        assertEquals(h304, get(req("HEAD", "/docs/", "If-None-Match: *")));
        assertTrue(get(req("GET", "/docs/", "If-None-Match: " + ETAG_GZ)).startsWith("HTTP/1.1 200 "));
        assertEquals(h304, get(req("GET", "/docs/", "If-Modified-Since: Thu, 01 Jan 2026 00:00:00 GMT")));
        assertTrue(get(req("GET", "/docs/", "If-Modified-Since: Wed, 31 Dec 2025 23:59:59 GMT")).startsWith("HTTP/1.1 200 "));
        assertTrue(get(req("GET", "/docs/", "If-None-Match: \"other\"", "If-Modified-Since: Fri, 01 Jan 2027 00:00:00 GMT")).startsWith("HTTP/1.1 200 "));
        assertTrue(get(req("GET", "/docs/", "If-Modified-Since: yesterday")).startsWith("HTTP/1.1 200 "));
    }

    @Test
    void ranges() {
        String head = "HTTP/1.1 206 Partial Content\r\nContent-Type: text/plain; charset=utf-8\r\nETag: ";
        assertTrue(get(req("GET", "/a.txt", "Range: bytes=2-4")).matches("(?s)" + java.util.regex.Pattern.quote(head)
                + "\"[0-9a-f]{32}\"\r\nLast-Modified: Thu, 01 Jan 2026 00:00:00 GMT\r\nContent-Range: bytes 2-4/10\r\nContent-Length: 3\r\n" + TAIL + "234"));
        assertTrue(get(req("GET", "/a.txt", "Range: bytes=-3")).endsWith("Content-Range: bytes 7-9/10\r\nContent-Length: 3\r\n" + TAIL + "789"));
        assertTrue(get(req("GET", "/a.txt", "Range: bytes=8-")).endsWith("Content-Range: bytes 8-9/10\r\nContent-Length: 2\r\n" + TAIL + "89"));
        assertTrue(get(req("GET", "/a.txt", "Range: bytes=5-100")).endsWith("Content-Range: bytes 5-9/10\r\nContent-Length: 5\r\n" + TAIL + "56789"));
        assertEquals("HTTP/1.1 416 Range Not Satisfiable\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes */10\r\nContent-Length: 22\r\n"
                + TAIL + "range not satisfiable\n", get(req("GET", "/a.txt", "Range: bytes=10-")));
        assertTrue(get(req("GET", "/a.txt", "Range: bytes=0-1, 4-5")).startsWith("HTTP/1.1 200 OK"), "several ranges: whole file");
        assertTrue(get(req("GET", "/a.txt", "Range: bytes=5-2")).startsWith("HTTP/1.1 200 OK"), "invalid: ignored");
        assertTrue(get(req("GET", "/a.txt", "Range: lines=1-2")).startsWith("HTTP/1.1 200 OK"), "other unit: ignored");
        assertTrue(get(req("HEAD", "/a.txt", "Range: bytes=0-1")).startsWith("HTTP/1.1 200 OK"), "HEAD ignores Range");
        assertTrue(get(req("GET", "/a.txt", "Range: bytes=0-1", "If-Range: \"stale\"")).startsWith("HTTP/1.1 200 OK"));
        assertTrue(get(req("GET", "/a.txt", "Range: bytes=0-1", "If-Range: Thu, 01 Jan 2026 00:00:00 GMT")).startsWith("HTTP/1.1 206 "));
    }

    @Test
    void errorsAndRedirects() {
        assertEquals("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 10\r\n" + TAIL + "not found\n", get(req("GET", "/nope")));
        assertEquals("HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain; charset=utf-8\r\nAllow: GET, HEAD\r\nContent-Length: 40\r\n"
                + TAIL + "a static site answers GET and HEAD only\n", get(req("DELETE", "/a.txt")));
        assertEquals("HTTP/1.1 301 Moved Permanently\r\nLocation: /docs/\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 16\r\n"
                + TAIL + "moved to /docs/\n", get(req("GET", "/docs")));
        assertTrue(get(req("GET", "/api/hi")).endsWith("\r\n\r\nhi"), "dynamic routes mix with the site");
        assertTrue(get(req("POST", "/api/hi")).contains("Allow: GET, HEAD\r\n"));
    }

    @Test
    void theImageIsDeterministicAndCorruptionIsCaught() {
        assertArrayEquals(IMAGE, SiteImageWriter.write(List.of(
                new SiteFile("/a.txt", "text/plain; charset=utf-8", LM, "0123456789".getBytes(StandardCharsets.US_ASCII), null, null),
                new SiteFile("/docs/index.html", "text/html; charset=utf-8", LM, HTML.getBytes(StandardCharsets.UTF_8), GZ, null))));
        byte[] bad = IMAGE.clone();
        bad[bad.length - 1] ^= 1;
        assertTrue(assertThrows(SiteImageException.class, () -> StaticSite.load(bad)).getMessage().contains("checksum"));
        assertThrows(SiteImageException.class, () -> StaticSite.load(java.util.Arrays.copyOf(IMAGE, IMAGE.length - 1)));
        assertThrows(SiteImageException.class, () -> StaticSite.load(new byte[3]));
        assertThrows(SiteImageException.class, () -> SiteImageWriter.write(List.of(
                new SiteFile("/a", "text/plain", 0, new byte[0], null, null), new SiteFile("/a", "text/plain", 0, new byte[0], null, null))));
    }
}

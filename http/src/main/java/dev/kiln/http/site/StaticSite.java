package dev.kiln.http.site;

import dev.kiln.http.Handler;
import dev.kiln.http.HttpDate;
import dev.kiln.http.Request;
import dev.kiln.http.Response;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * A baked static site, served from its image: every response is a precomputed header block plus a
 * slice of the image. {@link #load} copies the image once into native memory (a direct buffer the
 * site keeps for its life), so a body slice never changes and can be lent to the network stack
 * ({@code TcpConnection.writeImmutable}: sent from where it lies, with no copy of the stack's);
 * {@link #holds} tells a caller whether bytes it is about to send are such a slice. GET and HEAD; 404; 405 with Allow; 301 for a directory
 * without its slash; conditional requests (If-None-Match → 304, else If-Modified-Since → 304;
 * RFC 9110 §13.2.2); content coding chosen by Accept-Encoding; one byte range → 206, none
 * satisfiable → 416, several → 200 with everything (RFC 9110 §14.2 allows ignoring Range);
 * If-Range (§13.1.5). Read-only after {@link #load}; safe to share between threads.
 */
public final class StaticSite implements Handler {
    /** One coding of a file; the 200 and 304 responses are built once at load (the session duplicates their buffers). */
    record Variant(int coding, String etag, Response ok, Response notModified, ByteBuffer h206, ByteBuffer body) {}
    record Page(long lastModified, Variant[] variants, int[] codings) {}

    private final Map<String, Object> byPath;     // Page or Response (redirect)
    private final int files;
    private final ByteBuffer image;               // the image in native memory: bodies and header blocks are its slices
    private final long imageAt, imageEnd;         // its addresses

    private StaticSite(Map<String, Object> byPath, int files, ByteBuffer image) {
        this.byPath = byPath;
        this.files = files;
        this.image = image;
        MemorySegment m = MemorySegment.ofBuffer(image);
        this.imageAt = m.address();
        this.imageEnd = m.address() + m.byteSize();
    }

    /**
     * Whether {@code bytes} lie wholly in this site's image (a body or part of one, as a response
     * queued it): then they never change and live as long as the site, so they may be lent to the
     * stack ({@code writeImmutable}) while the site is in use.
     */
    public boolean holds(MemorySegment bytes) {
        return bytes.isNative() && bytes.address() >= imageAt && bytes.address() + bytes.byteSize() <= imageEnd;
    }

    /** Distinct files in the site (aliases and redirects not counted). */
    public int fileCount() { return files; }

    /** Whether a GET of {@code path} would find something (a file, an index alias or a redirect). */
    public boolean contains(String path) { return byPath.containsKey(path); }

    @Override
    public Response handle(Request r) {
        Object o = byPath.get(r.path());
        if (o == null) return Response.text(404, "not found\n");
        if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
            return Response.text(405, "a static site answers GET and HEAD only\n").withHeader("Allow", "GET, HEAD");
        }
        if (o instanceof Response redirect) return redirect;
        Page p = (Page) o;
        Variant v = p.variants[AcceptEncoding.choose(
                r.header("accept-encoding") == null ? null : r.fields().list("accept-encoding"), p.codings)];
        if (notModified(r, p, v)) return v.notModified;
        if (r.method().equals("GET") && r.header("range") != null && ifRangeHolds(r.header("if-range"), p, v)) {
            long len = v.body.remaining();
            ByteRange range = ByteRange.parse(r.header("range"), len);
            switch (range.kind()) {
                case UNSATISFIABLE -> {
                    return Response.text(416, "range not satisfiable\n").withHeader("Content-Range", "bytes */" + len);
                }
                case ONE -> {
                    byte[] extra = ("Content-Range: bytes " + range.first() + "-" + range.last() + "/" + len + "\r\nContent-Length: "
                            + (range.last() - range.first() + 1) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                    ByteBuffer head = ByteBuffer.allocate(v.h206.remaining() + extra.length).put(v.h206.duplicate()).put(extra).flip();
                    return Response.precomputed(206, head, v.body.slice((int) range.first(), (int) (range.last() - range.first() + 1)));
                }
                case IGNORE -> { }
            }
        }
        return v.ok;
    }

    /** RFC 9110 §13.1.2 (weak comparison of any listed tag, or *), else §13.1.3 (only without If-None-Match). */
    private static boolean notModified(Request r, Page p, Variant v) {
        if (r.header("if-none-match") != null) {
            for (String tag : r.fields().list("if-none-match")) {
                if (tag.equals("*") || stripWeak(tag).equals(v.etag)) return true;
            }
            return false;
        }
        long since = HttpDate.parse(r.header("if-modified-since"));
        return since >= 0 && p.lastModified <= since;
    }

    /** RFC 9110 §13.1.5: a strong ETag match, or the exact Last-Modified date. */
    private static boolean ifRangeHolds(String ifRange, Page p, Variant v) {
        if (ifRange == null) return true;
        if (ifRange.startsWith("\"")) return ifRange.equals(v.etag);
        long date = HttpDate.parse(ifRange);
        return date >= 0 && date == p.lastModified;
    }

    private static String stripWeak(String tag) { return tag.startsWith("W/") ? tag.substring(2) : tag; }

    /**
     * Loads a baked image: copied once into native memory (a direct buffer, within
     * {@code -XX:MaxDirectMemorySize}, by default the heap's size), where the bodies and header blocks
     * stay (the caller may drop {@code image}).
     *
     * @throws SiteImageException if the image is truncated, corrupt or from another format version, or
     *                            does not fit in direct memory
     */
    public static StaticSite load(byte[] image) {
        if (image.length < SiteImageFormat.HEADER_LEN || !java.util.Arrays.equals(image, 0, 8, SiteImageFormat.MAGIC, 0, 8)) {
            throw new SiteImageException("not a Kiln site image (bad magic or too short: " + image.length + " bytes) — rebuild the appliance so it bakes its site");
        }
        ByteBuffer memory;
        try {
            memory = ByteBuffer.allocateDirect(image.length).put(image).flip().asReadOnlyBuffer(); // the one copy, at load
        } catch (OutOfMemoryError e) { // direct memory is bounded by -XX:MaxDirectMemorySize, by default the heap's size
            throw new SiteImageException("the site image (" + image.length + " bytes) does not fit in the JVM's direct memory ("
                    + e.getMessage() + ") — give the appliance a larger heap, or set -XX:MaxDirectMemorySize above the image's size");
        }
        Cursor c = new Cursor(memory);
        c.p = 8;
        int version = c.u16();
        if (version != SiteImageFormat.VERSION) {
            throw new SiteImageException("site image has format version " + version + " but this build reads version "
                    + SiteImageFormat.VERSION + " — rebuild the appliance with the same Kiln version that runs it");
        }
        c.u16();
        long bodyLen = c.u32(), crc = c.u32(), count = c.u32();
        if (bodyLen != image.length - SiteImageFormat.HEADER_LEN) throw corrupt("body length " + bodyLen + " does not match the image's " + (image.length - SiteImageFormat.HEADER_LEN) + " bytes (truncated?)");
        CRC32 check = new CRC32();
        check.update(image, SiteImageFormat.HEADER_LEN, image.length - SiteImageFormat.HEADER_LEN);
        if (check.getValue() != crc) throw corrupt("checksum mismatch");
        if (count > (image.length - SiteImageFormat.HEADER_LEN) / 3) throw corrupt("entry count " + count + " cannot fit");
        c.p = SiteImageFormat.HEADER_LEN;
        String[] paths = new String[(int) count];
        Object[] values = new Object[(int) count];
        long[] aliasOf = new long[(int) count];
        int files = 0;
        for (int i = 0; i < count; i++) {
            paths[i] = new String(c.bytes(c.u16()), StandardCharsets.UTF_8);
            if (!paths[i].startsWith("/")) throw corrupt("path '" + paths[i] + "' does not start with /");
            if (i > 0 && paths[i].compareTo(paths[i - 1]) <= 0) throw corrupt("paths out of order at " + paths[i]);
            aliasOf[i] = -1;
            switch (c.u8()) {
                case SiteImageFormat.FILE -> { values[i] = readPage(c); files++; }
                case SiteImageFormat.ALIAS -> aliasOf[i] = c.u32();
                case SiteImageFormat.REDIRECT -> values[i] = Response.precomputed(301, c.blob(), c.blob());
                default -> throw corrupt("unknown entry kind at " + paths[i]);
            }
        }
        if (c.p != image.length) throw corrupt((image.length - c.p) + " trailing bytes");
        Map<String, Object> byPath = new HashMap<>();
        for (int i = 0; i < count; i++) {
            if (aliasOf[i] >= 0) {
                if (aliasOf[i] >= count || !(values[(int) aliasOf[i]] instanceof Page)) throw corrupt("alias " + paths[i] + " points at no file");
                values[i] = values[(int) aliasOf[i]];
            }
            byPath.put(paths[i], values[i]);
        }
        return new StaticSite(byPath, files, memory);
    }

    private static Page readPage(Cursor c) {
        long lastModified = c.u64();
        int n = c.u8();
        if (n < 1 || n > 3) throw corrupt(n + " variants of one file");
        Variant[] vs = new Variant[n];
        int[] codings = new int[n];
        for (int i = 0; i < n; i++) {
            int coding = c.u8();
            if (coding > SiteImageFormat.BR || (i == 0) != (coding == SiteImageFormat.IDENTITY)) throw corrupt("bad coding " + coding);
            String etag = new String(c.bytes(c.u8()), StandardCharsets.US_ASCII);
            ByteBuffer h200 = c.blob(), h304 = c.blob(), h206 = c.blob(), body = c.blob();
            vs[i] = new Variant(coding, etag, Response.precomputed(200, h200, body), Response.precomputed(304, h304, ByteBuffer.allocate(0)), h206, body);
            codings[i] = coding;
        }
        return new Page(lastModified, vs, codings);
    }

    private static SiteImageException corrupt(String why) {
        return new SiteImageException("site image is corrupt: " + why + " — rebuild the appliance image");
    }

    /** Bounds-checked reader over the image; every overrun is a corrupt image. */
    private static final class Cursor {
        final ByteBuffer b;
        int p;
        Cursor(ByteBuffer b) { this.b = b; }
        void need(long n) { if (n < 0 || p + n > b.limit()) throw corrupt("truncated at offset " + p); }
        int u8() { need(1); return b.get(p++) & 0xFF; }
        int u16() { need(2); int v = b.getShort(p) & 0xFFFF; p += 2; return v; }
        long u32() { need(4); long v = b.getInt(p) & 0xFFFFFFFFL; p += 4; return v; }
        long u64() { need(8); long v = b.getLong(p); p += 8; return v; }
        byte[] bytes(int n) { need(n); byte[] r = new byte[n]; b.get(p, r); p += n; return r; }
        ByteBuffer blob() {
            long n = u32();
            need(n);
            ByteBuffer s = b.slice(p, (int) n);
            p += (int) n;
            return s;
        }
    }
}

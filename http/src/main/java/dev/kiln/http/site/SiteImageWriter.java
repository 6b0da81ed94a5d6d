package dev.kiln.http.site;

import dev.kiln.http.HttpDate;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Bakes files into the image {@link StaticSite#load} reads at boot (format in {@link SiteImageFormat}).
 * Computes the strong ETag (SHA-256 of the content; a coded variant appends its coding and a hash of
 * its own bytes, so a variant compressed again differently, e.g. a new {@code X.br}, gets a new tag:
 * RFC 9110 §8.8.3, a strong validator changes with the representation's bytes), the header blocks of every variant, and for each {@code …/index.html} an alias at
 * {@code …/} and a 301 from {@code …} to {@code …/}. Deterministic: the same files give the same bytes.
 */
public final class SiteImageWriter {
    private SiteImageWriter() {}

    private sealed interface Entry permits FileEntry, Alias, Redirect {}
    private record FileEntry(SiteFile f) implements Entry {}
    private record Alias(String target) implements Entry {}
    private record Redirect(String location) implements Entry {}

    public static byte[] write(List<SiteFile> files) {
        TreeMap<String, Entry> entries = new TreeMap<>();
        for (SiteFile f : files) {
            check(f);
            if (entries.put(f.path(), new FileEntry(f)) != null) throw new SiteImageException("two files are served at " + f.path() + " — rename one");
        }
        for (SiteFile f : files) {
            if (!f.path().endsWith("/index.html")) continue;
            String dir = f.path().substring(0, f.path().length() - "index.html".length());
            entries.putIfAbsent(dir, new Alias(f.path()));
            if (dir.length() > 1) entries.putIfAbsent(dir.substring(0, dir.length() - 1), new Redirect(dir));
        }
        Map<String, Integer> index = new TreeMap<>();
        for (String p : entries.keySet()) index.put(p, index.size());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            byte[] path = e.getKey().getBytes(StandardCharsets.UTF_8);
            u16(body, path.length);
            body.writeBytes(path);
            switch (e.getValue()) {
                case FileEntry fe -> { body.write(SiteImageFormat.FILE); writeFile(body, fe.f()); }
                case Alias a -> { body.write(SiteImageFormat.ALIAS); u32(body, index.get(a.target())); }
                case Redirect r -> {
                    body.write(SiteImageFormat.REDIRECT);
                    String loc = encodePath(r.location());
                    byte[] text = ("moved to " + loc + "\n").getBytes(StandardCharsets.US_ASCII);
                    blob(body, ascii("HTTP/1.1 301 Moved Permanently\r\nLocation: " + loc + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: " + text.length + "\r\n"));
                    blob(body, text);
                }
            }
        }
        byte[] b = body.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(b);
        ByteArrayOutputStream out = new ByteArrayOutputStream(SiteImageFormat.HEADER_LEN + b.length);
        out.writeBytes(SiteImageFormat.MAGIC);
        u16(out, SiteImageFormat.VERSION);
        u16(out, 0);
        u32(out, b.length);
        u32(out, crc.getValue());
        u32(out, entries.size());
        out.writeBytes(new byte[8]);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static void writeFile(ByteArrayOutputStream out, SiteFile f) {
        String hash = HexFormat.of().formatHex(sha256(f.identity()), 0, 16);
        String lm = HttpDate.format(f.lastModified());
        List<byte[]> bodies = new ArrayList<>();
        List<Integer> codings = new ArrayList<>();
        bodies.add(f.identity()); codings.add(SiteImageFormat.IDENTITY);
        if (f.gzip() != null) { bodies.add(f.gzip()); codings.add(SiteImageFormat.GZIP); }
        if (f.brotli() != null) { bodies.add(f.brotli()); codings.add(SiteImageFormat.BR); }
        u64(out, f.lastModified());
        out.write(bodies.size());
        String vary = bodies.size() > 1 ? "Vary: Accept-Encoding\r\n" : "";
        for (int i = 0; i < bodies.size(); i++) {
            int coding = codings.get(i);
            String ce = coding == SiteImageFormat.IDENTITY ? "" : "Content-Encoding: " + SiteImageFormat.CODING_NAMES[coding] + "\r\n";
            String etag = "\"" + hash + (coding == SiteImageFormat.IDENTITY ? "" : "-" + SiteImageFormat.CODING_NAMES[coding] + "-"
                    + HexFormat.of().formatHex(sha256(bodies.get(i)), 0, 4)) + "\"";
            String common = ce + "ETag: " + etag + "\r\nLast-Modified: " + lm + "\r\n" + vary;
            out.write(coding);
            out.write(etag.length());
            out.writeBytes(ascii(etag));
            blob(out, ascii("HTTP/1.1 200 OK\r\nContent-Type: " + f.contentType() + "\r\nContent-Length: " + bodies.get(i).length + "\r\n"
                    + common + "Accept-Ranges: bytes\r\n"));
            blob(out, ascii("HTTP/1.1 304 Not Modified\r\n" + common));
            blob(out, ascii("HTTP/1.1 206 Partial Content\r\nContent-Type: " + f.contentType() + "\r\n" + common));
            blob(out, bodies.get(i));
        }
    }

    private static void check(SiteFile f) {
        if (f.path() == null || !f.path().startsWith("/")) throw new SiteImageException("site path '" + f.path() + "' must start with /");
        if (f.path().getBytes(StandardCharsets.UTF_8).length > 0xFFFF) throw new SiteImageException("site path is over 65535 bytes: " + f.path().substring(0, 80) + "…");
        for (int i = 0; i < f.path().length(); i++) {
            if (f.path().charAt(i) < 0x20 || f.path().charAt(i) == 0x7F) throw new SiteImageException("site path " + f.path() + " has a control character — rename the file");
        }
        for (int i = 0; i < f.contentType().length(); i++) {
            char c = f.contentType().charAt(i);
            if (c < 0x20 || c > 0x7E) throw new SiteImageException("content type '" + f.contentType() + "' of " + f.path() + " is not printable ASCII");
        }
        if (f.identity() == null) throw new SiteImageException("no content for " + f.path());
    }

    /** Percent-encodes a path for a Location field: unreserved, sub-delims, ':', '@' and '/' stay (RFC 3986 §3.3). */
    static String encodePath(String path) {
        StringBuilder s = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$&'()*+,;=:@/".indexOf(c) >= 0) s.append((char) c);
            else s.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
        }
        return s.toString();
    }

    static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static byte[] ascii(String s) { return s.getBytes(StandardCharsets.US_ASCII); }
    private static void blob(ByteArrayOutputStream o, byte[] b) { u32(o, b.length); o.writeBytes(b); }
    private static void u16(ByteArrayOutputStream o, int v) { o.write(v >>> 8); o.write(v); }
    private static void u32(ByteArrayOutputStream o, long v) { o.write((int) (v >>> 24)); o.write((int) (v >>> 16)); o.write((int) (v >>> 8)); o.write((int) v); }
    private static void u64(ByteArrayOutputStream o, long v) { u32(o, v >>> 32); u32(o, v & 0xFFFFFFFFL); }
}

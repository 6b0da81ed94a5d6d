package dev.kiln.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The HTTP/1.1 request-head parser (RFC 9112 §2-§6) over a byte buffer that may hold part of a head,
 * or a head followed by a body and further pipelined requests. Incremental: it remembers how far it
 * scanned, so a head fed one byte at a time costs linear time. Never throws on any input and never
 * looks past the limits: a head is refused as soon as it is too long (no unbounded buffering).
 *
 * <p>Line ends are CRLF or a bare LF (§2.2); a CR anywhere else is an error.
 *
 * <p>A keep-alive client tends to send the same head again and again (a benchmark always does): the parser
 * remembers the last head it parsed, bytes and result (up to {@link #MEMO_BYTES_MAX}), and answers the same
 * bytes with the same result, neither parsed nor allocated again. Parsing is a function of the bytes and
 * the limits, and a {@link RequestHead} is read-only, so the repeat is indistinguishable. A head that differs
 * (another path, say) is parsed, its unchanged lines taken from the last one ({@link HeadStrings}).
 */
public final class RequestParser {
    static final int MEMO_BYTES_MAX = 2048;
    private final HttpLimits limits;
    private byte[] memo = new byte[0];
    private int memoLen;
    private ParseResult memoResult; // a complete head whose bytes are memo[0, memoLen), or null
    private final HeadStrings strings = new HeadStrings();
    private int scanned, lineStart, headStart, fieldLines;
    private boolean requestLineSeen;

    public RequestParser(HttpLimits limits) { this.limits = limits; }

    /** Forgets the scan state: call after a head was consumed (or to start over on new bytes). */
    public void reset() { scanned = lineStart = headStart = fieldLines = 0; requestLineSeen = false; }

    /**
     * Parses the head starting at {@code b[off]}, of which {@code len} bytes are available. Between
     * calls that return {@link ParseResult#needMore} the bytes already seen must stay where they are.
     */
    public ParseResult parse(byte[] b, int off, int len) {
        int p = scanned;
        while (p < len) {
            if (b[off + p] == '\n') {
                int end = p > lineStart && b[off + p - 1] == '\r' ? p - 1 : p;
                if (!requestLineSeen) {
                    if (end == lineStart) {                       // RFC 9112 §2.2: empty lines before the request line
                        headStart = lineStart = p + 1;
                        if (headStart > 64) return ParseResult.error(400, "empty lines before the request line");
                        p++;
                        continue;
                    }
                    if (end - lineStart > limits.requestLineBytesMax()) return ParseResult.error(414, "request line too long");
                    requestLineSeen = true;
                } else if (end == lineStart) {
                    scanned = 0;
                    return repeated(b, off, p + 1) ? memoResult : remember(b, off, p + 1, head(b, off, headStart, p + 1));
                } else if (++fieldLines > limits.headerCountMax()) {
                    return ParseResult.error(431, "too many header fields");
                }
                lineStart = p + 1;
            }
            p++;
            if (!requestLineSeen && p - lineStart > limits.requestLineBytesMax() + 1) return ParseResult.error(414, "request line too long");
            if (p > limits.headerBytesMax()) return ParseResult.error(431, "request head too large");
        }
        scanned = p;
        return ParseResult.MORE;
    }

    private boolean repeated(byte[] b, int off, int len) {
        return memoResult != null && len == memoLen && java.util.Arrays.equals(b, off, off + len, memo, 0, len);
    }

    private ParseResult remember(byte[] b, int off, int len, ParseResult r) {
        if (!r.complete() || len > MEMO_BYTES_MAX) return r;
        if (memo.length < len) memo = new byte[Math.max(len, 256)];
        System.arraycopy(b, off, memo, 0, len);
        memoLen = len;
        memoResult = r;
        return r;
    }

    private ParseResult head(byte[] b, int off, int start, int end) {
        strings.start();
        int p = off + start, limit = off + end;
        int lineEnd = lineEnd(b, p, limit);
        ParseResult bad = null;
        // request-line = method SP request-target SP HTTP-version (RFC 9112 §3)
        int sp1 = indexOf(b, p, lineEnd, ' ');
        int sp2 = sp1 < 0 ? -1 : indexOf(b, sp1 + 1, lineEnd, ' ');
        if (sp2 < 0 || sp1 == p || sp2 == sp1 + 1) return ParseResult.error(400, "malformed request line");
        for (int i = p; i < sp1; i++) if (!Ascii.tchar(b[i])) return ParseResult.error(400, "bad method");
        for (int i = sp1 + 1; i < sp2; i++) if (b[i] <= 0x20 || b[i] >= 0x7F) return ParseResult.error(400, "bad request-target");
        int minor = version(b, sp2 + 1, lineEnd);
        if (minor == -1) return ParseResult.error(400, "malformed HTTP-version");
        if (minor == -2) return ParseResult.error(505, "unsupported HTTP major version");
        String method = strings.latin1(b, p, sp1 - p);
        String target = strings.latin1(b, sp1 + 1, sp2 - sp1 - 1);
        // field-line = field-name ":" OWS field-value OWS (RFC 9112 §5)
        for (p = nextLine(b, lineEnd, limit); p < limit; p = nextLine(b, lineEnd, limit)) {
            lineEnd = lineEnd(b, p, limit);
            if (lineEnd == p) break;
            if (b[p] == ' ' || b[p] == '\t') return ParseResult.error(400, "obsolete line folding"); // §5.2
            int colon = indexOf(b, p, lineEnd, ':');
            if (colon <= p) return ParseResult.error(400, "malformed header field");
            for (int i = p; i < colon; i++) if (!Ascii.tchar(b[i])) return ParseResult.error(400, "bad field name"); // §5.1
            int vs = colon + 1, ve = lineEnd;
            while (vs < ve && (b[vs] == ' ' || b[vs] == '\t')) vs++;
            while (ve > vs && (b[ve - 1] == ' ' || b[ve - 1] == '\t')) ve--;
            for (int i = vs; i < ve; i++) if (!Ascii.fieldByte(b[i])) return ParseResult.error(400, "bad byte in field value");
            strings.lower(b, p, colon - p);
            strings.latin1(b, vs, ve - vs);
        }
        Fields fields = strings.fields();
        if (method.equals("CONNECT")) return ParseResult.error(501, "CONNECT is not supported");
        int hosts = fields.count("host");
        if (hosts > 1 || (minor >= 1 && hosts == 0)) return ParseResult.error(400, "need exactly one Host field"); // §3.2
        long bodyLength = framing(fields, minor);
        if (bodyLength == -400) bad = ParseResult.error(400, "invalid message framing");
        else if (bodyLength == -501) bad = ParseResult.error(501, "unsupported transfer coding");
        else if (bodyLength > limits.bodyBytesMax()) bad = ParseResult.error(413, "body larger than the limit");
        if (bad != null) return bad;
        String[] pq = pathAndQuery(method, target);
        if (pq == null) return ParseResult.error(400, "bad request-target");
        strings.done(end, fields);
        return new ParseResult(0, new RequestHead(method, target, pq[0], pq[1], minor, fields, bodyLength), end, "ok");
    }

    /** RFC 9112 §6.1, §6.3: the body length, {@link RequestHead#CHUNKED}, or -400 / -501 for an error. */
    static long framing(Fields f, int minor) {
        int te = f.count("transfer-encoding"), cl = f.count("content-length");
        if (te > 0) {
            if (minor == 0 || cl > 0) return -400;            // §6.1 (1.0 with TE), §6.3 item 3 (TE and CL: smuggling)
            var codings = f.list("transfer-encoding");
            if (codings.isEmpty() || !codings.getLast().equalsIgnoreCase("chunked")) return -400; // §6.3 item 4
            return codings.size() == 1 ? RequestHead.CHUNKED : -501;
        }
        if (cl == 0) return 0;                                // §6.3 item 7: a request without either has no body
        if (cl > 1) return -400;                              // §6.3 item 5: we refuse rather than merge duplicates
        long n = decimal(f.get("content-length"));
        return n < 0 ? -400 : n;
    }

    /** 1*DIGIT of at most 18 digits (so it fits a long) as a number, else -1. */
    public static long decimal(String s) {
        if (s == null || s.isEmpty() || s.length() > 18) return -1;
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3): the minor version for 1.x, -2 for another major, -1 if malformed. */
    private static int version(byte[] b, int p, int end) {
        if (end - p != 8 || b[p] != 'H' || b[p + 1] != 'T' || b[p + 2] != 'T' || b[p + 3] != 'P' || b[p + 4] != '/'
                || b[p + 6] != '.' || !digit(b[p + 5]) || !digit(b[p + 7])) return -1;
        if (b[p + 5] != '1') return -2;
        return b[p + 7] == '0' ? 0 : 1;
    }

    /** RFC 9112 §3.2: origin-form, absolute-form (http/https), asterisk-form for OPTIONS. Null if unusable. */
    static String[] pathAndQuery(String method, String target) {
        String t = target;
        if (t.equals("*")) return method.equals("OPTIONS") ? new String[] {"*", null} : null;
        if (!t.startsWith("/")) {
            String lower = Ascii.lower(t.length() > 8 ? t.substring(0, 8) : t);
            int scheme = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
            if (scheme < 0) return null;
            int slash = scheme;
            while (slash < t.length() && t.charAt(slash) != '/' && t.charAt(slash) != '?') slash++;
            if (slash == scheme) return null;                 // no authority
            t = slash == t.length() ? "/" : t.charAt(slash) == '?' ? "/" + t.substring(slash) : t.substring(slash);
        }
        if (t.indexOf('#') >= 0) return null;
        int q = t.indexOf('?');
        String path = decode(q < 0 ? t : t.substring(0, q));
        return path == null ? null : new String[] {path, q < 0 ? null : t.substring(q + 1)};
    }

    /** Percent-decodes a path as UTF-8 (RFC 3986 §2.1); null for a bad escape or an encoded NUL. */
    static String decode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream o = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') { o.write(c); continue; }
            if (i + 2 >= s.length()) return null;
            int h = Character.digit(s.charAt(i + 1), 16), l = Character.digit(s.charAt(i + 2), 16);
            if (h < 0 || l < 0 || (h | l) == 0) return null;
            o.write(h << 4 | l);
            i += 2;
        }
        return o.toString(StandardCharsets.UTF_8);
    }

    private static boolean digit(byte c) { return c >= '0' && c <= '9'; }

    private static int indexOf(byte[] b, int from, int to, char c) {
        for (int i = from; i < to; i++) if (b[i] == c) return i;
        return -1;
    }

    /** End of the line at {@code p} without CRLF/LF; a CR inside the line stays and is rejected by the callers. */
    private static int lineEnd(byte[] b, int p, int limit) {
        int lf = indexOf(b, p, limit, '\n');
        return lf > p && b[lf - 1] == '\r' ? lf - 1 : lf;
    }

    private static int nextLine(byte[] b, int lineEnd, int limit) {
        return indexOf(b, lineEnd, limit, '\n') + 1;
    }
}

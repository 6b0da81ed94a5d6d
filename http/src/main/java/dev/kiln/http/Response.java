package dev.kiln.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A response a {@link Handler} returns. Either built (status, fields, body: the session adds
 * Content-Length, Date and Connection), or precomputed (a baked header block plus a body slice, as
 * static sites serve them: nothing is formatted at run time). Immutable; {@link #withHeader} copies.
 */
public final class Response {
    private static final String[] RESERVED = {"content-length", "transfer-encoding", "connection", "date"};

    final int status;
    final ByteBuffer head;             // precomputed: status line + fields, each ending CRLF, no final CRLF
    final List<String[]> fields;       // built: name, value
    final ByteBuffer body;
    final boolean close;

    private Response(int status, ByteBuffer head, List<String[]> fields, ByteBuffer body, boolean close) {
        if (status < 200 || status > 999) throw new IllegalArgumentException("status " + status + " must be 200-999 (1xx is the session's)");
        this.status = status; this.head = head; this.fields = fields; this.body = body; this.close = close;
    }

    /** A response with a body of the given media type, e.g. {@code of(200, "application/json", bytes)}. */
    public static Response of(int status, String contentType, byte[] body) {
        List<String[]> f = new ArrayList<>();
        if (contentType != null) f.add(checked("Content-Type", contentType));
        return new Response(status, null, List.copyOf(f), ByteBuffer.wrap(body.clone()).asReadOnlyBuffer(), false);
    }

    /** A UTF-8 text/plain response. */
    public static Response text(int status, String text) {
        return of(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    /** An empty response (no Content-Type). */
    public static Response empty(int status) {
        return new Response(status, null, List.of(), ByteBuffer.allocate(0), false);
    }

    /**
     * A baked response: {@code head} is the status line and header fields (Content-Length included),
     * each ending in CRLF, without the empty line; {@code body} is what Content-Length counts.
     */
    public static Response precomputed(int status, ByteBuffer head, ByteBuffer body) {
        return new Response(status, head.asReadOnlyBuffer(), List.of(), body.asReadOnlyBuffer(), false);
    }

    /** This response plus a header field (not one the session owns: Content-Length, Transfer-Encoding, Connection, Date). */
    public Response withHeader(String name, String value) {
        if (head != null) throw new IllegalStateException("a precomputed response cannot take more fields");
        List<String[]> f = new ArrayList<>(fields);
        f.add(checked(name, value));
        return new Response(status, null, List.copyOf(f), body, close);
    }

    /** This response, and then close the connection. */
    public Response closing() { return new Response(status, head, fields, body, true); }

    public int status() { return status; }
    /** Bytes of body (for HEAD: the body a GET would get). */
    public int bodyLength() { return body.remaining(); }

    private static String[] checked(String name, String value) {
        if (name.isEmpty()) throw new IllegalArgumentException("empty header field name");
        for (int i = 0; i < name.length(); i++) if (name.charAt(i) > 0xFF || !Ascii.tchar(name.charAt(i))) throw new IllegalArgumentException("header field name '" + name + "' is not a token (RFC 9110 §5.1)");
        for (String r : RESERVED) if (r.equalsIgnoreCase(name)) throw new IllegalArgumentException("the session sets " + name + "; do not set it in a handler");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0xFF || !Ascii.fieldByte(c)) throw new IllegalArgumentException("header field " + name + " has a byte not allowed in a field value (CR, LF, NUL or a control)");
        }
        return new String[] {name, value};
    }
}

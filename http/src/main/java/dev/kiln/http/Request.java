package dev.kiln.http;

/**
 * What a {@link Handler} sees of one request: its head, its body (after chunked decoding) and the
 * peer's address as the transport named it. Read-only.
 */
public record Request(RequestHead head, byte[] body, String peer) {
    public String method() { return head.method(); }
    public String path() { return head.path(); }
    /** The raw query string without '?', or null. */
    public String query() { return head.query(); }
    /** The first value of header field {@code name} (any case), or null. */
    public String header(String name) { return head.fields().get(name); }
    public Fields fields() { return head.fields(); }
    public boolean isHead() { return head.method().equals("HEAD"); }
}

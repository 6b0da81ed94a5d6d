package dev.kiln.http;

/**
 * A parsed request head (RFC 9112 §3, §5) with its message-body framing (§6.3) decided.
 *
 * @param method        the method token, case-sensitive (RFC 9110 §9.1)
 * @param target        the request-target as received
 * @param path          its path, percent-decoded (UTF-8); "*" for asterisk-form
 * @param query         the query without '?', not decoded, or null
 * @param minorVersion  0 for HTTP/1.0, 1 for HTTP/1.1 (and any later 1.x, RFC 9110 §2.5)
 * @param fields        the header fields
 * @param bodyLength    the Content-Length, 0 without one, or {@link #CHUNKED}
 */
public record RequestHead(String method, String target, String path, String query, int minorVersion,
                          Fields fields, long bodyLength) {
    /** {@link #bodyLength} of a chunked body (RFC 9112 §7.1). */
    public static final long CHUNKED = -1;

    /** Whether the connection may carry another request after this one (RFC 9112 §9.3). */
    public boolean keepAlive() {
        if (fields.hasToken("connection", "close")) return false;
        return minorVersion >= 1 || fields.hasToken("connection", "keep-alive");
    }

    /** "HTTP/1.0" or "HTTP/1.1". */
    public String version() { return minorVersion == 0 ? "HTTP/1.0" : "HTTP/1.1"; }

    /** Whether the client waits for "100 Continue" before sending the body (RFC 9110 §10.1.1). */
    public boolean expectsContinue() {
        return minorVersion >= 1 && bodyLength != 0 && fields.hasToken("expect", "100-continue");
    }
}

package dev.kiln.http;

/**
 * What {@link RequestParser#parse} found: a complete head ({@link #head} and its length in bytes),
 * the need for more bytes, or an error status to answer with before closing (400, 413, 414, 431,
 * 501, 505) and a short reason for the access log.
 */
public record ParseResult(int status, RequestHead head, int headBytes, String reason) {
    static final ParseResult MORE = new ParseResult(0, null, 0, "need more bytes");

    public boolean complete() { return head != null; }
    public boolean needMore() { return status == 0 && head == null; }
    public boolean error() { return status != 0; }

    static ParseResult error(int status, String reason) { return new ParseResult(status, null, 0, reason); }
}

/**
 * HTTP/1.1 server side, sans-I/O: {@link dev.kiln.http.RequestParser} (bytes → request heads),
 * {@link dev.kiln.http.HttpSession} (one connection: bytes in, bytes out, time in, deadline out),
 * {@link dev.kiln.http.Handler} / {@link dev.kiln.http.Router} (application code), an access log.
 *
 * <p>A keep-alive request for a baked file allocates nothing once warm (the www appliance's
 * {@code KeepAliveAllocationTest}): a head repeated byte for byte is the parser's remembered result, responses
 * are queued as shared buffers and ranges ({@code OutputQueue}), and no log entry is made without a log.
 *
 * <h2>Implemented</h2>
 * <ul>
 * <li>RFC 9112 §2.2: CRLF or bare LF line ends; up to 64 bytes of empty lines before a request line; a bare CR is 400.</li>
 * <li>§3: request-line with single SP separators; method = token; request-target of visible ASCII;
 *     §3.2: origin-form, absolute-form (http, https: the path is used), asterisk-form for OPTIONS;
 *     CONNECT (authority-form) is 501; '#' in a target is 400; the path is percent-decoded, %00 is 400.</li>
 * <li>§2.3, RFC 9110 §2.5: HTTP/1.0 and 1.x (x ≥ 1, treated as 1.1); another major version is 505;
 *     anything else is 400. Responses are HTTP/1.1.</li>
 * <li>§3.2: HTTP/1.1 without exactly one Host, or any request with two, is 400.</li>
 * <li>§5.1: no whitespace between field name and colon (400); §5.2: obs-fold is 400; field values
 *     of VCHAR, obs-text, SP, HTAB only (NUL, CR, other CTLs are 400).</li>
 * <li>§6.1, §6.3 (request smuggling): Transfer-Encoding with Content-Length is 400; Transfer-Encoding
 *     in HTTP/1.0 is 400; a final coding other than chunked is 400; chunked after other codings is
 *     501; more than one Content-Length field, or a value that is not 1*DIGIT, is 400 (we refuse
 *     rather than merge duplicates, RFC 9110 §8.6); no body without either.</li>
 * <li>§7.1: chunked bodies (extensions and trailers read and discarded).</li>
 * <li>RFC 9110 §10.1.1: "100 Continue" before reading the body of an HTTP/1.1 request that expects it.</li>
 * <li>§9.3: persistence (1.1 unless Connection: close; 1.0 only with keep-alive, echoed);
 *     §9.3.2: pipelined requests answered in order; §9.6: close after an error or "close".</li>
 * <li>Limits ({@link dev.kiln.http.HttpLimits}): request line 414, head bytes and field count 431,
 *     a head must complete within the idle time of its first byte (slowloris),
 *     body 413, idle time (408 inside a request, else a quiet close), queued output (back-pressure).</li>
 * <li>RFC 9110 §6.6.1: Date from a {@link dev.kiln.http.WallClock} (none without one); HEAD, 204
 *     and 304 responses carry no body.</li>
 * </ul>
 *
 * <h2>Not implemented</h2>
 * <ul>
 * <li>Upgrade (h2c, WebSocket), CONNECT, trailers given to handlers, obsolete date formats in
 *     If-Modified-Since (rfc850, asctime: such a field is ignored), responses with chunked bodies
 *     (handlers return whole bodies). TLS is {@code dev.kiln.http.tls}: JSSE's SSLEngine over the same
 *     {@link dev.kiln.http.ByteSession} byte stream.</li>
 * </ul>
 */
package dev.kiln.http;

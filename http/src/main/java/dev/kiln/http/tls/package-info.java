/**
 * TLS for the HTTP server, sans-I/O: JSSE's {@link javax.net.ssl.SSLEngine} between the transport's
 * bytes and an inner {@link dev.kiln.http.ByteSession} ({@link dev.kiln.http.tls.TlsSession}), a
 * service with an in-memory key store ({@link dev.kiln.http.tls.TlsServer}), the baked key and
 * certificate chain ({@link dev.kiln.http.tls.TlsIdentity}), and the warm-up that lets a sealed
 * appliance serve TLS ({@link dev.kiln.http.tls.TlsWarmUp}). Records are parsed by JSSE, not here.
 *
 * <h2>Implemented</h2>
 * <ul>
 * <li>RFC 8446 (TLS 1.3) and RFC 5246 (TLS 1.2) through JSSE; nothing older is enabled.</li>
 * <li>RFC 7301 ALPN: {@code http/1.1} only; a client offering ALPN without it gets no_application_protocol.</li>
 * <li>RFC 8446 §6.1: close_notify sent when the HTTP session is done; a peer's close_notify or FIN
 *     ends the input (a FIN without close_notify is counted as a truncation).</li>
 * <li>§6.2: a refused handshake or record is answered with the alert JSSE queues, counted, then the connection closes.</li>
 * <li>RFC 6066 §3 server_name: read through an {@link javax.net.ssl.SNIMatcher} and judged against the
 *     certificate's DNS subjectAltNames ({@link dev.kiln.http.tls.ServerNames}); an unknown name is served
 *     the baked certificate (nginx's default_server) and counted, or refused with a fatal
 *     {@code unrecognized_name} alert when the server is made to reject them (nginx's ssl_reject_handshake);
 *     the name goes to the inner session ({@link dev.kiln.http.ByteSession#tlsServerName}) for the access log.</li>
 * <li>Resumption over the one shared {@link javax.net.ssl.SSLContext}: TLS 1.3 PSK tickets (RFC 8446 §4.6.1,
 *     stateless), TLS 1.2 session tickets (RFC 5077) and session IDs (a bounded cache); counted as
 *     {@code handshakes_resumed}.</li>
 * <li>Back-pressure: one record each way is held beyond the inner session; input is taken only as
 *     fast as the inner session takes plaintext. Delegated tasks run inline on the loop thread.</li>
 * </ul>
 *
 * <h2>Not implemented</h2>
 * <ul>
 * <li>Client certificates, session resumption across restarts (ticket keys live in the JVM), OCSP
 *     stapling, SNI-based certificate choice (one identity per listener), HTTP/2. A warning-level
 *     unrecognized_name alert: JSSE's SSLEngine cannot send one, and TLS 1.3 forbids it (RFC 8446 §6).</li>
 * </ul>
 */
package dev.kiln.http.tls;

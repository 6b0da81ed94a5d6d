/**
 * Baked static sites (MirageOS crunch; the paper's web appliance): {@link dev.kiln.http.site.SiteImageWriter}
 * at build time, {@link dev.kiln.http.site.StaticSite#load} at boot, responses served as precomputed
 * header blocks plus slices of the image.
 *
 * <h2>Implemented</h2>
 * <ul>
 * <li>RFC 9110 §9.3.1-2: GET and HEAD; other methods on a known path: 405 with Allow (§15.5.6).</li>
 * <li>§8.8.3: strong ETags (SHA-256 of the content, a coded variant suffixed with its coding and a hash of its bytes);
 *     §8.8.2: Last-Modified (the build's fixed time or the file's mtime).</li>
 * <li>§13.1.2 If-None-Match (weak comparison, "*", lists) → 304; §13.1.3 If-Modified-Since (IMF-fixdate)
 *     → 304, only without If-None-Match (§13.2.2); §15.4.5: the 304 carries ETag, Last-Modified, Vary.</li>
 * <li>§12.5.3 Accept-Encoding with q-values (§12.4.2), "*", x-gzip; gzip variants baked where smaller;
 *     br (RFC 7932) variants from a precompressed {@code X.br} beside {@code X} (nginx's brotli_static; the
 *     site compiler decodes it at build time and refuses one that does not give X's bytes); equal q-values
 *     prefer br, then gzip; Vary: Accept-Encoding when a file has variants.</li>
 * <li>§14.2 Range on GET: one range (first-last, first-, -suffix) → 206 with Content-Range (§14.4);
 *     none satisfiable → 416 with "bytes *&#47;length"; several → 200 (ignoring Range is allowed);
 *     other units or bad syntax → ignored. §13.1.5 If-Range (strong ETag or exact date).</li>
 * <li>Directory indexes: "…/" serves "…/index.html"; "…" without the slash → 301 to "…/".</li>
 * </ul>
 *
 * <h2>Not implemented</h2>
 * <ul>
 * <li>brotli compression at build time: no well-kept pure-Java brotli encoder is on Maven Central
 *     (brotli4j and jvm-brotli are JNI; org.brotli:dec only decodes), so br variants come only from
 *     precompressed files ({@code brotli -k X}); {@link dev.kiln.http.site.SiteFile#brotli} takes them.</li>
 * <li>multipart/byteranges (§14.6), If-Match / If-Unmodified-Since (for unsafe methods, which a
 *     static site refuses), Cache-Control policy, content negotiation other than coding.</li>
 * </ul>
 */
package dev.kiln.http.site;

package dev.kiln.http.site;

/**
 * One file of a site, as the build reads it.
 *
 * @param path          the URL path it is served at, decoded, starting with "/" (e.g. "/css/a b.css")
 * @param contentType   its media type, e.g. "text/html; charset=utf-8"
 * @param lastModified  seconds since the epoch for Last-Modified
 * @param identity      its bytes
 * @param gzip          the same, gzip-compressed, or null to serve it uncompressed only
 * @param brotli        the same, brotli-compressed, or null
 */
public record SiteFile(String path, String contentType, long lastModified, byte[] identity, byte[] gzip, byte[] brotli) {}

package dev.kiln.http.site;

/**
 * The baked site image, version 1 (integers big-endian). Everything a response needs is in it:
 * header blocks are complete except for Date and Connection, which the session adds.
 *
 * <pre>
 * header, 32 bytes
 *    0  magic       "KILNSITE" (8 bytes)
 *    8  version     u16 = 1
 *   10  reserved    u16 = 0
 *   12  bodyLength  u32   bytes after the header
 *   16  bodyCrc32   u32   CRC-32 of the body
 *   20  entryCount  u32
 *   24  reserved    8 bytes of 0
 * body: entryCount entries, sorted by path, each
 *   path          u16 length + UTF-8 bytes (the decoded URL path, e.g. "/docs/index.html", "/docs/")
 *   kind          u8: 0 file, 1 alias (of a file entry), 2 redirect
 *   file:         lastModified u64 (seconds since the epoch), variantCount u8 (1-3), then per variant:
 *                   coding u8 (0 identity, 1 gzip, 2 br), etag u8 length + bytes (quoted),
 *                   h200, h304, h206 (each u32 length + bytes: status line and fields, CRLF after
 *                   each, no empty line; h206 lacks Content-Range and Content-Length),
 *                   body u32 length + bytes
 *   alias:        target u32 (index of a file entry)
 *   redirect:     h301 u32 length + bytes, body u32 length + bytes
 * </pre>
 */
final class SiteImageFormat {
    private SiteImageFormat() {}
    static final byte[] MAGIC = {'K', 'I', 'L', 'N', 'S', 'I', 'T', 'E'};
    static final int VERSION = 1;
    static final int HEADER_LEN = 32;
    static final int FILE = 0, ALIAS = 1, REDIRECT = 2;
    static final int IDENTITY = 0, GZIP = 1, BR = 2;
    static final String[] CODING_NAMES = {"identity", "gzip", "br"};
}

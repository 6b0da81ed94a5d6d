package dev.kiln.dns.zone;

/**
 * The baked zone image, version 1 (all integers big-endian).
 *
 * <pre>
 * header, 32 bytes
 *    0  magic       "KILNZONE" (8 bytes)
 *    8  version     u16 = 1
 *   10  reserved    u16 = 0
 *   12  bodyLength  u32   bytes after the header
 *   16  bodyCrc32   u32   CRC-32 of the body
 *   20  zoneCount   u32
 *   24  reserved    8 bytes of 0
 * body: zoneCount zones, each
 *   origin         u8 length + uncompressed wire name (lowercase)
 *   recordCount    u32
 *   ownerCount     u32
 *   ownerCount owners, each
 *     name         u8 length + uncompressed wire name (spelt as in the zone)
 *     flags        u8: 1 apex, 2 delegation point, 4 wildcard owner, 8 glue (at or below a delegation)
 *     rrsetCount   u16
 *     rrsetCount rrsets, each: type u16, class u16, rrCount u16,
 *                              rrCount records, each: ttl u32, rdlength u16, rdata (uncompressed names)
 * </pre>
 * Owners appear in the order of their first record in the zone source; rrsets at an owner in the
 * order of their first record (NSD keeps this order too, and ANY answers depend on it).
 */
final class ZoneImageFormat {
    private ZoneImageFormat() {}
    static final byte[] MAGIC = {'K', 'I', 'L', 'N', 'Z', 'O', 'N', 'E'};
    static final int VERSION = 1;
    static final int HEADER_LEN = 32;
    static final int FLAG_APEX = 1, FLAG_DELEGATION = 2, FLAG_WILDCARD = 4, FLAG_GLUE = 8;
    /** Bounds checked at load: a zone image larger than this is refused. */
    static final int IMAGE_MAX = Integer.MAX_VALUE - 64;
}

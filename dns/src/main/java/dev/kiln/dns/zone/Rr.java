package dev.kiln.dns.zone;

/**
 * One resource record as the zone compiler hands it over: the owner name and rdata in
 * uncompressed wire form (RFC 1035 §3.1, names spelt as in the zone file), ready to bake.
 *
 * @param owner    owner name, uncompressed wire form (length-prefixed labels, ending in the root's 0)
 * @param type     RR TYPE (e.g. 1 for A), any 16-bit value
 * @param rrClass  RR CLASS, normally 1 (IN)
 * @param ttl      TTL in seconds, 0..2^31-1
 * @param rdata    RDATA in uncompressed wire form (names inside it uncompressed too)
 */
public record Rr(byte[] owner, int type, int rrClass, long ttl, byte[] rdata) {}

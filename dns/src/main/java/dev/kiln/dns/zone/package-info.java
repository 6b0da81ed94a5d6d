/**
 * Compiled zones: the compact binary image baked into an appliance at build time
 * ({@link dev.kiln.dns.zone.ZoneImageWriter}, format in {@code ZoneImageFormat}) and loaded at boot
 * without any text parsing ({@link dev.kiln.dns.zone.ZoneSet#load}), with magic, version, length,
 * CRC-32 and bounds checks that fail with a {@link dev.kiln.dns.zone.ZoneImageException} saying what
 * to do.
 *
 * <h2>Implemented</h2>
 * <ul>
 * <li>RFC 1034 §3.6, RFC 2181 §5: records grouped into RRsets by owner, type and class (exact
 *     duplicates kept once); owners and RRsets in zone-source order.</li>
 * <li>RFC 4592 §2.2.2: empty non-terminals created at load; wildcard owners found by their parent.</li>
 * <li>RFC 1034 §4.2.1: the apex, delegation points (NS below the apex) and glue (names at or below a
 *     cut) flagged in the image.</li>
 * <li>RFC 4343: names are stored lowercased at load (owners and the domain names inside RDATA of
 *     NS, CNAME, SOA, PTR, MX, SRV, NAPTR, … — what NSD's zone parser does), so answers spell zone
 *     names as NSD does; the image itself keeps the zone's spelling.</li>
 * <li>RFC 2308 §3: the negative-answer SOA (TTL = min(SOA TTL, MINIMUM)) precomputed per zone.</li>
 * </ul>
 *
 * <h2>Not implemented</h2>
 * <ul>
 * <li>Zone-file parsing (build time only, in the dns-compiler module); incremental updates.</li>
 * </ul>
 */
package dev.kiln.dns.zone;

package dev.kiln.dns.zone;

import java.util.List;

/**
 * A validated zone, ready to bake: its origin and every record in it (SOA first).
 * Produced by the build-time compiler, consumed by {@code ZoneImageWriter}.
 *
 * @param origin  the zone's apex name in uncompressed wire form
 * @param records the zone's records, the SOA first; delegations' NS and glue included
 */
public record ZoneSource(byte[] origin, List<Rr> records) {}

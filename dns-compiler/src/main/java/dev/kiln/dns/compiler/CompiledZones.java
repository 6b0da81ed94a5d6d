package dev.kiln.dns.compiler;

import dev.kiln.dns.zone.ZoneSource;
import java.util.List;

/**
 * The result of a successful compile.
 *
 * @param zones    one validated zone per input, in input order; each zone's records start with its SOA
 * @param warnings what the compiler noticed but accepted (duplicates, occluded data, …)
 */
public record CompiledZones(List<ZoneSource> zones, List<Diagnostic> warnings) {

    public CompiledZones {
        zones = List.copyOf(zones);
        warnings = List.copyOf(warnings);
    }
}

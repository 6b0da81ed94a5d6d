package dev.kiln.dns.compiler;

/**
 * Limits the zone compiler enforces; input beyond them is an error naming the limit.
 *
 * @param zonesMax           zones in one compile
 * @param recordsPerZoneMax  records in one zone (after {@code $INCLUDE}s, before de-duplication)
 * @param fileBytesMax       size of one zone file or included file
 * @param includeDepthMax    nesting depth of {@code $INCLUDE} (1 = a zone file may include files that include nothing)
 * @param nameBytesMax       wire length of an owner name (RFC 1035 §2.3.4: at most 255)
 * @param rdataBytesMax      wire length of one record's RDATA (at most 65535)
 * @param ttlSecondsMax      largest TTL accepted (RFC 2181 §8: at most 2^31-1)
 * @param errorsMax          errors collected before the compiler stops looking for more
 * @param warningsMax        warnings kept (more are counted in one summary warning)
 */
public record CompilerLimits(
        int zonesMax,
        int recordsPerZoneMax,
        long fileBytesMax,
        int includeDepthMax,
        int nameBytesMax,
        int rdataBytesMax,
        long ttlSecondsMax,
        int errorsMax,
        int warningsMax) {

    /** The defaults: 64 zones, 1,000,000 records per zone, 256 MiB per file, includes 8 deep. */
    public static final CompilerLimits DEFAULTS =
            new CompilerLimits(64, 1_000_000, 256L << 20, 8, 255, 65_535, 0x7FFF_FFFFL, 50, 200);

    public CompilerLimits {
        positive("zonesMax", zonesMax);
        positive("recordsPerZoneMax", recordsPerZoneMax);
        positive("fileBytesMax", fileBytesMax);
        positive("includeDepthMax", includeDepthMax);
        positive("errorsMax", errorsMax);
        positive("warningsMax", warningsMax);
        if (nameBytesMax < 1 || nameBytesMax > 255) {
            throw new IllegalArgumentException("nameBytesMax must be 1..255: " + nameBytesMax);
        }
        if (rdataBytesMax < 0 || rdataBytesMax > 65_535) {
            throw new IllegalArgumentException("rdataBytesMax must be 0..65535: " + rdataBytesMax);
        }
        if (ttlSecondsMax < 0 || ttlSecondsMax > 0x7FFF_FFFFL) {
            throw new IllegalArgumentException("ttlSecondsMax must be 0..2147483647: " + ttlSecondsMax);
        }
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }

    public CompilerLimits withRecordsPerZoneMax(int v) {
        return new CompilerLimits(zonesMax, v, fileBytesMax, includeDepthMax, nameBytesMax, rdataBytesMax, ttlSecondsMax, errorsMax, warningsMax);
    }

    public CompilerLimits withFileBytesMax(long v) {
        return new CompilerLimits(zonesMax, recordsPerZoneMax, v, includeDepthMax, nameBytesMax, rdataBytesMax, ttlSecondsMax, errorsMax, warningsMax);
    }

    public CompilerLimits withIncludeDepthMax(int v) {
        return new CompilerLimits(zonesMax, recordsPerZoneMax, fileBytesMax, v, nameBytesMax, rdataBytesMax, ttlSecondsMax, errorsMax, warningsMax);
    }

    public CompilerLimits withNameBytesMax(int v) {
        return new CompilerLimits(zonesMax, recordsPerZoneMax, fileBytesMax, includeDepthMax, v, rdataBytesMax, ttlSecondsMax, errorsMax, warningsMax);
    }

    public CompilerLimits withRdataBytesMax(int v) {
        return new CompilerLimits(zonesMax, recordsPerZoneMax, fileBytesMax, includeDepthMax, nameBytesMax, v, ttlSecondsMax, errorsMax, warningsMax);
    }

    public CompilerLimits withTtlSecondsMax(long v) {
        return new CompilerLimits(zonesMax, recordsPerZoneMax, fileBytesMax, includeDepthMax, nameBytesMax, rdataBytesMax, v, errorsMax, warningsMax);
    }

    public CompilerLimits withErrorsMax(int v) {
        return new CompilerLimits(zonesMax, recordsPerZoneMax, fileBytesMax, includeDepthMax, nameBytesMax, rdataBytesMax, ttlSecondsMax, v, warningsMax);
    }

    public CompilerLimits withZonesMax(int v) {
        return new CompilerLimits(v, recordsPerZoneMax, fileBytesMax, includeDepthMax, nameBytesMax, rdataBytesMax, ttlSecondsMax, errorsMax, warningsMax);
    }
}

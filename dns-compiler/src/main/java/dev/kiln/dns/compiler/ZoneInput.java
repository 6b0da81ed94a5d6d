package dev.kiln.dns.compiler;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One zone to compile: its master file and, optionally, its origin.
 *
 * <p>The origin (the zone's apex) is chosen in this order:
 * <ol>
 *   <li>{@code origin}, when given (a trailing dot is optional: names here are always absolute);</li>
 *   <li>else the file name without its {@code .zone} suffix, when it has one:
 *       {@code example.com.zone} → {@code example.com.};</li>
 *   <li>else the owner of the zone's SOA record (the file must then use {@code $ORIGIN} or
 *       absolute names).</li>
 * </ol>
 * In the first two cases the origin is also the initial {@code $ORIGIN} for relative names.
 *
 * @param file   the zone's master file
 * @param origin the zone's origin, or {@code null} to derive it as above
 */
public record ZoneInput(Path file, String origin) {

    public ZoneInput {
        Objects.requireNonNull(file, "file");
    }

    /** A zone whose origin is derived from the file name or its SOA. */
    public static ZoneInput of(Path file) {
        return new ZoneInput(file, null);
    }
}

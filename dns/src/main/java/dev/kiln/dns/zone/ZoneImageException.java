package dev.kiln.dns.zone;

/**
 * A baked zone image cannot be loaded (corrupt, truncated, or from another format version), or
 * zone sources cannot be baked. The message says what is wrong and what to do.
 */
public final class ZoneImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public ZoneImageException(String message) { super(message); }
}

package dev.kiln.http.site;

/** A site image cannot be loaded (corrupt, truncated, other version) or files cannot be baked. The message says what to do. */
public final class SiteImageException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public SiteImageException(String message) { super(message); }
}

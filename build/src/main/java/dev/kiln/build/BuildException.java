package dev.kiln.build;

/** A build failed for a reason the user can fix; the message says what went wrong and what to do. */
public final class BuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BuildException(String message) {
        super(message);
    }

    public BuildException(String message, Throwable cause) {
        super(message, cause);
    }
}

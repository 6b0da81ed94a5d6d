package dev.kiln.platform;

/**
 * A failure the operator can act on: a missing device, a missing permission, a name in use,
 * a bad setting. The message says what went wrong and what to do, so a launcher prints
 * {@link #getMessage()} and exits rather than showing a stack trace.
 */
public class PlatformException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlatformException(String message) {
        super(message);
    }

    public PlatformException(String message, Throwable cause) {
        super(message, cause);
    }
}

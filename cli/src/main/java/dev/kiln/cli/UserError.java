package dev.kiln.cli;

/** An error the user can fix; printed as one message that says what to do, never as a stack trace. */
final class UserError extends RuntimeException {
    UserError(String message) {
        super(message);
    }
}

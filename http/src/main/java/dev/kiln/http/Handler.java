package dev.kiln.http;

/**
 * Application code: one request in, one response out, on the connection's loop thread (so it must
 * not block). An exception becomes a 500 and closes the connection. For HEAD the session sends the
 * headers of the response and drops its body, so a handler may treat HEAD as GET.
 */
@FunctionalInterface
public interface Handler {
    Response handle(Request request);
}

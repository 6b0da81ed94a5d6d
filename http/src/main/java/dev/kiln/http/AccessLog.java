package dev.kiln.http;

/** Receives one entry per answered request (and per refused one), in the order responses are queued. */
@FunctionalInterface
public interface AccessLog {
    AccessLog NONE = e -> { };

    void log(AccessEntry entry);
}

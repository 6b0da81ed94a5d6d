package dev.kiln.net.host;

/** Placeholder until the real classes land; delete when the package has content. */
final class Placeholder {
    private Placeholder() {}
}

package dev.kiln.platform.linux;

/** Placeholder until the real classes land; delete when the package has content. */
final class Placeholder {
    private Placeholder() {}
}

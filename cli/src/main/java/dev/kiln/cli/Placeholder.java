package dev.kiln.cli;

/** Placeholder until the real classes land; delete when the package has content. */
final class Placeholder {
    private Placeholder() {}
}

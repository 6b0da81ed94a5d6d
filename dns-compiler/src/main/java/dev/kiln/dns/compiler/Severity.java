package dev.kiln.dns.compiler;

/** How bad a {@link Diagnostic} is: an error stops the compile, a warning is reported and compiling goes on. */
public enum Severity {
    ERROR,
    WARNING
}

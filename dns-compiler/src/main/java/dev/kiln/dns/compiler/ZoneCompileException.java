package dev.kiln.dns.compiler;

import java.util.List;

/**
 * The zone files did not compile. Carries every diagnostic found (errors and warnings, in the
 * order found, errors capped at {@link CompilerLimits#errorsMax()}); the message is their
 * compiler-style rendering, one per line, meant to be shown to the user as is (no stack trace).
 */
public final class ZoneCompileException extends Exception {

    private final transient List<Diagnostic> diagnostics;

    public ZoneCompileException(List<Diagnostic> diagnostics) {
        super(render(diagnostics), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
    }

    /** Every diagnostic, errors and warnings, in the order found. */
    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }

    /** Only the errors. */
    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }

    private static String render(List<Diagnostic> diagnostics) {
        StringBuilder sb = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(d.render());
        }
        return sb.toString();
    }
}

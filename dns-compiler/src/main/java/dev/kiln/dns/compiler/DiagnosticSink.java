package dev.kiln.dns.compiler;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Collects diagnostics in the order found, up to the limits; knows when to stop looking. */
final class DiagnosticSink {

    private final int errorsMax;
    private final int warningsMax;
    private final List<Diagnostic> all = new ArrayList<>();
    private int errors;
    private int warnings;
    private int warningsDropped;

    DiagnosticSink(CompilerLimits limits) {
        this(limits.errorsMax(), limits.warningsMax());
    }

    DiagnosticSink(int errorsMax, int warningsMax) {
        this.errorsMax = errorsMax;
        this.warningsMax = warningsMax;
    }

    /** Passes a diagnostic on (subject to this sink's caps). */
    void add(Diagnostic d) {
        if (d.isError()) {
            error(d.file(), d.line(), d.message(), d.fix());
        } else {
            warn(d.file(), d.line(), d.message(), d.fix());
        }
    }

    /** What was collected, without summaries. */
    List<Diagnostic> collected() {
        return List.copyOf(all);
    }

    void error(Path file, int line, String message, String fix) {
        if (errors >= errorsMax) {
            return;
        }
        errors++;
        all.add(new Diagnostic(file, Math.max(0, line), Severity.ERROR, message, fix));
    }

    void warn(Path file, int line, String message, String fix) {
        if (warnings >= warningsMax) {
            warningsDropped++;
            return;
        }
        warnings++;
        all.add(new Diagnostic(file, Math.max(0, line), Severity.WARNING, message, fix));
    }

    /** True once {@code errorsMax} errors were collected: callers stop looking for more. */
    boolean full() {
        return errors >= errorsMax;
    }

    boolean hasErrors() {
        return errors > 0;
    }

    int errorCount() {
        return errors;
    }

    /** Everything found, with a closing note when errors or warnings hit their cap. */
    List<Diagnostic> all(Path summaryFile) {
        List<Diagnostic> out = new ArrayList<>(all);
        if (errors >= errorsMax) {
            out.add(new Diagnostic(summaryFile, 0, Severity.ERROR,
                    "stopped after " + errorsMax + " errors", "fix these and compile again"));
        }
        if (warningsDropped > 0) {
            out.add(new Diagnostic(summaryFile, 0, Severity.WARNING,
                    warningsDropped + " more warnings not shown", null));
        }
        return out;
    }

    List<Diagnostic> warnings(Path summaryFile) {
        return all(summaryFile).stream().filter(d -> !d.isError()).toList();
    }
}

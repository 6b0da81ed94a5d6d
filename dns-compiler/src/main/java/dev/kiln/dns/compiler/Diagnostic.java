package dev.kiln.dns.compiler;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One finding of the zone compiler, pointing at a file and line.
 *
 * @param file     the zone file (or {@code $INCLUDE}d file) the finding is about, as given or resolved
 * @param line     1-based line number; 0 when the finding is about the whole file or zone
 * @param severity error (stops the compile) or warning
 * @param message  what is wrong, naming the record
 * @param fix      what to do about it, or {@code null} when there is nothing more to say
 */
public record Diagnostic(Path file, int line, Severity severity, String message, String fix) {

    public Diagnostic {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line < 0: " + line);
        }
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /**
     * The compiler-style one-line rendering, e.g.
     * {@code example.com.zone:17: CNAME at www.example.com. cannot coexist with other data (A); remove the A record or the CNAME}.
     * Warnings carry a {@code warning: } prefix after the location.
     */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        sb.append(": ");
        if (severity == Severity.WARNING) {
            sb.append("warning: ");
        }
        sb.append(message);
        if (fix != null && !fix.isEmpty()) {
            sb.append("; ").append(fix);
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return render();
    }
}

package dev.kiln.http.site;

import dev.kiln.http.RequestParser;
import java.util.ArrayList;
import java.util.List;

/**
 * A Range field (RFC 9110 §14.2) against a representation of {@code length} bytes: one satisfiable
 * range ({@link #first}..{@link #last} inclusive), or {@link #kind} IGNORE (absent, invalid, another
 * unit, or several ranges: we send the whole representation), or UNSATISFIABLE (416).
 */
record ByteRange(Kind kind, long first, long last) {
    enum Kind { ONE, IGNORE, UNSATISFIABLE }

    static final ByteRange IGNORE = new ByteRange(Kind.IGNORE, 0, -1);
    static final ByteRange UNSATISFIABLE = new ByteRange(Kind.UNSATISFIABLE, 0, -1);

    static ByteRange parse(String field, long length) {
        if (field == null) return IGNORE;
        int eq = field.indexOf('=');
        if (eq < 0 || !field.substring(0, eq).strip().equalsIgnoreCase("bytes")) return IGNORE;
        List<ByteRange> ok = new ArrayList<>();
        int specs = 0;
        for (String spec : field.substring(eq + 1).split(",", 64)) {
            spec = spec.strip();
            if (spec.isEmpty()) continue;
            specs++;
            int dash = spec.indexOf('-');
            if (dash < 0) return IGNORE;
            long a = number(spec.substring(0, dash)), b = number(spec.substring(dash + 1));
            if (dash == 0) {                                   // suffix-range: the last b bytes
                if (b < 0) return IGNORE;
                if (b > 0 && length > 0) ok.add(new ByteRange(Kind.ONE, Math.max(0, length - b), length - 1));
            } else {
                if (a < 0 || (dash + 1 < spec.length() && (b < 0 || b < a))) return IGNORE;
                if (a < length) ok.add(new ByteRange(Kind.ONE, a, dash + 1 == spec.length() ? length - 1 : Math.min(b, length - 1)));
            }
        }
        if (specs == 0) return IGNORE;
        if (ok.isEmpty()) return UNSATISFIABLE;
        return specs == 1 ? ok.getFirst() : IGNORE;
    }

    private static long number(String s) { return RequestParser.decimal(s); }
}

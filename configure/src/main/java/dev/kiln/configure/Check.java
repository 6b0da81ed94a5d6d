package dev.kiln.configure;

import dev.kiln.configure.DescriptorLines.Entry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Collects problems for one descriptor; each check returns the good value or null and records why not. */
final class Check {
    private final Path file;
    private final List<Problem> problems;

    Check(Path file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    void problem(Entry e, String message, String fix) {
        problem(e.line(), message, fix);
    }

    void problem(int line, String message, String fix) {
        if (problems.size() < DescriptorLines.PROBLEMS_MAX) problems.add(new Problem(file, line, message, fix));
    }

    /** The value if it matches {@code regex}, else null and a problem with {@code fix}. */
    String match(Entry e, String regex, String fix) {
        if (e.value().length() <= 200 && e.value().matches(regex)) return e.value();
        problem(e, "bad " + e.key() + " '" + DescriptorLines.clip(e.value()) + "'", fix);
        return null;
    }

    int number(Entry e, int min, int max, String fix) {
        String v = e.value();
        if (v.matches("[0-9]{1,9}")) {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        }
        problem(e, e.key() + " '" + DescriptorLines.clip(v) + "' is not a number " + min + "-" + max, fix);
        return min;
    }

    /** True if {@code key} was in the file (its problem, if any, is already recorded). */
    boolean saw(Map<String, Entry> entries, String key) {
        return entries.containsKey(key);
    }
}

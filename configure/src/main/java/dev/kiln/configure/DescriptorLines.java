package dev.kiln.configure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The descriptor's syntax: {@code KEY=VALUE} lines, {@code #} comments, blank lines. No
 * continuation lines, escapes or duplicate keys (unlike {@code java.util.Properties}), so every
 * value has exactly one line to blame. Treats the text as hostile: bounded lines and size.
 */
final class DescriptorLines {
    static final int BYTES_MAX = 64 * 1024;
    static final int LINE_CHARS_MAX = 1024;
    static final int PROBLEMS_MAX = 20;

    /** A {@code KEY=VALUE} line. */
    record Entry(String key, String value, int line) {}

    private DescriptorLines() {}

    /** The entries in file order, keyed by key; syntax problems go to {@code problems}. */
    static Map<String, Entry> parse(Path file, String text, List<Problem> problems) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length && problems.size() < PROBLEMS_MAX; i++) {
            int n = i + 1;
            String raw = lines[i];
            if (raw.length() > LINE_CHARS_MAX) {
                problems.add(new Problem(file, n, "line is longer than " + LINE_CHARS_MAX + " characters", "shorten it"));
                continue;
            }
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            int bad = firstControl(line);
            if (bad >= 0) {
                problems.add(new Problem(file, n, String.format("control character U+%04X in the line", (int) line.charAt(bad)),
                        "remove it (the descriptor is plain text)"));
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                problems.add(new Problem(file, n, "expected KEY=VALUE, found '" + clip(line) + "'",
                        "write KEY=VALUE, or start the line with # for a comment"));
                continue;
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            if (!key.matches("[a-z0-9][a-z0-9.-]{0,63}")) {
                problems.add(new Problem(file, n, "bad key '" + clip(key) + "'",
                        "keys are lower-case letters, digits, '.' and '-', e.g. net.net0.address"));
                continue;
            }
            Entry before = entries.putIfAbsent(key, new Entry(key, value, n));
            if (before != null) {
                problems.add(new Problem(file, n, "'" + key + "' is set twice (first on line " + before.line() + ")",
                        "keep one of the two lines"));
            }
        }
        return entries;
    }

    private static int firstControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) return i;
        }
        return -1;
    }

    /** At most 60 characters of user text, for messages. */
    static String clip(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    static List<String> words(String value) {
        List<String> w = new ArrayList<>();
        for (String s : value.split("\\s+")) if (!s.isEmpty()) w.add(s);
        return w;
    }
}

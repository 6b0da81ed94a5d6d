package dev.kiln.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The image's {@code manifest.properties}: sorted {@code key=value} lines, no timestamp, so the same
 * inputs give the same bytes. The AOT cache is described separately in {@code aot.properties},
 * because a training run is not reproducible byte for byte.
 */
public final class Manifest {
    public static final String FILE = "manifest.properties";
    public static final String AOT_FILE = "aot.properties";

    private Manifest() {}

    static void write(Path file, Map<String, String> entries, String header) throws IOException {
        StringBuilder sb = new StringBuilder("# ").append(header).append('\n');
        new TreeMap<>(entries).forEach((k, v) -> sb.append(k).append('=').append(escape(v)).append('\n'));
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
    }

    /** Reads a manifest (or aot.properties) back into a sorted map. */
    public static Map<String, String> read(Path file) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        return m;
    }

    private static String escape(String v) {
        StringBuilder sb = new StringBuilder();
        for (char c : v.toCharArray()) {
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.toString();
    }
}

package dev.kiln.appliance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An appliance's few run-time arguments: everything else was decided and baked at build time.
 *
 * <ul>
 *   <li>declared ones, from the descriptor's {@code arg.NAME=DEFAULT} lines: {@code --NAME VALUE};
 *       a declared boolean ({@code true}/{@code false} default) is {@code --NAME} / {@code --no-NAME};</li>
 *   <li>{@code --target T}: must name the target the appliance was configured for (images pass it);</li>
 *   <li>{@code --zones FILE}, {@code --site FILE}, {@code --tls FILE}: baked data (the image's launcher passes it);</li>
 *   <li>device overrides: tap {@code --tap NAME --netns NS --address A/P --gateway G --offloads on|off --tcp-congestion cubic|newreno|bbr}, host
 *       {@code --listen ADDR[:PORT]} (a port here sets {@code port}).</li>
 * </ul>
 * Repeating an option is allowed: the last one wins (the AOT training run relies on it).
 */
public final class RunArgs {
    /** Options every appliance takes besides its declared ones. */
    static final List<String> FIXED = List.of("target", "zones", "site", "tls", "tap", "netns", "address", "gateway", "offloads", "tcp-congestion", "listen");

    private final Map<String, String> declared;
    private final Map<String, String> values;
    private final java.util.Set<String> given;

    private RunArgs(Map<String, String> declared, Map<String, String> values, java.util.Set<String> given) {
        this.declared = declared;
        this.values = values;
        this.given = given;
    }

    /**
     * Parses {@code argv} against the declared arguments and their defaults.
     *
     * @throws IllegalArgumentException naming the bad option and listing the good ones
     */
    public static RunArgs parse(String[] argv, Map<String, String> declared) {
        Map<String, String> values = new LinkedHashMap<>(declared);
        java.util.Set<String> given = new java.util.HashSet<>();
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--") || a.length() == 2) throw new IllegalArgumentException("unexpected argument '" + a + "'\n" + usage(declared));
            String key = a.substring(2);
            if (key.equals("help")) throw new IllegalArgumentException(usage(declared));
            if (isFlag(declared, key)) {
                values.put(key, "true");
            } else if (key.startsWith("no-") && isFlag(declared, key.substring(3))) {
                key = key.substring(3);
                values.put(key, "false");
            } else if (declared.containsKey(key) || FIXED.contains(key)) {
                if (i + 1 >= argv.length) throw new IllegalArgumentException("option " + a + " needs a value\n" + usage(declared));
                values.put(key, argv[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + a + "\n" + usage(declared));
            }
            given.add(key);
        }
        return new RunArgs(declared, values, given);
    }

    private static boolean isFlag(Map<String, String> declared, String key) {
        String d = declared.get(key);
        return "true".equals(d) || "false".equals(d);
    }

    static String usage(Map<String, String> declared) {
        StringBuilder sb = new StringBuilder("run-time arguments (defaults from the appliance descriptor):");
        declared.forEach((k, v) -> sb.append("\n  ").append(isFlag(declared, k) ? "--" + k + " | --no-" + k : "--" + k + " VALUE")
                .append("   (default ").append(v).append(')'));
        sb.append("\n  tap target: --tap NAME --netns NS --address A/P --gateway G --offloads on|off --tcp-congestion cubic|newreno|bbr; host target: --listen ADDR[:PORT]");
        return sb.toString();
    }

    /** The value given or declared, or null. */
    public String get(String key) {
        return values.get(key);
    }

    /** True if {@code key} was on the command line (not only a default). */
    public boolean given(String key) {
        return given.contains(key);
    }

    void set(String key, String value) {
        values.put(key, value);
    }

    public boolean flag(String key) {
        return "true".equals(values.get(key));
    }

    /** A declared integer argument. @throws IllegalArgumentException if it is missing or not a number */
    public int integer(String key, int min, int max) {
        String v = values.get(key);
        if (v == null) throw new IllegalArgumentException("--" + key + " is required");
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException("--" + key + " " + v + " is out of range: give a number " + min + "-" + max);
    }

    /** True if the appliance declares {@code key} (with a default). */
    public boolean declares(String key) {
        return declared.containsKey(key);
    }
}

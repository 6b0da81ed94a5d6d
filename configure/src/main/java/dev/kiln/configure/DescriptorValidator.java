package dev.kiln.configure;

import dev.kiln.configure.DescriptorLines.Entry;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The descriptor's meaning: every key checked, each problem naming the line and the fix. */
final class DescriptorValidator {
    static final List<String> KEYS = List.of("name", "application", "heap-mb", "jvm-options", "zones", "site", "certificate", "key", "example-query",
            "net.ID.address", "net.ID.gateway", "net.ID.tap", "net.ID.listen", "arg.NAME");
    private static final Pattern NET = Pattern.compile("net\\.([^.]*)\\.(.*)");
    private static final String JAVA_ID = "[A-Za-z_$][A-Za-z0-9_$]*";
    /** Run-time options every appliance has (dev.kiln.appliance.RunArgs.FIXED): not declarable. */
    static final List<String> RESERVED_ARGS = List.of("target", "zones", "site", "tls", "tap", "netns", "address", "gateway", "listen", "help");

    private DescriptorValidator() {}

    static Descriptor validate(Path file, Map<String, Entry> entries, List<Problem> problems) {
        Check c = new Check(file, problems);
        String name = null, application = null, query = ". SOA";
        int heap = 64;
        List<Path> zones = new ArrayList<>();
        List<String> jvmOptions = List.of();
        Map<String, String> args = new LinkedHashMap<>();
        args.put("seal", "true");
        Map<String, Map<String, Entry>> nets = new LinkedHashMap<>();
        Path site = null, cert = null, key = null;
        Entry certEntry = null, keyEntry = null;
        for (Entry e : entries.values()) {
            String k = e.key(), v = e.value();
            Matcher net = NET.matcher(k);
            switch (k) {
                case "name" -> name = c.match(e, "[A-Za-z][A-Za-z0-9_-]{0,39}", "an appliance name is a letter, then letters, digits, '_' or '-' (at most 40), e.g. dns");
                case "application" -> application = c.match(e, "(" + JAVA_ID + "\\.)*" + JAVA_ID,
                        "give the application's fully qualified class name, e.g. dev.kiln.examples.dns.DnsAppliance");
                case "heap-mb" -> heap = c.number(e, 8, 65536, "the Java heap in MB, 8-65536, e.g. heap-mb=64");
                case "jvm-options" -> jvmOptions = JvmOptions.validate(c, e);
                case "zones" -> zones.addAll(zoneFiles(c, file, e));
                case "example-query" -> query = c.match(e, "[A-Za-z0-9._*-]+( [A-Za-z0-9]+)?", "a name and a type, e.g. example.com SOA");
                case "main" -> c.problem(e, "'main' is now 'application'", "rename the key: application=" + DescriptorLines.clip(v)
                        + " (kiln build generates the main, which calls the application's start)");
                case "site" -> site = input(c, file, e, true, "the site's directory, e.g. site=site (relative to this file)");
                case "certificate" -> { cert = input(c, file, e, false, "a PEM certificate chain, e.g. certificate=tls/cert.pem (kiln cert makes one)"); certEntry = e; }
                case "key" -> { key = input(c, file, e, false, "the certificate's PEM private key, e.g. key=tls/key.pem (kiln cert makes one)"); keyEntry = e; }
                default -> {
                    if (net.matches()) {
                        nets.computeIfAbsent(net.group(1), id -> new LinkedHashMap<>()).put(net.group(2), e);
                    } else if (k.startsWith("arg.")) {
                        arg(c, e, k.substring(4), args);
                    } else if (k.startsWith("block.") || k.startsWith("channel.")) {
                        c.problem(e, "devices of kind '" + k.substring(0, k.indexOf('.')) + "' are not supported yet",
                                "remove the line; net.ID.* network devices are supported today");
                    } else {
                        c.problem(e, "unknown key '" + k + "'", suggest(k));
                    }
                }
            }
        }
        if (name == null && !c.saw(entries, "name")) c.problem(0, "no name= line", "add one, e.g. name=dns");
        if (application == null && !c.saw(entries, "application")) {
            c.problem(0, "no application= line", "add one naming the application class, e.g. application=dev.kiln.examples.dns.DnsAppliance");
        }
        if (certEntry != null && keyEntry == null) c.problem(certEntry, "certificate= without key=", "add key=FILE with the certificate's private key (PEM)");
        if (keyEntry != null && certEntry == null) c.problem(keyEntry, "key= without certificate=", "add certificate=FILE with the key's certificate chain (PEM)");
        List<NetDevice> devices = NetValidator.devices(c, nets);
        return new Descriptor(file, name, application, heap, devices, zones, args, query, site, cert, key, jvmOptions);
    }

    private static List<Path> zoneFiles(Check c, Path file, Entry e) {
        List<Path> out = new ArrayList<>();
        Path dir = file.toAbsolutePath().getParent();
        for (String w : DescriptorLines.words(e.value())) {
            Path p;
            try {
                p = dir == null ? Path.of(w) : dir.resolve(w);
            } catch (InvalidPathException ex) {
                c.problem(e, "'" + DescriptorLines.clip(w) + "' is not a file name", "give zone files relative to " + file.getFileName());
                continue;
            }
            if (!Files.isRegularFile(p)) {
                c.problem(e, "zone file " + w + " does not exist (looked for " + p + ")", "fix the path (relative to this file's directory) or create the zone");
            } else {
                out.add(p);
            }
        }
        if (out.isEmpty() && DescriptorLines.words(e.value()).isEmpty()) {
            c.problem(e, "zones= lists no files", "give zone master files separated by spaces, or remove the line");
        }
        return out;
    }

    /** A build-time input path relative to the descriptor: a directory or a regular file that exists, else null and a problem. */
    private static Path input(Check c, Path file, Entry e, boolean directory, String fix) {
        List<String> words = DescriptorLines.words(e.value());
        if (words.size() != 1) {
            c.problem(e, e.key() + "= takes one path", fix);
            return null;
        }
        Path dir = file.toAbsolutePath().getParent(), p;
        try {
            p = dir == null ? Path.of(words.getFirst()) : dir.resolve(words.getFirst());
        } catch (InvalidPathException ex) {
            c.problem(e, "'" + DescriptorLines.clip(words.getFirst()) + "' is not a path", fix);
            return null;
        }
        if (directory ? !Files.isDirectory(p) : !Files.isRegularFile(p)) {
            c.problem(e, (directory ? "directory " : "file ") + words.getFirst() + " does not exist (looked for " + p + ")",
                    "fix the path (relative to this file's directory): " + fix);
            return null;
        }
        return p;
    }

    private static void arg(Check c, Entry e, String name, Map<String, String> args) {
        if (!name.matches("[a-z][a-z0-9-]{0,31}") || name.startsWith("no-")) {
            c.problem(e, "bad run-time argument name '" + name + "'", "names are a lower-case letter, then letters, digits or '-', e.g. arg.port=53");
        } else if (RESERVED_ARGS.contains(name)) {
            c.problem(e, "'" + name + "' is a run-time option every appliance has", "remove the line (--" + name + " is always accepted)");
        } else if (!e.value().matches("[A-Za-z0-9._:/+-]{1,64}")) {
            c.problem(e, "bad default '" + DescriptorLines.clip(e.value()) + "' for arg." + name,
                    "a default is 1-64 letters, digits or . _ : / + -, e.g. arg.port=53 or arg.seal=true");
        } else {
            args.put(name, e.value());
        }
    }

    private static String suggest(String key) {
        String best = null;
        int bestD = 3;
        for (String k : KEYS) {
            int d = distance(key, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        String keys = "the keys are " + String.join(", ", KEYS) + " (see configure/README.md)";
        return best == null ? keys : "did you mean '" + best + "'? " + keys;
    }

    /** Levenshtein distance, for short keys only (bounded by the key pattern: at most 64 characters). */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

package dev.kiln.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the tools users run — {@code dig} (BIND) and {@code kdig} (Knot) — inside the namespace and
 * reads their text output: status, header flags and the answer section. Both are told not to
 * fall back to TCP on TC ({@code +ignore}; the appliance speaks UDP) and to try at most twice.
 */
final class Dig {
    enum Tool { DIG, KDIG }

    /** What a dig/kdig run printed, parsed; {@code raw} is the full output for messages. */
    record Answer(Proc.Result run, String status, Set<String> flags, int answerCount, Set<String> answers) {
        String raw() { return run.describe(); }
    }

    private static final Pattern STATUS = Pattern.compile("status: ([A-Z0-9]+)");
    private static final Pattern FLAGS = Pattern.compile("(?i);; flags: ([a-z ]*);");
    private static final Pattern ANSWER_COUNT = Pattern.compile("ANSWER: (\\d+)");

    private Dig() {}

    static List<String> command(Tool tool, Target server, Query q) {
        List<String> c = new ArrayList<>();
        if (tool == Tool.DIG) {
            c.addAll(List.of(Env.DIG.orElseThrow().toString(), "@" + server.address(), "-p", Integer.toString(server.port()),
                    "+time=2", "+tries=2", "+ignore", "+nocookie", "+noadflag"));
        } else {
            c.addAll(List.of(Env.KDIG.orElseThrow().toString(), "@" + server.address(), "-p", Integer.toString(server.port()),
                    "+time=2", "+retry=1", "+ignore"));
        }
        for (String a : q.dig()) {
            if (a.startsWith("-c")) { c.add("-c"); c.add(a.substring(2)); }
            else c.add(a);
        }
        return c;
    }

    /** Can this tool express the query? (kdig has no opcode option.) */
    static boolean supports(Tool tool, Query q) {
        if (q.dig() == null) return false;
        return tool == Tool.DIG || java.util.Arrays.stream(q.dig()).noneMatch(a -> a.startsWith("+opcode"));
    }

    static Answer run(Namespace ns, Tool tool, Target server, Query q) {
        Proc.Result r = Proc.run(Duration.ofSeconds(15), ns.exec(command(tool, server, q)));
        return parse(r);
    }

    static Answer parse(Proc.Result r) {
        String out = r.stdout();
        Matcher s = STATUS.matcher(out);
        String status = s.find() ? s.group(1) : null;
        Matcher f = FLAGS.matcher(out);
        Set<String> flags = new TreeSet<>();
        if (f.find()) for (String x : f.group(1).trim().split("\\s+")) if (!x.isEmpty()) flags.add(x.toLowerCase(Locale.ROOT));
        Matcher a = ANSWER_COUNT.matcher(out);
        int count = a.find() ? Integer.parseInt(a.group(1)) : -1;
        Set<String> answers = new TreeSet<>();
        boolean inAnswer = false;
        for (String line : out.lines().toList()) {
            if (line.startsWith(";; ANSWER SECTION:")) { inAnswer = true; continue; }
            if (inAnswer) {
                if (line.isBlank() || line.startsWith(";;")) { inAnswer = false; continue; }
                String[] t = line.trim().split("\\s+", 5);
                if (t.length == 5) answers.add(t[0].toLowerCase(Locale.ROOT) + " " + t[1] + " " + t[2] + " " + t[3] + " " + t[4]);
                else answers.add(line.trim());
            }
        }
        return new Answer(r, status, flags, count, answers);
    }

    /**
     * One dynamic test per (tool, query) the tool can express: the candidate must give the same
     * status, header flags (qr aa tc rd ra) and answer section as the reference, as dig/kdig print them.
     */
    static List<org.junit.jupiter.api.DynamicTest> tests(Namespace ns, List<Query> queries, Target reference, Target candidate,
                                                        java.util.function.Supplier<String> logs) {
        List<org.junit.jupiter.api.DynamicTest> tests = new ArrayList<>();
        for (Tool tool : Tool.values()) {
            for (Query q : queries) {
                if (!supports(tool, q)) continue;
                tests.add(org.junit.jupiter.api.DynamicTest.dynamicTest(tool.name().toLowerCase(Locale.ROOT) + " " + q.label(), () -> {
                    Answer ref = run(ns, tool, reference, q);
                    Answer got = run(ns, tool, candidate, q);
                    String why = "\n--- from " + reference + " ---\n" + ref.raw() + "\n--- from " + candidate + " ---\n" + got.raw()
                            + "\n" + Differ.tail(logs.get(), 8000);
                    if (ref.status() == null) throw new AssertionError("no reply from the reference" + why);
                    check("status", ref.status(), got.status(), why);
                    check("flags", headerFlags(ref.flags()), headerFlags(got.flags()), why);
                    // the contents of a truncated reply are left open (RFC 2181 §9): see ResponseComparator
                    if (!ref.flags().contains("tc")) check("answer section", ref.answers(), got.answers(), why);
                }));
            }
        }
        return tests;
    }

    private static void check(String what, Object expected, Object actual, String why) {
        if (!java.util.Objects.equals(expected, actual)) {
            throw new AssertionError(what + ": expected " + expected + " (reference) but was " + actual + why);
        }
    }

    /** The header flags both servers must agree on ("ad"/"cd" are echo details dig and kdig print differently). */
    static Set<String> headerFlags(Set<String> f) {
        Set<String> s = new TreeSet<>(f);
        s.retainAll(Set.of("qr", "aa", "tc", "rd", "ra"));
        return s;
    }
}

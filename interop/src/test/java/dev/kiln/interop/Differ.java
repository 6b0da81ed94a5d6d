package dev.kiln.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.DynamicTest;

/**
 * Sends each query to the reference and to the candidate from inside the namespace and compares
 * the replies with {@link ResponseComparator}; one dynamic test per query. A failure names the
 * query, lists the differences and the known differences that applied, shows both replies decoded,
 * and appends the servers' logs.
 */
final class Differ {
    static final Duration TIMEOUT = Duration.ofMillis(1000);
    static final int TRIES = 2;

    private Differ() {}

    static List<DynamicTest> tests(List<Query> queries, Supplier<WireClient> client, Target reference, Target candidate,
                                   Supplier<String> logs) {
        return tests(queries, client, reference, candidate, logs, TIMEOUT);
    }

    /** As above, waiting {@code timeout} per try (shorter for fuzzing, where many packets get no reply). */
    static List<DynamicTest> tests(List<Query> queries, Supplier<WireClient> client, Target reference, Target candidate,
                                   Supplier<String> logs, Duration timeout) {
        List<DynamicTest> out = new ArrayList<>();
        for (Query q : queries) {
            out.add(DynamicTest.dynamicTest(q.label(), () -> {
                String problem = check(client.get(), q, reference, candidate, timeout);
                if (problem != null) throw new AssertionError(problem + "\n" + tail(logs.get(), 12_000));
            }));
        }
        return out;
    }

    /** Null when the candidate answers like the reference; otherwise the whole story. */
    static String check(WireClient client, Query q, Target reference, Target candidate) throws Exception {
        return check(client, q, reference, candidate, TIMEOUT);
    }

    static String check(WireClient client, Query q, Target reference, Target candidate, Duration timeout) throws Exception {
        WireClient.Reply ref = client.askRetrying(reference.address(), reference.port(), q.wire(), timeout, TRIES);
        // when the reference stays silent the candidate should too: one try is enough to see that
        WireClient.Reply cand = client.askRetrying(candidate.address(), candidate.port(), q.wire(), timeout, ref.ok() ? TRIES : 1);
        String head = "query \"" + q.label() + "\" (" + java.util.HexFormat.of().formatHex(q.wire()) + ")\n";
        if (!ref.ok() && !cand.ok()) {
            // both silent (e.g. a packet with QR=1 must not be answered): agreement
            if (ref.error().startsWith("timeout") && cand.error().startsWith("timeout")) return null;
            return head + reference + ": " + ref.error() + "\n" + candidate + ": " + cand.error();
        }
        if (!ref.ok() || !cand.ok()) {
            return head + "only one server answered:\n"
                    + reference + ": " + ref + "\n" + candidate + ": " + cand + "\n"
                    + ResponseComparator.render(reference.toString(), ref.response())
                    + ResponseComparator.render(candidate.toString(), cand.response());
        }
        ResponseComparator.Outcome o = ResponseComparator.compare(q.wire(), ref.response(), cand.response());
        if (o.same()) {
            // say which known differences were needed, so a report shows where the servers really differ
            if (!o.allowances().isEmpty()) System.out.println("[kiln-it] " + candidate.name() + " ~ " + reference.name() + ", \"" + q.label() + "\": " + o.allowances());
            return null;
        }
        return head + "replies differ:\n  - " + String.join("\n  - ", o.differences()) + "\n"
                + (o.allowances().isEmpty() ? "" : "known differences allowed:\n  - " + String.join("\n  - ", o.allowances()) + "\n")
                + ResponseComparator.render("reference: " + reference, ref.response())
                + ResponseComparator.render("candidate: " + candidate, cand.response());
    }

    static String tail(String s, int max) {
        return s.length() <= max ? s : "…(" + (s.length() - max) + " characters cut)…\n" + s.substring(s.length() - max);
    }
}

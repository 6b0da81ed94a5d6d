package dev.kiln.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Linux's side of the bulk protocols: {@code examples/bulk/bulkpeer.py} (python3, standard library),
 * run in a namespace with a deadline of its own and a harder one around it.
 */
final class BulkPeer {
    private BulkPeer() {}

    /** What one run printed: its JSON fields, and the whole story for messages. */
    record Result(Proc.Result proc) {
        String field(String name) {
            Matcher m = Pattern.compile("\"" + name + "\": (\"([^\"]*)\"|-?\\d+|null)").matcher(proc.stdout());
            if (!m.find()) return null;
            return m.group(2) != null ? m.group(2) : m.group(1);
        }

        long number(String name) {
            String v = field(name);
            return v == null || v.equals("null") ? -1 : Long.parseLong(v);
        }

        boolean ok() { return proc.ok() && field("error") == null; }

        String describe() { return proc.describe(); }
    }

    static Path script() { return Env.repoRoot().resolve("examples/bulk/bulkpeer.py"); }

    /** A client run (echo, source, sink) of {@code bytes} against {@code host:port}, bounded by {@code limit}. */
    static Result run(Namespace ns, String mode, String host, int port, long bytes, Duration limit) {
        List<String> c = new ArrayList<>(List.of(Env.PYTHON3.orElseThrow().toString(), script().toString(), mode, host,
                Integer.toString(port), Long.toString(bytes), "--timeout", Long.toString(limit.toSeconds())));
        return new Result(Proc.run(limit.plusSeconds(15), ns.exec(c)));
    }
}

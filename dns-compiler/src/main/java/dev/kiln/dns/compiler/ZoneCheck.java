package dev.kiln.dns.compiler;

import dev.kiln.dns.zone.Rr;
import dev.kiln.dns.zone.ZoneSource;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * A zone checker for users:
 * {@code java -cp … dev.kiln.dns.compiler.ZoneCheck [--origin NAME] FILE [[--origin NAME] FILE]…}.
 * {@code --origin} applies to the file after it. Prints each zone's record counts and every
 * warning and error; exits 0 when all zones compile, 1 on errors, 2 on bad usage.
 */
public final class ZoneCheck {

    private ZoneCheck() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** The whole program, testable: returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        List<ZoneInput> inputs = new ArrayList<>();
        String origin = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h") || a.equals("--help")) {
                usage(out);
                return 0;
            } else if (a.equals("--origin")) {
                if (i + 1 >= args.length) {
                    err.println("zonecheck: --origin needs a domain name");
                    usage(err);
                    return 2;
                }
                origin = args[++i];
            } else if (a.startsWith("-") && a.length() > 1) {
                err.println("zonecheck: unknown option " + a);
                usage(err);
                return 2;
            } else {
                inputs.add(new ZoneInput(Path.of(a), origin));
                origin = null;
            }
        }
        if (inputs.isEmpty()) {
            usage(err);
            return 2;
        }
        CompiledZones compiled;
        try {
            compiled = ZoneCompiler.compile(inputs, CompilerLimits.DEFAULTS);
        } catch (ZoneCompileException e) {
            for (Diagnostic d : e.diagnostics()) {
                err.println(d.render());
            }
            int n = e.errors().size();
            err.println(n + (n == 1 ? " error" : " errors") + "; no zone compiled");
            return 1;
        }
        for (Diagnostic d : compiled.warnings()) {
            err.println(d.render());
        }
        int total = 0;
        for (int i = 0; i < compiled.zones().size(); i++) {
            ZoneSource z = compiled.zones().get(i);
            out.println(inputs.get(i).file() + ": zone " + originText(z) + " ok, " + z.records().size() + " records (" + countsByType(z) + ")");
            total += z.records().size();
        }
        out.println(compiled.zones().size() + (compiled.zones().size() == 1 ? " zone, " : " zones, ") + total + " records, "
                + compiled.warnings().size() + (compiled.warnings().size() == 1 ? " warning" : " warnings"));
        return 0;
    }

    private static String originText(ZoneSource z) {
        try {
            return new Name(z.origin()).toString();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    static String countsByType(ZoneSource z) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Rr rr : z.records()) {
            counts.merge(Type.string(rr.type()), 1, Integer::sum);
        }
        StringBuilder sb = new StringBuilder();
        counts.forEach((t, n) -> sb.append(sb.isEmpty() ? "" : ", ").append(t).append(' ').append(n));
        return sb.toString();
    }

    private static void usage(PrintStream s) {
        s.println("usage: ZoneCheck [--origin NAME] FILE [[--origin NAME] FILE]...");
        s.println("  Checks zone master files (RFC 1035 §5) as the Kiln zone compiler does.");
        s.println("  The origin defaults to the file name without .zone (example.com.zone -> example.com.),");
        s.println("  else to the SOA record's owner. Exit status: 0 ok, 1 errors, 2 usage.");
    }
}

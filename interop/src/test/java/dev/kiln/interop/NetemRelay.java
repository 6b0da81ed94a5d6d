package dev.kiln.interop;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A running {@code netem_relay.py}; {@link #stop} ends it and returns what it did per direction. */
final class NetemRelay implements AutoCloseable {
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": (-?\\d+)");
    private final Daemon daemon;
    final NetemSpec spec;

    private NetemRelay(Daemon daemon, NetemSpec spec) {
        this.daemon = daemon;
        this.spec = spec;
    }

    static NetemRelay start(Namespace ns, NetemSpec spec, List<String> command) throws IOException, InterruptedException {
        Daemon d = ns.start("netem-relay", command);
        if (d.awaitLine(l -> l.equals("relay ready"), Duration.ofSeconds(20)) == null) {
            d.close();
            throw new IllegalStateException("netem_relay.py did not start:\n" + d.describe());
        }
        return new NetemRelay(d, spec);
    }

    /** One direction's counters: forwarded, dropped, reordered, delayed, send_errors, kernel_drops. */
    record Stats(String direction, java.util.Map<String, Long> counters) {
        long get(String k) { return counters.getOrDefault(k, 0L); }
    }

    /** SIGTERM, then the relay's two JSON lines. */
    List<Stats> stop() throws InterruptedException {
        daemon.handle().destroy();
        try {
            daemon.handle().onExit().get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // killed by close below; no counters then
        }
        daemon.close();
        List<Stats> out = new ArrayList<>();
        for (String line : daemon.output().lines().toList()) {
            if (!line.startsWith("{\"direction\"")) continue;
            String dir = line.replaceAll("^\\{\"direction\": \"([^\"]+)\".*$", "$1");
            java.util.Map<String, Long> m = new java.util.TreeMap<>();
            Matcher f = FIELD.matcher(line);
            while (f.find()) m.put(f.group(1), Long.parseLong(f.group(2)));
            out.add(new Stats(dir, m));
        }
        if (out.size() != 2) throw new IllegalStateException("netem_relay.py gave no counters:\n" + daemon.describe());
        return out;
    }

    String log() { return daemon.describe(); }

    @Override
    public void close() { daemon.close(); }
}

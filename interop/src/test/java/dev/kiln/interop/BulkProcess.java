package dev.kiln.interop;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bulk appliance ({@code dev.kiln.examples.bulk.BulkAppliance}) in a namespace, with this JVM's
 * class path and the path's target arguments (sealed on tap, see {@link NetemPath}); {@link #start}
 * returns once it printed {@code ready in}. Stopped by PID on close.
 */
final class BulkProcess implements AutoCloseable {
    static final int SINK = 9, ECHO = 7, SOURCE = 19, PUSH = 20;
    private final Daemon daemon;

    private BulkProcess(Daemon daemon) { this.daemon = daemon; }

    static BulkProcess start(Namespace ns, List<String> targetArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Env.javaLauncher(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx256m", "-XX:-UsePerfData",
                "-XX:ReservedCodeCacheSize=64m", "-XX:InitialCodeCacheSize=64m", // what a sealed JVM needs
                "-cp", Env.classPath(), dev.kiln.examples.bulk.BulkAppliance.class.getName()));
        cmd.addAll(targetArgs);
        Daemon d = ns.start("kiln-bulk", cmd);
        String ready = d.awaitLine(l -> l.contains("ready in "), Appliance.READY_LIMIT);
        if (ready == null) {
            if (d.outputEnded()) d.handle().onExit().completeOnTimeout(null, 5, java.util.concurrent.TimeUnit.SECONDS).join();
            d.close();
            throw new IllegalStateException("the bulk appliance did not get ready (build with -am so the class path holds this tree's modules):\n"
                    + d.describe());
        }
        return new BulkProcess(d);
    }

    boolean isAlive() { return daemon.isAlive(); }

    /**
     * The appliance's counters now (SIGUSR1 to our own child, by PID): asked twice, so the first block
     * is complete once the second header shows. For failure messages; never throws.
     */
    String counters() {
        try {
            long mark = daemon.mark();
            for (int i = 0; i < 2; i++) Proc.run(Duration.ofSeconds(5), "kill", "-USR1", Long.toString(daemon.pid()));
            String first = daemon.awaitLine(l -> l.equals("counters:"), Duration.ofSeconds(5), mark);
            if (first == null) return "(no counters: the appliance did not answer SIGUSR1)\n";
            long[] seen = {0};
            daemon.awaitLine(l -> l.equals("counters:") && ++seen[0] == 2, Duration.ofSeconds(5), mark);
            String out = daemon.output();
            int at = out.lastIndexOf("counters:");
            int from = out.lastIndexOf("counters:", at - 1);
            return "--- appliance counters ---\n" + (from >= 0 ? out.substring(from, at) : out.substring(at));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "(interrupted asking for counters)\n";
        } catch (RuntimeException e) {
            return "(no counters: " + e.getMessage() + ")\n";
        }
    }

    /** Its output so far (the last lines matter: a failure prints there). */
    String log() { return Differ.tail(daemon.describe(), 6000); }

    @Override
    public void close() { daemon.close(); }
}

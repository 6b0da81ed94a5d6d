package dev.kiln.interop;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The bulk appliance ({@code dev.kiln.examples.bulk.BulkAppliance}) in a namespace, sealed, with this
 * JVM's class path; {@link #start} returns once it printed {@code ready in}. Stopped by PID on close.
 */
final class BulkProcess implements AutoCloseable {
    static final int SINK = 9, ECHO = 7, SOURCE = 19;
    private final Daemon daemon;

    private BulkProcess(Daemon daemon) { this.daemon = daemon; }

    static BulkProcess start(Namespace ns, List<String> targetArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Env.javaLauncher(),
                "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx256m", "-XX:-UsePerfData",
                "-XX:ReservedCodeCacheSize=64m", "-XX:InitialCodeCacheSize=64m", // what a sealed JVM needs
                "-cp", Env.classPath(), dev.kiln.examples.bulk.BulkAppliance.class.getName(), "--seal"));
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

    /** Its output so far (the last lines matter: a failure prints there). */
    String log() { return Differ.tail(daemon.describe(), 6000); }

    @Override
    public void close() { daemon.close(); }
}

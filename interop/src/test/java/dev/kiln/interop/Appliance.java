package dev.kiln.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kiln DNS appliance under test: the zones baked into a temp {@code .kzone} with the compiler
 * API, then {@code ip netns exec NS java … dev.kiln.examples.dns.DnsAppliance --target tap} on the
 * namespace's TAP device at {@value Namespace#APPLIANCE_ADDRESS}/24, with this JVM's class path.
 * {@link #start} returns once the banner's {@code ready in N ms} line is out (bounded wait); its
 * output is kept for failure messages. {@link #close} sends SIGTERM (the appliance prints its
 * counters and exits 0), then SIGKILL after a bounded wait.
 */
final class Appliance implements AutoCloseable {
    static final String MAIN = dev.kiln.examples.dns.DnsAppliance.class.getName();
    static final Duration READY_LIMIT = Duration.ofSeconds(60);
    private static final Pattern PID = Pattern.compile("^\\s*pid\\s+(\\d+)\\s*$");

    private final Daemon daemon;
    private final Path dir;
    private final String readyLine;

    private Appliance(Daemon daemon, Path dir, String readyLine) {
        this.daemon = daemon;
        this.dir = dir;
        this.readyLine = readyLine;
    }

    /** The tap target: Kiln's own stack on the namespace's TAP device, at {@value Namespace#APPLIANCE_ADDRESS}/24. */
    static Appliance start(Namespace ns, List<ZoneFile> zones) throws IOException, InterruptedException {
        return start(ns, zones, List.of("--target", "tap", "--tap", Namespace.TAP, "--address", Namespace.APPLIANCE_ADDRESS + "/24",
                "--seal")); // sealed with seccomp, as `kiln run` boots it
    }

    /** The host target: the same server behind the kernel's sockets, on ADDRESS:PORT inside the namespace. */
    static Appliance startHost(Namespace ns, List<ZoneFile> zones, String listen) throws IOException, InterruptedException {
        return start(ns, zones, List.of("--target", "host", "--listen", listen,
                "--seal")); // sealed too: UDP on its bound channel, TCP accepted only on its listening socket
    }

    private static Appliance start(Namespace ns, List<ZoneFile> zones, List<String> targetArgs) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("kiln-it-appliance");
        Daemon d = null;
        try {
            Path image = ZoneBaker.bake(zones, dir.resolve("zones.kzone"));
            List<String> cmd = new ArrayList<>(List.of(Env.javaLauncher(),
                    "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx256m", "-XX:-UsePerfData",
                    "-XX:ReservedCodeCacheSize=64m", "-XX:InitialCodeCacheSize=64m", // what a sealed JVM needs
                    "-cp", Env.classPath(), MAIN, "--zones", image.toString()));
            cmd.addAll(targetArgs);
            d = ns.start("kiln-appliance", cmd);
            String ready = d.awaitLine(l -> l.contains("ready in "), READY_LIMIT);
            if (ready == null) {
                if (d.outputEnded()) d.handle().onExit().completeOnTimeout(null, 5, java.util.concurrent.TimeUnit.SECONDS).join();
                throw new IllegalStateException((d.outputEnded() ? "the appliance stopped before it was ready"
                        : "the appliance printed no 'ready in' line within " + READY_LIMIT)
                        + " (build with -am so that the class path holds this tree's modules):\n" + d.describe());
            }
            return new Appliance(d, dir, ready);
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (d != null) d.close();
            Proc.deleteTree(dir);
            throw e;
        }
    }

    /** The PID the banner printed ({@code pid N}), or -1. */
    long bannerPid() {
        for (String l : daemon.output().lines().toList()) {
            Matcher m = PID.matcher(l);
            if (m.matches()) return Long.parseLong(m.group(1));
        }
        return -1;
    }

    String readyLine() { return readyLine; }

    /**
     * Asks the running appliance for its counters ({@code kill -USR1 PID}: our own child, by PID)
     * and returns the value of one, as printed ("  NAME   1,234"); null if that line did not
     * come within the limit (a counter still at 0 is not printed).
     */
    Long counter(String name, Duration limit) throws InterruptedException {
        long mark = daemon.mark();
        Proc.run(Duration.ofSeconds(5), "kill", "-USR1", Long.toString(daemon.pid())).orThrow();
        String line = daemon.awaitLine(l -> l.trim().startsWith(name + " "), limit, mark);
        if (line == null) return null;
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[f.length - 1].replace(",", ""));
    }

    boolean isAlive() { return daemon.isAlive(); }

    ProcessHandle handle() { return daemon.handle(); }

    /** Everything it printed so far, with its command line and state. */
    String log() { return daemon.describe(); }

    /**
     * SIGTERM, and waits (bounded) for it to exit.
     * @return the exit code, or null if it had to be killed
     */
    Integer terminate(Duration limit) throws InterruptedException {
        ProcessHandle h = daemon.handle();
        h.destroy();
        try {
            h.onExit().get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return null;
        }
        daemon.close(); // drain output
        return daemon.exitValue();
    }

    @Override
    public void close() {
        try {
            daemon.close();
        } finally {
            Proc.deleteTree(dir);
        }
    }
}

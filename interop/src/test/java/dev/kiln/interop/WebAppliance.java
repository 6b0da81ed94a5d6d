package dev.kiln.interop;

import dev.kiln.configure.DevCertificate;
import dev.kiln.configure.TlsBake;
import dev.kiln.site.compiler.SiteCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The web appliance under test, sealed, inside a namespace: examples/www/site baked
 * with the site compiler, a development certificate for {@code localhost} made and baked as
 * {@code kiln build} does, then {@code java … WwwAppliance --seal} on the host target (loopback, ports
 * 80 and 443) or the tap target (the namespace's TAP device). Returns once the banner's {@code ready in} line is out (bounded wait).
 */
final class WebAppliance implements AutoCloseable {
    static final Path SITE = Env.repoRoot().resolve("examples/www/site");

    final Daemon daemon;
    final Path dir;
    final Path cert;
    final String banner;

    private WebAppliance(Daemon daemon, Path dir, Path cert, String banner) {
        this.daemon = daemon;
        this.dir = dir;
        this.cert = cert;
        this.banner = banner;
    }

    /** The host target: host sockets on the namespace's loopback, ports 80 and 443. */
    static WebAppliance startHost(Namespace ns) throws IOException, InterruptedException {
        return startHost(ns, 80, 443);
    }

    /** The host target on the namespace's loopback, ports {@code port} and {@code tlsPort}, with {@code extra} run-time arguments. */
    static WebAppliance startHost(Namespace ns, int port, int tlsPort, String... extra) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--target", "host", "--listen", "127.0.0.1:" + port, "--tls-port", Integer.toString(tlsPort)));
        args.addAll(List.of(extra));
        return start(ns, args);
    }

    /** The tap target: Kiln's own stack (and TCP) on the namespace's TAP device at {@value Namespace#APPLIANCE_ADDRESS}/24. */
    static WebAppliance startTap(Namespace ns) throws IOException, InterruptedException {
        return start(ns, List.of("--target", "tap", "--tap", Namespace.TAP, "--address", Namespace.APPLIANCE_ADDRESS + "/24",
                "--gateway", Namespace.HOST_ADDRESS, "--port", "80", "--tls-port", "443"));
    }

    private static WebAppliance start(Namespace ns, List<String> targetArgs) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("kiln-it-www");
        Daemon d = null;
        try {
            SiteCompiler.bake(SITE, dir.resolve("site.ksite"), SiteCompiler.Options.DEFAULTS.withLastModified(1_767_225_600L));
            DevCertificate.Written pair = DevCertificate.make("localhost", 2, 0, dir.resolve("tls"));
            TlsBake.bake(pair.certificate(), pair.key(), dir.resolve("tls.ktls"), new Date());
            List<String> cmd = new ArrayList<>(List.of(Env.javaLauncher(),
                    "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xmx256m", "-XX:-UsePerfData",
                    "-XX:ReservedCodeCacheSize=64m", "-XX:InitialCodeCacheSize=64m", // what a sealed JVM needs
                    "-cp", Env.classPath(), dev.kiln.examples.www.WwwAppliance.class.getName(),
                    "--site", dir.resolve("site.ksite").toString(), "--tls", dir.resolve("tls.ktls").toString(), "--seal"));
            cmd.addAll(targetArgs);
            d = ns.start("kiln-www", cmd);
            String ready = d.awaitLine(l -> l.contains("ready in "), Appliance.READY_LIMIT);
            if (ready == null) throw new IllegalStateException("the web appliance did not become ready:\n" + d.describe());
            return new WebAppliance(d, dir, pair.certificate(), d.output());
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (d != null) d.close();
            Proc.deleteTree(dir);
            throw e;
        }
    }

    /** Asks for the counters (SIGUSR1, our own child by PID) and returns one, or null if it is not printed (0) in time. */
    Long counter(String name) throws InterruptedException {
        long mark = daemon.mark();
        Proc.run(Duration.ofSeconds(5), "kill", "-USR1", Long.toString(daemon.pid())).orThrow();
        if (daemon.awaitLine(l -> l.startsWith("counters:"), Duration.ofSeconds(10), mark) == null) return null;
        String line = daemon.awaitLine(l -> l.trim().startsWith(name + " "), Duration.ofSeconds(2), mark);
        if (line == null) return null;
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[f.length - 1].replace(",", ""));
    }

    String log() { return daemon.describe(); }

    /** Stops it (SIGTERM, then SIGKILL after a bounded wait) and removes its baked files, even if stopping throws. */
    @Override
    public void close() {
        try (Daemon d = daemon) {
            Proc.deleteTree(dir); // the appliance read them at boot and holds none open
        }
    }
}

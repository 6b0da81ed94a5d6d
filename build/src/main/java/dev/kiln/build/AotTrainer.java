package dev.kiln.build;

import java.io.IOException;
import java.io.PrintStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The training run that writes the image's AOT cache: boots the image's own launcher with
 * {@code -XX:AOTCacheOutput}, sends it a mix of real DNS queries, then stops it with SIGTERM.
 * HotSpot 25 still records the AOT configuration and forks the JVM that assembles the cache on
 * a signal-initiated exit, so the appliance needs no training mode. The run seals as the real
 * boot does, but only rehearses the last two system calls ({@code -Dkiln.seal.rehearse=true}):
 * a sealed JVM could not fork the assembler.
 *
 * <p>A tap image trains on the tap path when the build runs as root: in a throwaway network
 * namespace with its own TAP device ({@link TrainingNetwork}), so the cache holds the classes of
 * Kiln's own stack and driver. Otherwise it trains on the host path (same jars; the last
 * {@code --target} wins), and the tap-only classes load from the jars at boot, more slowly.
 */
final class AotTrainer {
    /** What a training run did; {@code path} is "tap" or "host", plus why if a tap image trained on host. */
    record Trained(long aotBytes, int queriesSent, int answered, long millis, int exitStatus, String path) {}

    private AotTrainer() {}

    static Trained train(Path image, ImageSpec spec, LayoutSeed layout, PrintStream log) throws IOException, InterruptedException {
        String launcher = image.resolve(LauncherScript.PATH).toString();
        if (!spec.probe().equals("dns")) return trainHttp(image, spec, layout, log, launcher);
        String path = "host";
        if (spec.target().equals("tap")) {
            String why = TrainingNetwork.unavailable();
            if (why == null) {
                try (TrainingNetwork net = TrainingNetwork.create()) {
                    List<String> cmd = new ArrayList<>(net.execPrefix());
                    cmd.addAll(List.of(launcher, "--target", "tap", "--tap", net.tap(), "--address", net.applianceCidr(),
                            "--gateway", net.hostAddress()));
                    InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(net.applianceAddress()), 53);
                    try (DnsProbe probe = new DnsProbe(net.openSocket(), server, spec.probeName())) {
                        return run(image, spec, layout, log, cmd, probe, "tap");
                    }
                }
            }
            log.println("  note: training the AOT cache on the host path: the tap path " + why);
            path = "host (the tap path " + why + ")";
        }
        int port = freeUdpPort();
        List<String> cmd = List.of(launcher, "--target", "host", "--listen", "127.0.0.1:" + port);
        try (DnsProbe probe = new DnsProbe(port, spec.probeName())) {
            return run(image, spec, layout, log, cmd, probe, path);
        }
    }

    /**
     * A web appliance trains with HTTP (and HTTPS) requests: a tap image in a throwaway namespace (the
     * client connects from inside it, through Kiln's own TCP), otherwise on the host path.
     */
    private static Trained trainHttp(Path image, ImageSpec spec, LayoutSeed layout, PrintStream log, String launcher)
            throws IOException, InterruptedException {
        boolean https = spec.probe().equals("https");
        if (spec.target().equals("tap")) {
            String why = TrainingNetwork.unavailable();
            if (why != null) throw new BuildException("the AOT training run of a tap image runs on the tap path, which " + why + "; build with --no-aot");
            try (TrainingNetwork net = TrainingNetwork.create()) {
                List<String> cmd = new ArrayList<>(net.execPrefix());
                cmd.addAll(List.of(launcher, "--target", "tap", "--tap", net.tap(), "--address", net.applianceCidr(),
                        "--gateway", net.hostAddress(), "--port", "80", "--no-access-log"));
                if (https) cmd.addAll(List.of("--tls-port", "443"));
                HttpProbe.Connector inside = (to, timeoutMs) -> net.connect(to, timeoutMs);
                try (HttpProbe probe = new HttpProbe(InetAddress.getByName(net.applianceAddress()), 80, https ? 443 : -1, inside, spec.probePaths())) {
                    return run(image, spec, layout, log, cmd, probe, "tap");
                }
            }
        }
        int port = freeTcpPort(), tlsPort = https ? freeTcpPort() : -1;
        List<String> cmd = new ArrayList<>(List.of(launcher, "--target", "host", "--listen", "127.0.0.1:" + port, "--no-access-log"));
        if (tlsPort > 0) cmd.addAll(List.of("--tls-port", Integer.toString(tlsPort)));
        try (HttpProbe probe = new HttpProbe(InetAddress.getLoopbackAddress(), port, tlsPort, HttpProbe.HOST, spec.probePaths())) {
            return run(image, spec, layout, log, cmd, probe, "host");
        }
    }

    static int freeTcpPort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Trained run(Path image, ImageSpec spec, LayoutSeed layout, PrintStream log, List<String> cmd,
                               TrainingProbe probe, String path) throws IOException, InterruptedException {
        Path aot = image.resolve(LauncherScript.AOT_FILE);
        Files.deleteIfExists(aot);
        Path out = Files.createTempFile("kiln-aot-training", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        List<String> opts = new ArrayList<>(List.of("-XX:AOTCacheOutput=" + aot, "-Dkiln.seal.rehearse=true"));
        opts.addAll(layout.dumpFlags());
        pb.environment().put("KILN_JAVA_OPTS", String.join(" ", opts));
        pb.environment().put("KILN_AOT", "off");
        long t0 = System.nanoTime();
        Process p = pb.start();
        int answered = 0;
        try {
            long first = probe.untilFirstAnswer(System.nanoTime() + TimeUnit.SECONDS.toNanos(120), p::isAlive);
            if (first < 0) {
                String what = p.isAlive() ? "did not answer " + spec.probe() + " within 120 s"
                        : "exited (status " + p.waitFor() + ") before answering " + spec.probe();
                String options = spec.jvmOptions().isEmpty() ? "" : " (it ran with the jvm-options " + String.join(" ", spec.jvmOptions())
                        + " from " + spec.jvmOptionsOrigin() + ": if its output names one, fix or remove it there)";
                throw new BuildException("the training run (" + path + ") " + what + options + "; its output:\n" + tail(out));
            }
            for (int i = 0; i < spec.aotQueries(); i++) {
                if (probe.askTraining(i, 2000) >= 0) answered++;
            }
        } finally {
            p.toHandle().destroy(); // SIGTERM: the appliance prints its counters and exits
        }
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new BuildException("the training run did not exit within 10 minutes of SIGTERM; output:\n" + tail(out));
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        Files.deleteIfExists(image.resolve(LauncherScript.AOT_FILE + ".config")); // left behind if the assembly failed
        if (!Files.isRegularFile(aot)) {
            throw new BuildException("the training run exited (status " + p.exitValue() + ") without writing "
                    + aot + "; its output:\n" + tail(out));
        }
        log.printf("  trained AOT cache on the %s path: %d/%d %s answered, exit %d, %d ms%n", path, answered,
                spec.aotQueries(), spec.probe().equals("dns") ? "queries" : spec.probe() + " requests", p.exitValue(), ms);
        Files.deleteIfExists(out);
        return new Trained(Files.size(aot), spec.aotQueries(), answered, ms, p.exitValue(), path);
    }

    static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return s.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log, StandardCharsets.UTF_8);
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "(cannot read " + log + ")";
        }
    }
}

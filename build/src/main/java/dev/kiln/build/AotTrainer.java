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
 * The training run that writes the image's AOT cache: boots the image's own launcher on the host
 * target (127.0.0.1, a free port) with {@code -XX:AOTCacheOutput}, sends it real DNS queries, then
 * stops it with SIGTERM. HotSpot 25 still records the AOT configuration and forks the JVM that
 * assembles the cache on a signal-initiated exit (exit status 143), so the appliance needs no
 * training mode. A tap image is trained on the host path too (same jars; the last
 * {@code --target} wins): the classes only the TAP path uses are then loaded at boot as usual.
 */
final class AotTrainer {
    /** What a training run did. */
    record Trained(long aotBytes, int queriesSent, int answered, long millis, int exitStatus) {}

    private AotTrainer() {}

    static Trained train(Path image, ImageSpec spec, LayoutSeed layout, PrintStream log) throws IOException, InterruptedException {
        int port = freeUdpPort();
        Path aot = image.resolve(LauncherScript.AOT_FILE);
        Files.deleteIfExists(aot);
        Path out = Files.createTempFile("kiln-aot-training", ".log");
        List<String> cmd = List.of(image.resolve(LauncherScript.PATH).toString(),
                "--target", "host", "--listen", "127.0.0.1:" + port);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        List<String> opts = new ArrayList<>(List.of("-XX:AOTCacheOutput=" + aot));
        opts.addAll(layout.dumpFlags());
        pb.environment().put("KILN_JAVA_OPTS", String.join(" ", opts));
        pb.environment().put("KILN_AOT", "off");
        long t0 = System.nanoTime();
        Process p = pb.start();
        int answered = 0;
        try (DnsProbe probe = new DnsProbe(port, spec.probeName())) {
            long first = probe.untilFirstAnswer(System.nanoTime() + TimeUnit.SECONDS.toNanos(120), p::isAlive);
            if (first < 0) {
                throw new BuildException("the training run did not answer DNS on 127.0.0.1:" + port
                        + " within 120 s; its output:\n" + tail(out));
            }
            for (int i = 0; i < spec.aotQueries(); i++) {
                if (probe.ask(2000) >= 0) answered++;
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
        log.printf("  trained AOT cache: %d/%d queries answered, exit %d, %d ms%n", answered, spec.aotQueries(), p.exitValue(), ms);
        Files.deleteIfExists(out);
        return new Trained(Files.size(aot), spec.aotQueries(), answered, ms, p.exitValue());
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

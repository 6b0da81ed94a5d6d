package dev.kiln.build;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Exec → first DNS answer: starts a command (with {@code {PORT}} replaced by a free 127.0.0.1
 * UDP port), asks {@code NAME SOA} in a tight loop (1 ms receive timeout) until the first answer,
 * then stops the process with SIGTERM. Time is from just before {@link ProcessBuilder#start}.
 */
public final class BootBench {
    /** Boot times in milliseconds, sorted. */
    public record Result(String label, double[] millis) {
        public double min() {
            return millis[0];
        }

        public double median() {
            int n = millis.length;
            return n % 2 == 1 ? millis[n / 2] : (millis[n / 2 - 1] + millis[n / 2]) / 2;
        }

        public double max() {
            return millis[millis.length - 1];
        }

        @Override
        public String toString() {
            return String.format("%-28s n=%d  min %.1f  median %.1f  max %.1f ms", label, millis.length, min(), median(), max());
        }
    }

    private BootBench() {}

    /** One boot; returns milliseconds to the first answer. */
    public static double bootOnce(List<String> command, Map<String, String> env, String probeName) throws IOException, InterruptedException {
        int port = AotTrainer.freeUdpPort();
        List<String> cmd = command.stream().map(s -> s.replace("{PORT}", String.valueOf(port))).toList();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().putAll(env);
        try (DnsProbe probe = new DnsProbe(port, probeName)) {
            long t0 = System.nanoTime();
            Process p = pb.start();
            try {
                long t1 = probe.untilFirstAnswer(t0 + TimeUnit.SECONDS.toNanos(60), p::isAlive);
                if (t1 < 0) {
                    throw new BuildException("no DNS answer within 60 s from: " + String.join(" ", cmd)
                            + (p.isAlive() ? "" : " (it exited with status " + p.exitValue() + ")"));
                }
                return (t1 - t0) / 1e6;
            } finally {
                p.toHandle().destroy();
                if (!p.waitFor(30, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    public static Result measure(String label, List<String> command, Map<String, String> env, int boots, String probeName)
            throws IOException, InterruptedException {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < boots; i++) ms.add(bootOnce(command, env, probeName));
        double[] a = ms.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return new Result(label, a);
    }
}

package dev.kiln.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A booted appliance: a child JVM (inside the namespace for {@code tap}). Its output is passed
 * through; the {@code ready in N ms} line of its banner marks it as serving.
 */
final class ApplianceProcess implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready in [0-9.]+ ms");

    private final Process process;
    /** What was started (the java command or the image's launcher, its arguments). */
    final List<String> command;
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean isReady;
    private final Thread pump;

    private ApplianceProcess(Process process, List<String> command, PrintStream echo) {
        this.process = process;
        this.command = List.copyOf(command);
        this.pump = Thread.ofPlatform().daemon().name("appliance-output").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (echo != null) echo.println(line);
                    if (READY.matcher(line).find()) {
                        isReady = true;
                        ready.countDown();
                    }
                }
            } catch (IOException ignored) {
                // the child closed its output: it has exited
            }
            ready.countDown();
        });
        pump.setUncaughtExceptionHandler((t, e) -> ready.countDown());
    }

    /** Starts {@code cmd} (a java command or an image's launcher), telling it when it was exec'd (boot timing). */
    static ApplianceProcess start(List<String> cmd, java.util.Map<String, String> env, PrintStream echo) {
        Instant exec = Instant.now();
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("KILN_EXEC_NS", String.valueOf(exec.getEpochSecond() * 1_000_000_000L + exec.getNano()));
        try {
            return new ApplianceProcess(pb.start(), cmd, echo);
        } catch (IOException e) {
            throw new UserError("cannot start the appliance (" + String.join(" ", cmd) + "): " + e.getMessage());
        }
    }

    /**
     * {@code java} and the flags for an appliance's JVM: its heap, a GC for small heaps, native access for FFM;
     * then the appliance's own options (descriptor {@code jvm-options=}), then the operator's ({@code KILN_JAVA_OPTS}),
     * so the later ones win as in an image's launcher.
     */
    static List<String> javaCommand(int heapMb, List<String> applianceOptions, List<String> userOptions) {
        String java = ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java");
        // The whole code cache is committed at boot: a sealed JVM cannot map new executable memory
        // (platform.linux.Seal.REQUIRED_JVM_FLAGS); -XX:-UsePerfData: it could not delete the file either.
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC",
                "-Xms" + heapMb + "m", "-Xmx" + heapMb + "m", "-XX:-UsePerfData", "-XX:ReservedCodeCacheSize=64m", "-XX:InitialCodeCacheSize=64m"));
        cmd.addAll(applianceOptions);
        cmd.addAll(userOptions);
        return cmd;
    }

    /** Waits until the appliance says it is ready; false if it exited first or the time ran out. */
    boolean awaitReady(long timeout, TimeUnit unit) throws InterruptedException {
        return ready.await(timeout, unit) && isReady;
    }

    int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    /** Asks the appliance to stop (SIGTERM: it prints its counters), then forces it after 10 s. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                // SIGTERM through the handle: Process.destroy() would also close our end of its output,
                // and the counters it prints on the way out would be lost.
                process.toHandle().destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
            pump.join(2000); // let the appliance's last words (its counters) through
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

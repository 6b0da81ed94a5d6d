package dev.kiln.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
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
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile boolean isReady;
    private final Thread pump;

    private ApplianceProcess(Process process, PrintStream echo) {
        this.process = process;
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

    /**
     * Starts the appliance's JVM.
     *
     * @param netns namespace to run it in, or null for the current one
     */
    static ApplianceProcess start(ApplianceDir app, String netns, List<String> args, PrintStream echo) {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + "/bin/java");
        List<String> cmd = new ArrayList<>();
        if (netns != null) cmd.addAll(List.of("ip", "netns", "exec", netns));
        cmd.add(java);
        cmd.addAll(jvmFlags());
        Instant exec = Instant.now();
        cmd.add("-Dkiln.execNs=" + (exec.getEpochSecond() * 1_000_000_000L + exec.getNano()));
        cmd.add("-cp");
        cmd.add(app.classPath());
        cmd.add(app.mainClass());
        cmd.addAll(args);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            return new ApplianceProcess(p, echo);
        } catch (IOException e) {
            throw new UserError("cannot start the appliance (" + String.join(" ", cmd) + "): " + e.getMessage());
        }
    }

    /** Flags for the appliance's JVM: a small heap, a GC for small heaps, native access for FFM. */
    static List<String> jvmFlags() {
        // The whole code cache is committed at boot: a sealed JVM cannot map new executable memory
        // (platform.linux.Seal.REQUIRED_JVM_FLAGS); -XX:-UsePerfData: it could not delete the file either.
        return List.of("--enable-native-access=ALL-UNNAMED", "-XX:+UseSerialGC", "-Xms64m", "-Xmx256m",
                "-XX:-UsePerfData", "-XX:ReservedCodeCacheSize=64m", "-XX:InitialCodeCacheSize=64m");
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

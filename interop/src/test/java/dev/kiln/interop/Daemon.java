package dev.kiln.interop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A long-running child process (the appliance, NSD): its merged stdout/stderr is read on a
 * thread and kept (the last {@value #KEEP_CHARS} characters) for failure messages; callers wait
 * for a line with a deadline instead of sleeping. {@link #close} stops it by PID.
 */
final class Daemon implements AutoCloseable {
    static final int KEEP_CHARS = 256 * 1024;
    static final int KEEP_LINES = 4096;

    private final String name;
    private final List<String> command;
    private final Process process;
    private final StringBuilder output = new StringBuilder();
    private final Thread reader;
    private final java.util.ArrayList<String> recent = new java.util.ArrayList<>();
    private long linesSeen;
    private boolean eof;

    private Daemon(String name, List<String> command, Process process) {
        this.name = name;
        this.command = command;
        this.process = process;
        this.reader = Thread.ofPlatform().daemon().name("kiln-it-" + name + "-out").start(this::pump);
    }

    static Daemon start(String name, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(java.nio.file.Path.of("/dev/null").toFile()))
                .start();
        return new Daemon(name, command, p);
    }

    private void pump() {
        try (BufferedReader r = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (this) {
                    output.append(line).append('\n');
                    if (output.length() > KEEP_CHARS) output.delete(0, output.length() - KEEP_CHARS);
                    recent.addLast(line);
                    if (recent.size() > KEEP_LINES) recent.removeFirst();
                    linesSeen++;
                    notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (this) { output.append("(output read failed: ").append(e).append(")\n"); }
        } finally {
            synchronized (this) {
                eof = true;
                notifyAll();
            }
        }
    }

    /**
     * Waits until a line of output matches, the process ends, or the deadline passes.
     * @return the matching line, or null (see {@link #output()} and {@link #isAlive()} for why)
     */
    String awaitLine(Predicate<String> match, Duration limit) throws InterruptedException {
        return awaitLine(match, limit, 0);
    }

    /** The number of lines printed so far: pass it to {@link #awaitLine(Predicate, Duration, long)} to wait for new ones only. */
    synchronized long mark() {
        return linesSeen;
    }

    /** Like {@link #awaitLine(Predicate, Duration)}, looking only at lines after {@code fromMark} (see {@link #mark()}). */
    String awaitLine(Predicate<String> match, Duration limit, long fromMark) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        long next = fromMark;
        synchronized (this) {
            while (true) {
                long first = linesSeen - recent.size();
                if (next < first) next = first; // older lines were dropped
                for (; next < linesSeen; next++) {
                    String line = recent.get((int) (next - first));
                    if (match.test(line)) return line;
                }
                long left = deadline - System.nanoTime();
                if (eof || left <= 0) return null;
                wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    synchronized String output() { return output.toString(); }

    /** Has the process closed its output (normally: it has exited)? */
    synchronized boolean outputEnded() { return eof; }

    boolean isAlive() { return process.isAlive(); }

    long pid() { return process.pid(); }

    /** The exit code; only after the process has ended. */
    int exitValue() { return process.exitValue(); }

    ProcessHandle handle() { return process.toHandle(); }

    /** "name (pid N, running|exit N): command" plus its output so far. */
    String describe() {
        String state = process.isAlive() ? "running" : "exit " + process.exitValue();
        return "--- " + name + " (pid " + process.pid() + ", " + state + "): " + String.join(" ", command)
                + "\n" + output() + "--- end of " + name + " output ---\n";
    }

    /** SIGTERM, then SIGKILL after a bounded wait; descendants too. Waits for the output to drain. */
    @Override
    public void close() {
        Proc.stop(process.toHandle(), Duration.ofSeconds(5));
        try {
            reader.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

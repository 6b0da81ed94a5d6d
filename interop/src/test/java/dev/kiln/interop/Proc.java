package dev.kiln.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a short command to completion with a time limit. Output goes to temp files (no pipe can fill
 * up and block the child); a command that overstays its limit is killed by PID, descendants first.
 */
final class Proc {
    private Proc() {}

    /** What a finished (or killed) command left behind. */
    record Result(List<String> command, int exit, boolean timedOut, String stdout, String stderr) {
        boolean ok() { return !timedOut && exit == 0; }

        /** The whole story, for assertion messages. */
        String describe() {
            return "$ " + String.join(" ", command) + "\n"
                    + (timedOut ? "(killed: time limit exceeded)\n" : "exit " + exit + "\n")
                    + (stdout.isEmpty() ? "" : "--- stdout ---\n" + stdout)
                    + (stderr.isEmpty() ? "" : "--- stderr ---\n" + stderr);
        }

        /** Throws with the whole story unless the command exited 0 in time. */
        Result orThrow() {
            if (!ok()) throw new IllegalStateException("command failed:\n" + describe());
            return this;
        }
    }

    static Result run(Duration limit, String... command) {
        return run(limit, List.of(command));
    }

    static Result run(Duration limit, List<String> command) {
        Path out = null, err = null;
        try {
            out = Files.createTempFile("kiln-it-out", ".txt");
            err = Files.createTempFile("kiln-it-err", ".txt");
            Process p = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            boolean done = p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) stop(p.toHandle(), Duration.ofSeconds(3));
            int exit = done ? p.exitValue() : -1;
            return new Result(command, exit, !done, read(out), read(err));
        } catch (IOException e) {
            return new Result(command, -1, false, "", "could not start: " + e.getMessage() + "\n");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /**
     * Stops a process we started, by PID: its descendants and then itself, SIGTERM first,
     * SIGKILL after {@code grace}. Returns true if everything is gone.
     */
    static boolean stop(ProcessHandle p, Duration grace) {
        List<ProcessHandle> kids = p.descendants().toList();
        p.destroy();
        for (ProcessHandle k : kids) k.destroy();
        boolean gone = awaitExit(p, grace);
        for (ProcessHandle k : kids) gone &= awaitExit(k, grace);
        if (!gone) {
            p.destroyForcibly();
            for (ProcessHandle k : kids) k.destroyForcibly();
            gone = awaitExit(p, grace);
            for (ProcessHandle k : kids) gone &= awaitExit(k, grace);
        }
        return gone;
    }

    private static boolean awaitExit(ProcessHandle p, Duration limit) {
        try {
            p.onExit().get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return !p.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !p.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static String read(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        return new String(b, StandardCharsets.UTF_8);
    }

    static void deleteQuietly(Path f) {
        if (f == null) return;
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // temp file: nothing to do
        }
    }

    /** Deletes a directory tree; tolerant of missing files. */
    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(Proc::deleteQuietly);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

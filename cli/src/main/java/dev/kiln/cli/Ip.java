package dev.kiln.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs iproute2's {@code ip} and other small host tools, with errors that say what to do. */
final class Ip {
    private Ip() {}

    record Result(int exit, String output) {
        boolean ok() { return exit == 0; }
    }

    /** Runs a command, waiting at most 30 s; returns its exit status and combined output. */
    static Result exec(String... cmd) {
        return execIn(null, 30, cmd);
    }

    /** Runs a command in {@code dir} (null: here), waiting at most {@code seconds}. */
    static Result execIn(java.nio.file.Path dir, int seconds, String... cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) pb.directory(dir.toFile());
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new UserError("'" + String.join(" ", cmd) + "' did not finish within " + seconds + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            if (cmd[0].equals("ip")) {
                throw new UserError("cannot run 'ip' (" + e.getMessage() + "); install iproute2: apt-get install iproute2");
            }
            throw new UserError("cannot run '" + cmd[0] + "': " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError("interrupted while running " + String.join(" ", cmd));
        }
    }

    /** Runs {@code ip ARGS…} and fails with a message naming the command and the fix on error. */
    static String ip(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        Result r = exec(cmd.toArray(String[]::new));
        if (!r.ok()) {
            String hint = r.output().contains("Operation not permitted") || r.output().contains("Permission denied")
                    ? " — the tap target needs root (or CAP_NET_ADMIN): run with sudo, or use --target host"
                    : "";
            throw new UserError("'" + String.join(" ", cmd) + "' failed: " + r.output() + hint);
        }
        return r.output();
    }

    static boolean isRoot() {
        Result r = exec("id", "-u");
        return r.ok() && r.output().equals("0");
    }
}

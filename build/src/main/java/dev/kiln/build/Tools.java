package dev.kiln.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.spi.ToolProvider;

/** Runs JDK tools in-process (ToolProvider) and the odd external command. */
final class Tools {
    private Tools() {}

    /** Runs a JDK tool through {@link ToolProvider}; returns its standard output, or throws with its messages. */
    static String jdkTool(String name, List<String> args) {
        ToolProvider tool = ToolProvider.findFirst(name).orElseThrow(() -> new BuildException(
                "the JDK tool " + name + " is not available in " + System.getProperty("java.home")
                        + "; run the build on a full JDK 25 (e.g. Temurin 25), not a JRE"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc;
        try (PrintWriter o = new PrintWriter(out, true, StandardCharsets.UTF_8);
             PrintWriter e = new PrintWriter(err, true, StandardCharsets.UTF_8)) {
            rc = tool.run(o, e, args.toArray(String[]::new));
        }
        String stdout = out.toString(StandardCharsets.UTF_8);
        if (rc != 0) {
            throw new BuildException(name + " failed (exit " + rc + "): " + err.toString(StandardCharsets.UTF_8).strip()
                    + (stdout.isBlank() ? "" : "\n" + stdout.strip()) + "\n  arguments: " + String.join(" ", args));
        }
        return stdout;
    }

    /** Runs an external command, failing with its output if it does not exit 0. */
    static String exec(List<String> cmd, String hint) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new BuildException(String.join(" ", cmd) + " did not finish in 5 minutes");
            }
            if (p.exitValue() != 0) {
                throw new BuildException(String.join(" ", cmd) + " failed (exit " + p.exitValue() + "): "
                        + new String(out, StandardCharsets.UTF_8).strip() + "\n  " + hint);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BuildException("cannot run " + cmd.get(0) + ": " + e.getMessage() + "\n  " + hint, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted while running " + cmd.get(0), e);
        }
    }
}

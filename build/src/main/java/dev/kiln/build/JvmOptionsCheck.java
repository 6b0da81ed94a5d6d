package dev.kiln.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Asks the JVM the image's runtime is linked from ({@code java -version} with the launcher's flags)
 * whether it accepts the appliance's {@code jvm-options}, before anything is built: an option this JDK
 * does not know, or ignores because it was removed, stops the build with the option and where it came
 * from, also for images built without an AOT training run (which would otherwise fail later, or not at all).
 */
final class JvmOptionsCheck {
    /** Unified-logging output of the options themselves (e.g. -Xlog:gc), not a complaint. */
    private static final Pattern LOG_LINE = Pattern.compile("\\[[^]]*]\\[(info|debug|trace)].*");

    private JvmOptionsCheck() {}

    /** @param javaHome the JDK the image's runtime is linked from (same libjvm, same options) */
    static void check(Path javaHome, ImageSpec spec, LayoutSeed layout) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaHome.resolve("bin/java").toString());
        cmd.addAll(LauncherScript.allFlags(spec, layout));
        cmd.add("-version");
        String out;
        int rc;
        Path log = null;
        try {
            log = Files.createTempFile("kiln-jvm-options", ".log"); // a file: -Xlog:all may say a lot, and no pipe fills up
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BuildException("the image's JVM did not answer -version within 60 s: " + String.join(" ", cmd));
            }
            try (InputStream in = Files.newInputStream(log)) {
                out = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            }
            rc = p.exitValue();
        } catch (IOException e) {
            throw new BuildException("cannot run the image's JVM (" + cmd.getFirst() + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted while asking the image's JVM about the JVM options", e);
        } finally {
            if (log != null) log.toFile().delete();
        }
        String refusal = refusal(out, rc);
        if (refusal != null) throw new BuildException(message(spec, refusal));
    }

    /** The JVM's complaint about its options, or null if it started: a non-zero exit, or an option it ignores. */
    static String refusal(String output, int exitStatus) {
        List<String> said = output.lines().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("Error: Could not create the Java Virtual Machine")
                        && !l.startsWith("Error: A fatal exception has occurred"))
                .toList();
        if (exitStatus != 0) {
            List<String> complaints = said.stream().filter(l -> !LOG_LINE.matcher(l).matches()).limit(5).toList();
            return String.join(" / ", complaints) + " (exit " + exitStatus + ")";
        }
        return said.stream().filter(l -> l.contains("Ignoring option")).findFirst().orElse(null);
    }

    /**
     * True if HotSpot's complaint names {@code option}: 'Foo' or 'Foo=1' for -XX:+Foo / -XX:Foo=1 ("Ignoring option
     * Foo;" when removed), or the option itself ("Invalid thread stack size: -Xss1q", "Invalid -Xlog option '-Xlog:x'").
     */
    static boolean names(String complaint, String option) {
        String setting = option.replaceFirst("^-XX:[+-]?", "");
        String name = setting.replaceFirst("=.*", "");
        return complaint.contains("'" + option + "'") || complaint.contains(": " + option)
                || option.startsWith("-XX:") && (complaint.contains("'" + setting + "'") || complaint.contains("'" + name + "'")
                        || complaint.contains("option " + name + ";"));
    }

    /** {@code ORIGIN: the image's JVM refuses jvm-options=…: WHAT; fix} naming the option at fault when the JVM names it. */
    static String message(ImageSpec spec, String refusal) {
        String culprit = spec.jvmOptions().stream().filter(o -> names(refusal, o)).findFirst().orElse(null);
        return spec.jvmOptionsOrigin() + ": the image's JVM (Java " + Runtime.version() + ") does not accept jvm-options="
                + String.join(" ", spec.jvmOptions()) + ": " + refusal + "; "
                + (culprit != null ? "fix or remove " + culprit : "fix or remove the option it names")
                + " (java -XX:+PrintFlagsFinal -version lists the options this JDK knows)";
    }
}

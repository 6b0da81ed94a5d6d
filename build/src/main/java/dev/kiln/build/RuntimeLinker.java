package dev.kiln.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Links the minimal Java runtime with {@code jlink} (in its own process, for reproducible output) from the building JDK's run-time image
 * (Temurin 25 ships no {@code jmods/}, JEP 493), then strips {@code libjvm.so}.
 */
public final class RuntimeLinker {
    private RuntimeLinker() {}

    /** What {@link #link} did: the runtime directory and libjvm.so before/after strip. */
    public record Linked(Path dir, long libjvmBytesBefore, long libjvmBytesAfter) {}

    /**
     * @param compress jlink's {@code --compress} value, e.g. {@code zip-0} (smallest shipped
     *                 size once xz compresses the image) or {@code zip-9}
     * @param strip    run {@code strip --strip-unneeded} on {@code lib/server/libjvm.so}
     */
    public static Linked link(List<String> modules, Path out, String compress, boolean strip) {
        if (Files.exists(out)) throw new BuildException(out + " already exists; remove it or choose another output directory");
        // jlink runs in a fresh process, not through ToolProvider: its generate-jli-classes plugin
        // spins java.lang.invoke species classes with the running JVM, so a second in-process jlink
        // in the same JVM writes a different lib/modules (measured: BoundMethodHandle$Species_*,
        // DirectMethodHandle$Holder, … differ). A fresh JVM gives byte-identical output every time.
        List<String> args = new ArrayList<>(List.of(jlinkExecutable(), "--add-modules", String.join(",", modules),
                "--strip-debug", "--no-man-pages", "--no-header-files", "--compress", compress,
                "--output", out.toString()));
        Tools.exec(args, "jlink comes with the JDK that runs the build (" + System.getProperty("java.home") + ")");
        Path libjvm = out.resolve("lib/server/libjvm.so");
        long before = size(libjvm);
        if (strip) {
            Tools.exec(List.of("strip", "--strip-unneeded", libjvm.toString()),
                    "strip comes with binutils (apt-get install binutils), or build with strip off");
        }
        return new Linked(out, before, size(libjvm));
    }

    private static String jlinkExecutable() {
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        if (!Files.isExecutable(jlink)) {
            throw new BuildException("no jlink in " + jlink.getParent() + "; run the build on a full JDK 25 (e.g. Temurin 25), not a JRE");
        }
        return jlink.toString();
    }

    static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            throw new BuildException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}

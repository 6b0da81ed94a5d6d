package dev.kiln.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shrinking stage: ProGuard (shrink only: no obfuscation, no optimisation) over the packed
 * application jars, keeping what the main class reaches. Each input jar gives one output jar of the
 * same name, rewritten with sorted entries and fixed times ({@link AppPacker#normalise}).
 *
 * <p>What ProGuard keeps, and the library it links against: {@link ShrinkRules}.
 *
 * <p>ProGuard runs from the build's class path ({@link #runProGuard}); proguard-base and
 * proguard-core split packages, so they cannot be named modules, and Kiln does not compile against them.
 */
final class Shrinker {
    /** What {@link #shrink} did. */
    record Result(List<String> jars, String tool, long bytesBefore, long bytesAfter, int classesBefore, int classesAfter) {}

    private Shrinker() {}

    /**
     * Packs the spec's class path into a scratch directory and shrinks it into {@code appDir}.
     *
     * @return the result; the shrunk jars' names (class-path order) are {@link Result#jars}
     */
    static Result packAndShrink(ImageSpec spec, Path runtime, List<String> modules, Path appDir) throws IOException {
        Path work = Files.createTempDirectory("kiln-shrink");
        try {
            List<String> jars = AppPacker.pack(spec.classPath(), work.resolve("unshrunk"));
            return shrink(work.resolve("unshrunk"), jars, spec.mainClass(), runtime, modules, appDir, work);
        } finally {
            try (var s = Files.walk(work)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /**
     * @param inDir   the packed, unshrunk jars ({@link AppPacker#pack})
     * @param jars    their file names, in class-path order; the shrunk jars get the same names in {@code outDir}
     * @param runtime the jlink'd runtime whose modules are the library
     */
    static Result shrink(Path inDir, List<String> jars, String mainClass, Path runtime, List<String> modules,
                         Path outDir, Path work) throws IOException {
        String mainFile = mainClass.replace('.', '/') + ".class";
        boolean found = false;
        for (String j : jars) found |= files(inDir.resolve(j)).contains(mainFile);
        if (!found) {
            throw new BuildException("the main class " + mainClass + " is in none of the class-path jars " + jars
                    + "; check --main and --cp");
        }
        Path library = work.resolve("library.jar");
        ShrinkRules.libraryJar(runtime, modules, library);
        List<String> lines = new ArrayList<>();
        for (String j : jars) {
            lines.add("-injars " + quote(inDir.resolve(j)) + "(!module-info.class,!META-INF/versions/*/module-info.class,!META-INF/maven/**)");
            lines.add("-outjars " + quote(outDir.resolve(j)));
        }
        lines.add("-libraryjars " + quote(library));
        lines.addAll(ShrinkRules.rules(mainClass, inDir, jars, work));
        Path config = work.resolve("proguard.pro");
        Files.writeString(config, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        Files.createDirectories(outDir);
        String version = runProGuard(config);
        List<String> kept = new ArrayList<>(); // a jar the appliance uses nothing of is left out
        for (String j : jars) {
            Path o = outDir.resolve(j);
            if (Files.exists(o) && files(o).stream().anyMatch(n -> !n.equals("META-INF/MANIFEST.MF"))) {
                AppPacker.normalise(o);
                kept.add(j);
            } else {
                Files.deleteIfExists(o);
            }
        }
        return new Result(List.copyOf(kept), "ProGuard " + version + " (shrink only)", bytes(inDir, jars), bytes(outDir, kept),
                classes(inDir, jars), classes(outDir, kept));
    }

    /**
     * Runs ProGuard from this JVM's class path in a JVM of its own (like jlink, {@link RuntimeLinker}):
     * its log4j output is captured instead of landing on our standard output, and no state
     * carries from one build to the next.
     *
     * @return ProGuard's version
     */
    private static String runProGuard(Path config) throws IOException {
        try {
            Class.forName("proguard.ProGuard", false, Shrinker.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new BuildException("ProGuard (com.guardsquare:proguard-base) is not on the class path of the build;"
                    + " run the builder with kiln-build's runtime dependencies, or build with shrinking off (--no-shrink)", e);
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Path log = config.resolveSibling("proguard.log");
        Process p = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "proguard.ProGuard", "@" + config).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new BuildException("ProGuard did not finish in 10 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted while ProGuard was shrinking the application", e);
        }
        List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            List<String> shown = out.stream().filter(l -> !l.startsWith("Note:")).distinct().limit(30).toList();
            throw new BuildException("ProGuard could not shrink the application (exit " + p.exitValue() + "):\n  "
                    + String.join("\n  ", shown) + (out.size() > shown.size() ? "\n  … (" + out.size() + " lines)" : "")
                    + "\nA class the appliance needs is missing from its class path, or is reached only by reflection:"
                    + " add the jar, ship keep rules in META-INF/proguard/*.pro of the jar that reflects, or build with --no-shrink");
        }
        return out.stream().filter(l -> l.startsWith("ProGuard, version ")).map(l -> l.substring(18).strip())
                .findFirst().orElse("?");
    }

    /** The version of the proguard-base jar on the class path (its manifest), or "none". */
    static String version() {
        try {
            Package p = Class.forName("proguard.ProGuard", false, Shrinker.class.getClassLoader()).getPackage();
            return p.getImplementationVersion() != null ? p.getImplementationVersion() : "?";
        } catch (ClassNotFoundException e) {
            return "none";
        }
    }

    static String quote(Path p) {
        return "'" + p.toAbsolutePath() + "'";
    }

    static long bytes(Path dir, List<String> jars) throws IOException {
        long n = 0;
        for (String j : jars) n += Files.size(dir.resolve(j));
        return n;
    }

    static int classes(Path dir, List<String> jars) throws IOException {
        int n = 0;
        for (String j : jars) n += (int) files(dir.resolve(j)).stream().filter(e -> e.endsWith(".class") && !e.endsWith("module-info.class")).count();
        return n;
    }

    /** The names of a jar's file entries. */
    static List<String> files(Path jar) throws IOException {
        try (var z = new java.util.zip.ZipFile(jar.toFile())) {
            return z.stream().filter(e -> !e.isDirectory()).map(java.util.zip.ZipEntry::getName).toList();
        }
    }
}

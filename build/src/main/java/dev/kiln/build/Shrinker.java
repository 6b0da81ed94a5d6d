package dev.kiln.build;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shrinking stage: ProGuard (shrink only: no obfuscation, no optimisation) over the packed
 * application jars, keeping what the main class reaches. Each input jar gives one output jar of the
 * same name, rewritten with sorted entries and fixed times ({@link AppPacker#normalise}).
 *
 * <p>Keep rules ({@link #rules}): the main method; {@code values()}/{@code valueOf} of every enum
 * (EnumSet, EnumMap and switch maps call them reflectively); the providers named in
 * {@code META-INF/services}; and any {@code META-INF/proguard/*.pro} a jar ships for its own
 * reflection. Everything the JVM calls back by override — a {@code sun.misc.SignalHandler}
 * lambda, {@code Runnable.run}, {@code toString} — ProGuard keeps because it implements a library
 * method. The library classes are the jlink'd runtime's own modules, read through its {@code jrt:}
 * file system (a JDK 25 without {@code jmods/} is fine).
 *
 * <p>ProGuard runs from the build's class path ({@link #runProGuard}); proguard-base and
 * proguard-core split packages, so they cannot be named modules, and Kiln does not compile against them.
 */
final class Shrinker {
    /** What {@link #shrink} did. */
    record Result(List<String> jars, String tool, long bytesBefore, long bytesAfter, int classesBefore, int classesAfter) {}

    private static final java.util.regex.Pattern CLASS_NAME =
            java.util.regex.Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*");

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
        libraryJar(runtime, modules, library);
        List<String> lines = new ArrayList<>();
        for (String j : jars) {
            lines.add("-injars " + quote(inDir.resolve(j)) + "(!module-info.class,!META-INF/versions/*/module-info.class,!META-INF/maven/**)");
            lines.add("-outjars " + quote(outDir.resolve(j)));
        }
        lines.add("-libraryjars " + quote(library));
        lines.addAll(rules(mainClass, inDir, jars, work));
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

    /** The ProGuard options besides the jars, one a line: keep rules and what to leave alone. */
    static List<String> rules(String mainClass, Path inDir, List<String> jars, Path work) throws IOException {
        if (!CLASS_NAME.matcher(mainClass).matches()) {
            throw new BuildException("main class '" + mainClass + "' is not a Java class name");
        }
        List<String> r = new ArrayList<>(List.of(
                "-dontobfuscate", "-dontoptimize", "-dontnote",
                // the class-file attributes the JVM, reflection on records/sealed types, and stack traces use
                "-keepattributes Signature,InnerClasses,EnclosingMethod,NestHost,NestMembers,PermittedSubclasses,Record,"
                        + "*Annotation*,MethodParameters,Exceptions,SourceFile,LineNumberTable",
                // invokeExact/invoke (FFM downcalls) and VarHandle accessors are signature-polymorphic:
                // ProGuard looks for a method with the call site's exact descriptor and finds none
                "-dontwarn java.lang.invoke.MethodHandle", "-dontwarn java.lang.invoke.VarHandle",
                "-keep class " + mainClass + " { public static void main(java.lang.String[]); }",
                "-keepclassmembers enum * { public static **[] values(); public static ** valueOf(java.lang.String); }"));
        for (String j : jars) {
            try (FileSystem zip = FileSystems.newFileSystem(inDir.resolve(j))) {
                Path services = zip.getPath("/META-INF/services");
                if (Files.isDirectory(services)) {
                    try (var s = Files.list(services)) {
                        for (Path f : s.sorted().toList()) {
                            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                                String c = line.replaceFirst("#.*", "").strip();
                                if (c.isEmpty()) continue;
                                if (!CLASS_NAME.matcher(c).matches()) {
                                    throw new BuildException(j + f + " names '" + c + "', which is not a class name");
                                }
                                r.add("-keep class " + c + " { public <init>(); public static ** provider(); }");
                            }
                        }
                    }
                }
                Path pro = zip.getPath("/META-INF/proguard");
                if (Files.isDirectory(pro)) {
                    try (var s = Files.list(pro)) {
                        for (Path f : s.filter(p -> p.toString().endsWith(".pro")).sorted().toList()) {
                            Path copy = work.resolve(j + "-" + f.getFileName());
                            Files.copy(f, copy);
                            r.add("-include " + quote(copy));
                        }
                    }
                }
            }
        }
        return r;
    }

    /** The runtime's modules as one jar of classes: what the application may link against. */
    static void libraryJar(Path runtime, List<String> modules, Path out) throws IOException {
        try (FileSystem jrt = FileSystems.newFileSystem(URI.create("jrt:/"), Map.of("java.home", runtime.toString()));
             var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(out))) {
            zip.setLevel(0); // read once by ProGuard, then deleted
            for (String m : modules) {
                Path root = jrt.getPath("/modules", m);
                if (!Files.isDirectory(root)) throw new BuildException("the runtime " + runtime + " has no module " + m);
                List<Path> classes;
                try (var s = Files.walk(root)) {
                    classes = s.filter(p -> p.toString().endsWith(".class") && !p.getFileName().toString().equals("module-info.class"))
                            .sorted().toList();
                }
                for (Path c : classes) {
                    zip.putNextEntry(new java.util.zip.ZipEntry(root.relativize(c).toString()));
                    zip.write(Files.readAllBytes(c));
                    zip.closeEntry();
                }
            }
        }
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

    private static String quote(Path p) {
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

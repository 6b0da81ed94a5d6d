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
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * What ProGuard is told ({@link Shrinker}). Keep rules: the main method; {@code values()}/{@code
 * valueOf} of every enum (EnumSet, EnumMap and switch maps call them reflectively); the providers
 * named in {@code META-INF/services}; and any {@code META-INF/proguard/*.pro} a jar ships for its
 * own reflection. Everything the JVM calls back by override — a {@code sun.misc.SignalHandler}
 * lambda, {@code Runnable.run}, {@code toString} — ProGuard keeps because it implements a library
 * method. The library: the jlink'd runtime's own modules, read through its {@code jrt:} file
 * system (a JDK 25 without {@code jmods/} is fine).
 */
final class ShrinkRules {
    private static final Pattern CLASS_NAME = Pattern.compile("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}.$]*");

    private ShrinkRules() {}

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
                            r.add("-include " + Shrinker.quote(copy));
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
             var zip = new ZipOutputStream(Files.newOutputStream(out))) {
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
                    zip.putNextEntry(new ZipEntry(root.relativize(c).toString()));
                    zip.write(Files.readAllBytes(c));
                    zip.closeEntry();
                }
            }
        }
    }
}

package dev.kiln.configure;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the generated main (javax.tools, in-process) against the appliance's class path and
 * packs it into a jar with fixed entry times, so the same inputs give the same bytes.
 */
public final class MainCompiler {
    /** 2000-01-01T00:00:00Z, the entry time of every generated jar (like the image's tar entries). */
    static final long ENTRY_TIME = 946_684_800_000L;

    private MainCompiler() {}

    /**
     * Compiles {@code source} (a {@code .java} file) and writes {@code jar}, adding {@code resources}
     * (path in jar → bytes). Errors name the generated file and line, and what to check.
     */
    public static void compile(Path source, List<Path> classPath, Path classes, Path jar, Map<String, byte[]> resources,
                               String application) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new ConfigureException(new Problem(source, 0, "no Java compiler in this runtime", "run kiln with a full JDK 25 (JAVA_HOME)"));
        }
        Files.createDirectories(classes);
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, Locale.ROOT, null)) {
            List<String> options = List.of("--release", "25", "-proc:none", "-implicit:none", "-d", classes.toString(),
                    "-cp", String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
            boolean ok = javac.getTask(new StringWriter(), fm, diags, options, null, fm.getJavaFileObjects(source)).call();
            if (!ok) {
                List<Problem> problems = new java.util.ArrayList<>(diags.getDiagnostics().stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .map(d -> new Problem(source, (int) Math.max(0, d.getLineNumber()), d.getMessage(Locale.ROOT).replace('\n', ' '), null))
                        .toList());
                problems.add(new Problem(source, 0, "the generated main does not compile against the application",
                        "check that the appliance is built (mvn install -DskipTests) and that " + application
                                + " has public static start(Appliance, NetStack, ZoneSet) — with the baked inputs the descriptor declares, in this order:"
                                + " ZoneSet for zones=, StaticSite for site=, TlsIdentity for certificate= (e.g. start(Appliance, NetStack, StaticSite, TlsIdentity))"));
                throw new ConfigureException(problems);
            }
        }
        writeJar(classes, jar, resources);
    }

    private static void writeJar(Path classes, Path jar, Map<String, byte[]> resources) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>(resources);
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                entries.put(classes.relativize(f).toString().replace(File.separatorChar, '/'), Files.readAllBytes(f));
            }
        }
        java.util.jar.Manifest mf = new java.util.jar.Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Files.createDirectories(jar.toAbsolutePath().getParent());
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os)) {
            put(out, "META-INF/MANIFEST.MF", toBytes(mf));
            for (var e : entries.entrySet()) put(out, e.getKey(), e.getValue());
        }
    }

    private static byte[] toBytes(java.util.jar.Manifest mf) throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        mf.write(bytes);
        return bytes.toByteArray();
    }

    private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
        JarEntry e = new JarEntry(name);
        e.setTime(ENTRY_TIME);
        out.putNextEntry(e);
        out.write(bytes);
        out.closeEntry();
    }
}

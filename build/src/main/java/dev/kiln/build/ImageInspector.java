package dev.kiln.build;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * What is inside an image, and how big each part is ({@code kiln inspect}): reads an image
 * directory, or its {@code .tar.xz} as a stream (nothing is unpacked to disk). Every file lands in
 * one part: runtime, application, Kiln libraries, baked data, AOT cache, launcher, manifests, other.
 * An {@code app/} jar is the application if it holds the main class or any class outside
 * {@code dev.kiln} (or in {@code dev.kiln.examples}); otherwise it is a Kiln library.
 */
public final class ImageInspector {
    /** An application jar: its name in {@code app/}, bytes, classes, and whether it is a Kiln library. */
    public record Jar(String name, long bytes, int classes, boolean kiln) {}

    /**
     * @param source   what was read (directory or .tar.xz)
     * @param shipped  bytes of the .tar.xz (the one read, or the directory's sibling), or -1 if none
     * @param parts    bytes per part, in display order (see {@link #PARTS}); {@code runtime.*} rows break the runtime down
     * @param jars     the {@code app/} jars in name (class-path) order
     * @param data     what each baked site or TLS identity holds, by file ({@code data/site.ksite} → {@code 4 files})
     */
    public record Report(Path source, long shipped, Map<String, String> manifest, Map<String, String> aot,
                         Map<String, Long> parts, List<Jar> jars, Map<String, String> data) {
        public long total() {
            return PARTS.stream().mapToLong(p -> parts.getOrDefault(p, 0L)).sum();
        }

        /** Application, Kiln libraries and baked data: what this appliance adds to a runtime. */
        public long applianceSpecific() {
            return parts.get("application") + parts.get("kiln libraries") + parts.get("baked data");
        }

        public List<String> modules() {
            String m = manifest.getOrDefault("jdk.modules", "");
            return m.isEmpty() ? List.of() : List.of(m.split(","));
        }
    }

    /** The parts every file is counted in, in display order. */
    public static final List<String> PARTS = List.of("runtime", "application", "kiln libraries", "baked data",
            "AOT cache", "launcher", "manifests", "other");

    private static final long MAX_TEXT = 1 << 20; // manifests are small; a bigger one is not ours
    private static final long DATA_DESCRIBED_MAX = 256L << 20;

    /** One line on a baked site ({@code 4 files}) or TLS identity ({@code CN=…, valid until …}); never the key. */
    static String describe(String rel, byte[] bytes) {
        try {
            if (rel.endsWith(".ksite")) return dev.kiln.http.site.StaticSite.load(bytes).fileCount() + " files";
            var id = dev.kiln.http.tls.TlsIdentity.load(bytes);
            return id.key().getAlgorithm() + " key, " + id.chain().size() + " certificate(s): " + id.certificate().getSubjectX500Principal().getName()
                    + ", valid until " + id.certificate().getNotAfter().toInstant();
        } catch (RuntimeException e) {
            return "does not load: " + e.getMessage();
        }
    }

    private ImageInspector() {}

    /** Inspects an image directory or an image {@code .tar.xz}. */
    public static Report inspect(Path path) {
        try {
            if (Files.isDirectory(path)) return fromDirectory(path);
            if (Files.isRegularFile(path) && path.getFileName().toString().endsWith(".tar.xz")) return fromTarXz(path);
        } catch (IOException | IllegalArgumentException e) { // IAE: a malformed zip entry name or Unicode escape
            throw new BuildException("cannot read the image " + path + ": " + e.getMessage() + "\n" + WHAT_AN_IMAGE_IS, e);
        }
        throw new BuildException((Files.exists(path) ? path + " is not a Kiln image" : path + " does not exist") + "\n" + WHAT_AN_IMAGE_IS);
    }

    static final String WHAT_AN_IMAGE_IS = "  An image is a directory with manifest.properties, bin/appliance, runtime/, app/ and data/,"
            + " or the NAME.tar.xz built beside it.\n  Build one with: java -cp … dev.kiln.build.Main build --cp JARS --main CLASS"
            + " --data zones.kzone --out DIR (see build/README.md).";

    private static Report fromDirectory(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(Manifest.FILE))) {
            throw new BuildException(dir + " is not a Kiln image: it has no " + Manifest.FILE + "\n" + WHAT_AN_IMAGE_IS);
        }
        Collector c = new Collector();
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            // symlinks (the runtime's legal/ notices) are links in the .tar.xz too, not file bytes
            files = s.filter(f -> Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
        for (Path f : files) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(f))) {
                c.file(AppPacker.rel(dir, f), Files.size(f), in);
            }
        }
        Path tar = dir.resolveSibling(dir.getFileName() + ".tar.xz");
        return c.report(dir, Files.isRegularFile(tar) ? Files.size(tar) : -1);
    }

    private static Report fromTarXz(Path tarXz) throws IOException {
        Collector c = new Collector();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(Files.newInputStream(tarXz))))) {
            for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                if (!e.isFile()) continue;
                String name = e.getName();
                int slash = name.indexOf('/'); // every entry is under NAME/
                c.file(slash < 0 ? name : name.substring(slash + 1), e.getSize(), new FilterInputStream(tar) {
                    @Override
                    public void close() {} // the next entry is still to be read
                });
            }
        }
        if (c.manifest.isEmpty()) {
            throw new BuildException(tarXz + " is not a Kiln image: it has no NAME/" + Manifest.FILE + "\n" + WHAT_AN_IMAGE_IS);
        }
        return c.report(tarXz, Files.size(tarXz));
    }

    /** Sorts files into parts; reads the manifests and counts the classes of app jars as they stream by. */
    private static final class Collector {
        final Map<String, Long> parts = new LinkedHashMap<>();
        Map<String, String> manifest = Map.of(), aot = Map.of();
        final List<Jar> jars = new ArrayList<>();
        final Map<String, List<String>> jarClasses = new TreeMap<>();
        final Map<String, Long> jarBytes = new TreeMap<>();

        final Map<String, String> data = new TreeMap<>();

        Collector() {
            PARTS.forEach(p -> parts.put(p, 0L));
            List.of("runtime.libjvm", "runtime.modules").forEach(p -> parts.put(p, 0L));
        }

        void file(String rel, long size, InputStream in) throws IOException {
            String part;
            if (rel.startsWith("runtime/")) {
                part = "runtime";
                if (rel.equals("runtime/lib/server/libjvm.so")) parts.merge("runtime.libjvm", size, Long::sum);
                if (rel.equals("runtime/lib/modules")) parts.merge("runtime.modules", size, Long::sum);
            } else if (rel.startsWith("app/") && rel.endsWith(".jar") && rel.indexOf('/', 4) < 0) {
                part = "application"; // settled in report(), once the main class is known
                jarBytes.put(rel.substring(4), size);
                jarClasses.put(rel.substring(4), classes(in));
            } else if (rel.startsWith(LauncherScript.DATA_DIR + "/")) {
                part = "baked data";
                parts.merge(rel, size, Long::sum); // one row per file: data/site.ksite, data/tls.ktls, …
                if ((rel.endsWith(".ksite") || rel.endsWith(".ktls")) && size <= DATA_DESCRIBED_MAX) data.put(rel, describe(rel, in.readAllBytes()));
            } else if (rel.equals(LauncherScript.AOT_FILE)) {
                part = "AOT cache";
            } else if (rel.equals(LauncherScript.PATH)) {
                part = "launcher";
            } else if (rel.equals(Manifest.FILE) || rel.equals(Manifest.AOT_FILE)) {
                part = "manifests";
                if (size > MAX_TEXT) throw new BuildException(rel + " is " + size + " bytes: not a Kiln manifest");
                Properties p = new Properties();
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                Map<String, String> m = new TreeMap<>();
                p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
                if (rel.equals(Manifest.FILE)) manifest = m;
                else aot = m;
            } else {
                part = "other";
            }
            if (!part.equals("application")) parts.merge(part, size, Long::sum);
        }

        Report report(Path source, long shipped) {
            String mainFile = manifest.getOrDefault("main.class", "").replace('.', '/') + ".class";
            jarClasses.forEach((name, classes) -> {
                boolean kiln = !classes.contains(mainFile) && classes.stream()
                        .allMatch(c -> c.startsWith("dev/kiln/") && !c.startsWith("dev/kiln/examples/"));
                long bytes = jarBytes.get(name);
                jars.add(new Jar(name, bytes, classes.size(), kiln));
                parts.merge(kiln ? "kiln libraries" : "application", bytes, Long::sum);
            });
            return new Report(source, shipped, manifest, aot, parts, List.copyOf(jars), Map.copyOf(data));
        }
    }

    /** The class entries of a jar read as a stream (module-info not counted). */
    static List<String> classes(InputStream jar) throws IOException {
        List<String> out = new ArrayList<>();
        ZipInputStream z = new ZipInputStream(jar); // not closed: that would close the tar stream
        for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
            String n = e.getName();
            if (n.endsWith(".class") && !n.endsWith("module-info.class")) out.add(n);
        }
        return out;
    }
}

package dev.kiln.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Puts the application's class path into the image's {@code app/}: jars copied, class directories jarred reproducibly. */
final class AppPacker {
    /** The fixed timestamp of every entry we write (2000-01-01T00:00:00Z), for reproducible output. */
    static final FileTime FIXED_TIME = FileTime.fromMillis(946_684_800_000L);

    private AppPacker() {}

    /** @return file names in {@code appDir}, in class-path order */
    static List<String> pack(List<Path> classPath, Path appDir) throws IOException {
        Files.createDirectories(appDir);
        List<String> names = new ArrayList<>();
        int i = 0;
        for (Path entry : classPath) {
            i++;
            String name;
            if (Files.isDirectory(entry)) {
                name = String.format("%02d-%s.jar", i, dirName(entry));
                jarDirectory(entry, appDir.resolve(name));
            } else if (Files.isRegularFile(entry) && entry.toString().endsWith(".jar")) {
                name = String.format("%02d-%s", i, entry.getFileName());
                Files.copy(entry, appDir.resolve(name));
            } else {
                throw new BuildException("class-path entry " + entry + " is neither a jar nor a directory of classes;"
                        + " build the appliance first (mvn install -DskipTests)");
            }
            names.add(name);
        }
        return names;
    }

    /** {@code .../examples/dns/target/classes} → {@code dns}; otherwise the directory's own name. */
    private static String dirName(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (abs.getFileName().toString().equals("classes") && abs.getParent() != null
                && abs.getParent().getFileName().toString().equals("target") && abs.getParent().getParent() != null) {
            return abs.getParent().getParent().getFileName().toString();
        }
        return abs.getFileName().toString();
    }

    static void jarDirectory(Path dir, Path jar) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).sorted((a, b) -> rel(dir, a).compareTo(rel(dir, b))).toList();
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (Path f : files) put(zip, rel(dir, f), Files.readAllBytes(f));
        }
    }

    /** Rewrites a jar in place with its file entries sorted by name and fixed times (directory entries dropped). */
    static void normalise(Path jar) throws IOException {
        // the manifest first, as JarInputStream expects; then by name
        TreeMap<String, byte[]> entries = new TreeMap<>(java.util.Comparator.comparing((String n) -> !n.equals("META-INF/MANIFEST.MF"))
                .thenComparing(java.util.Comparator.naturalOrder()));
        try (ZipFile z = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                if (e.isDirectory()) continue;
                try (InputStream in = z.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
            for (var e : entries.entrySet()) put(zip, e.getKey(), e.getValue());
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTimeLocal(java.time.LocalDateTime.of(2000, 1, 1, 0, 0)); // DOS time only: no zone, no extra field
        zip.putNextEntry(e);
        zip.write(bytes);
        zip.closeEntry();
    }

    static String rel(Path base, Path p) {
        return base.relativize(p).toString().replace('\\', '/');
    }
}

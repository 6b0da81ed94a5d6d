package dev.kiln.site.compiler;

import dev.kiln.http.site.SiteFile;
import dev.kiln.http.site.SiteImageException;
import dev.kiln.http.site.SiteImageWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build time: a directory of files → a baked site image ({@code .ksite}) that
 * {@link dev.kiln.http.site.StaticSite#load} serves. Every regular file below the directory is served at
 * its relative path; names starting with '.' (.git, .DS_Store) are left out; symbolic links are refused
 * (the image must not depend on what they point at). Text-like files get a gzip variant when it is
 * smaller. A precompressed {@code X.br} or {@code X.gz} beside {@code X} becomes X's br or gzip variant
 * (nginx's {@code brotli_static}/{@code gzip_static}) and is not served at its own path; it must decode
 * to X's exact bytes or the build stops ({@link Precompressed}). An {@code X.br} without an {@code X}
 * is an ordinary file. Last-Modified is {@link Options#lastModified} for every file (reproducible), or each file's
 * mtime when that is -1.
 *
 * <pre>java -p … -m kiln.site.compiler/dev.kiln.site.compiler.SiteCompiler SITE_DIR OUT.ksite [--last-modified EPOCH_SECONDS]</pre>
 * Without --last-modified, SOURCE_DATE_EPOCH is used if set, else mtimes.
 */
public final class SiteCompiler {
    private SiteCompiler() {}

    /**
     * @param lastModified   seconds since the epoch for every file's Last-Modified, or -1 for mtimes
     * @param fileCountMax   most files in one site
     * @param totalBytesMax  most bytes of content (before compression)
     */
    public record Options(long lastModified, int fileCountMax, long totalBytesMax) {
        public static final Options DEFAULTS = new Options(-1, 100_000, 512L << 20);
        public Options withLastModified(long epochSeconds) { return new Options(epochSeconds, fileCountMax, totalBytesMax); }
    }

    /** What was baked. */
    /** The baked image, its size and what it holds; {@code paths} are the files' URL paths, in site order. */
    public record Baked(Path image, long bytes, int files, int gzipped, int brotli, List<String> paths) {
        public Baked {
            paths = List.copyOf(paths);
        }
    }

    /** Reads and checks the site; every problem at once. */
    public static List<SiteFile> read(Path dir, Options o) {
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(dir)) throw new SiteCompileException(List.of(dir + ": not a directory — give the folder that holds the site, e.g. site/"));
        List<Path> paths;
        try (Stream<Path> s = Files.walk(dir)) {
            paths = s.filter(p -> !p.equals(dir)).filter(p -> !hidden(dir, p)).sorted().toList();
        } catch (IOException e) {
            throw new SiteCompileException(List.of(dir + ": cannot list the site: " + e.getMessage() + " — check permissions"));
        }
        Map<Path, byte[]> contents = new LinkedHashMap<>();
        long total = 0;
        for (Path p : paths) {
            if (Files.isSymbolicLink(p)) { problems.add(p + ": symbolic links are not baked — copy the file into the site instead"); continue; }
            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) { problems.add(p + ": not a regular file — remove it from the site"); continue; }
            if (contents.size() >= o.fileCountMax()) { problems.add(dir + ": more than " + o.fileCountMax() + " files — raise fileCountMax or trim the site"); break; }
            try {
                byte[] data = Files.readAllBytes(p);
                total += data.length;
                if (total > o.totalBytesMax()) { problems.add(dir + ": more than " + o.totalBytesMax() + " bytes of content — raise totalBytesMax or trim the site"); break; }
                contents.put(p, data);
            } catch (IOException e) {
                problems.add(p + ": cannot read: " + e.getMessage() + " — check permissions");
            }
        }
        List<SiteFile> files = new ArrayList<>();
        for (Map.Entry<Path, byte[]> e : contents.entrySet()) {
            Path p = e.getKey();
            if (sidecarOf(p, contents) != null) continue; // baked as its file's variant below
            byte[] data = e.getValue();
            String url = "/" + dir.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
            String type = ContentTypes.of(p.getFileName().toString());
            long lm;
            try {
                lm = o.lastModified() >= 0 ? o.lastModified() : Files.getLastModifiedTime(p).toMillis() / 1000;
            } catch (IOException x) {
                problems.add(p + ": cannot read its time: " + x.getMessage() + " — check permissions");
                continue;
            }
            byte[] gz = given(p, Precompressed.GZ, contents, problems);
            if (gz == null && ContentTypes.compressible(type) && data.length >= 64) {
                gz = Gzip.compress(data);
                if (gz.length > data.length - data.length / 10) gz = null;     // under 10% saved: not worth a variant
            }
            files.add(new SiteFile(url, type, lm, data, gz, given(p, Precompressed.BR, contents, problems)));
        }
        if (files.isEmpty() && problems.isEmpty()) problems.add(dir + ": no files to serve — add an index.html");
        if (!problems.isEmpty()) throw new SiteCompileException(problems);
        return files;
    }

    /** Reads, checks and writes the image to {@code out}. */
    public static Baked bake(Path dir, Path out, Options o) {
        List<SiteFile> files = read(dir, o);
        byte[] image;
        try {
            image = SiteImageWriter.write(files);
        } catch (SiteImageException e) {
            throw new SiteCompileException(List.of(dir + ": " + e.getMessage()));
        }
        try {
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            Files.write(out, image);
        } catch (IOException e) {
            throw new SiteCompileException(List.of(out + ": cannot write the site image: " + e.getMessage() + " — check the directory"));
        }
        return new Baked(out, image.length, files.size(), (int) files.stream().filter(f -> f.gzip() != null).count(),
                (int) files.stream().filter(f -> f.brotli() != null).count(), files.stream().map(SiteFile::path).toList());
    }

    /** The file {@code p} is a precompressed variant of ({@code X} for {@code X.br} or {@code X.gz} when X is in the site), or null. */
    static Path sidecarOf(Path p, Map<Path, byte[]> contents) {
        String name = p.getFileName().toString();
        Precompressed c = Precompressed.of(name);
        if (c == null) return null;
        Path original = p.resolveSibling(name.substring(0, name.length() - c.suffix.length()));
        return contents.containsKey(original) && Precompressed.of(original.getFileName().toString()) == null ? original : null;
    }

    /** The checked bytes of {@code p}'s precompressed sidecar in coding {@code c}, or null if there is none or it is wrong (a problem then). */
    private static byte[] given(Path p, Precompressed c, Map<Path, byte[]> contents, List<String> problems) {
        if (Precompressed.of(p.getFileName().toString()) != null) return null; // X.gz.br is a file of its own
        Path side = p.resolveSibling(p.getFileName() + c.suffix);
        byte[] coded = contents.get(side);
        if (coded == null) return null;
        String problem = c.check(side.toString(), coded, p.getFileName().toString(), contents.get(p));
        if (problem == null) return coded;
        problems.add(problem);
        return null;
    }

    private static boolean hidden(Path root, Path p) {
        for (Path part : root.relativize(p)) if (part.toString().startsWith(".")) return true;
        return false;
    }

    public static void main(String[] args) {
        if (args.length != 2 && !(args.length == 4 && args[2].equals("--last-modified"))) {
            System.err.println("usage: SiteCompiler SITE_DIR OUT.ksite [--last-modified EPOCH_SECONDS]");
            System.exit(2);
        }
        Options o = Options.DEFAULTS;
        String fixed = args.length == 4 ? args[3] : System.getenv("SOURCE_DATE_EPOCH");
        if (fixed != null && !fixed.isEmpty()) {
            try {
                o = o.withLastModified(Long.parseLong(fixed));
            } catch (NumberFormatException e) {
                System.err.println("--last-modified / SOURCE_DATE_EPOCH '" + fixed + "' is not a number of seconds since 1970, e.g. 1767225600");
                System.exit(2);
            }
        }
        try {
            Baked b = bake(Path.of(args[0]), Path.of(args[1]), o);
            System.out.println("baked " + b.files() + " files (" + b.gzipped() + " with gzip, " + b.brotli() + " with br) into " + b.image() + ", " + b.bytes() + " bytes");
        } catch (SiteCompileException e) {
            e.problems().forEach(System.err::println);
            System.exit(1);
        }
    }
}

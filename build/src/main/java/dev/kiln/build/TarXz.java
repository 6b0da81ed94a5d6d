package dev.kiln.build;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.XZOutputStream;

/**
 * A reproducible {@code .tar.xz} of a directory: entries sorted by path, every mtime fixed
 * (2000-01-01), owner root:root (0:0), modes 0755 (directories, executables) or 0644,
 * POSIX (PAX) headers for long names, single-threaded xz.
 */
public final class TarXz {
    private TarXz() {}

    /**
     * @param prefix top directory inside the archive (e.g. the appliance name)
     * @param skip   relative paths to leave out
     */
    public static void write(Path dir, String prefix, Path out, int preset, boolean extreme, Predicate<String> skip) throws IOException {
        LZMA2Options opts;
        try {
            opts = new LZMA2Options(preset);
        } catch (UnsupportedOptionsException e) {
            throw new BuildException("xz preset " + preset + " is not supported: " + e.getMessage(), e);
        }
        if (extreme) { // what xz -Ne changes: a longer match finder search
            opts.setNiceLen(LZMA2Options.NICE_LEN_MAX);
            opts.setDepthLimit(512);
        }
        List<Path> paths;
        try (Stream<Path> s = Files.walk(dir)) {
            paths = s.filter(p -> !p.equals(dir))
                    .sorted((a, b) -> AppPacker.rel(dir, a).compareTo(AppPacker.rel(dir, b))).toList();
        }
        try (OutputStream fo = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
             XZOutputStream xz = new XZOutputStream(fo, opts);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(xz, "UTF-8")) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            tar.putArchiveEntry(dirEntry(prefix + "/"));
            tar.closeArchiveEntry();
            for (Path p : paths) {
                String rel = AppPacker.rel(dir, p);
                if (skip.test(rel)) continue;
                String name = prefix + "/" + rel;
                if (Files.isSymbolicLink(p)) {
                    TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                    fix(e, 0777);
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    tar.putArchiveEntry(dirEntry(name + "/"));
                    tar.closeArchiveEntry();
                } else {
                    TarArchiveEntry e = new TarArchiveEntry(name);
                    e.setSize(Files.size(p));
                    fix(e, Files.isExecutable(p) ? 0755 : 0644);
                    tar.putArchiveEntry(e);
                    Files.copy(p, tar);
                    tar.closeArchiveEntry();
                }
            }
            tar.finish();
        }
    }

    private static TarArchiveEntry dirEntry(String name) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        fix(e, 0755);
        return e;
    }

    private static void fix(TarArchiveEntry e, int perm) {
        e.setMode((e.isDirectory() ? TarArchiveEntry.DEFAULT_DIR_MODE : e.isSymbolicLink() ? 0120000 : 0100000) & ~07777 | perm);
        e.setModTime(AppPacker.FIXED_TIME);
        e.setUserId(0);
        e.setGroupId(0);
        e.setUserName("root");
        e.setGroupName("root");
    }
}

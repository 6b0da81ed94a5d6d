package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

class TarXzTest {
    @TempDir Path tmp;

    private Path tree(String name, long mtimeMillis) throws IOException {
        Path d = tmp.resolve(name);
        Files.createDirectories(d.resolve("bin"));
        Files.createDirectories(d.resolve("data/deep/" + "x".repeat(120))); // a name beyond ustar's 100 bytes
        Files.writeString(d.resolve("bin/appliance"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(d.resolve("bin/appliance"), PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(d.resolve("data/zones.kzone"), "zones");
        Files.writeString(d.resolve("data/deep/" + "x".repeat(120) + "/f"), "deep");
        Files.writeString(d.resolve("a.txt"), "a");
        try (var s = Files.walk(d)) {
            for (Path p : s.toList()) Files.setLastModifiedTime(p, FileTime.fromMillis(mtimeMillis));
        }
        return d;
    }

    @Test
    void sameTreeGivesSameBytesWhateverTheFileTimes() throws IOException {
        Path a = tree("a", 1_000_000_000_000L), b = tree("b", 1_700_000_000_000L);
        TarXz.write(a, "img", tmp.resolve("a.tar.xz"), 1, false, rel -> false);
        TarXz.write(b, "img", tmp.resolve("b.tar.xz"), 1, false, rel -> false);
        assertArrayEquals(Files.readAllBytes(tmp.resolve("a.tar.xz")), Files.readAllBytes(tmp.resolve("b.tar.xz")));
    }

    @Test
    void entriesAreSortedOwnedByRootWithFixedTimeAndNormalisedModes() throws IOException {
        TarXz.write(tree("t", 1_234_000L), "img", tmp.resolve("t.tar.xz"), 0, false, rel -> rel.equals("a.txt"));
        List<String> names = new ArrayList<>();
        try (var in = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(Files.newInputStream(tmp.resolve("t.tar.xz")))))) {
            for (TarArchiveEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
                assertEquals(0, e.getLongUserId());
                assertEquals("root", e.getUserName());
                assertEquals(AppPacker.FIXED_TIME.toMillis(), e.getModTime().getTime(), e.getName());
                int perm = e.getMode() & 07777;
                if (e.isDirectory() || e.getName().equals("img/bin/appliance")) assertEquals(0755, perm, e.getName());
                else assertEquals(0644, perm, e.getName());
            }
        }
        String deep = "img/data/deep/" + "x".repeat(120) + "/";
        assertEquals(List.of("img/", "img/bin/", "img/bin/appliance", "img/data/", "img/data/deep/", deep, deep + "f",
                "img/data/zones.kzone"), names);
    }
}

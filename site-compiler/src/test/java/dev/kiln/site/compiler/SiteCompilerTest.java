package dev.kiln.site.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.http.site.SiteFile;
import dev.kiln.http.site.StaticSite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteCompilerTest {
    static final long FIXED = 1_767_225_600L;

    static Path site(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("docs"));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve("index.html"), "<!doctype html><title>kiln</title>" + "<p>hello</p>".repeat(50));
        Files.writeString(dir.resolve("docs/index.html"), "<p>docs</p>");
        Files.writeString(dir.resolve("docs/a b.css"), "body { color: red; }\n".repeat(20));
        Files.write(dir.resolve("logo.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        Files.writeString(dir.resolve(".git/config"), "secret");
        Files.writeString(dir.resolve(".hidden"), "x");
        return dir;
    }

    @Test
    void readsTypesGzipAndLeavesDotFilesOut(@TempDir Path tmp) throws IOException {
        List<SiteFile> files = SiteCompiler.read(site(tmp), SiteCompiler.Options.DEFAULTS.withLastModified(FIXED));
        assertEquals(List.of("/docs/a b.css", "/docs/index.html", "/index.html", "/logo.png"), files.stream().map(SiteFile::path).toList());
        SiteFile css = files.getFirst();
        assertEquals("text/css; charset=utf-8", css.contentType());
        assertEquals(FIXED, css.lastModified());
        assertNotNull(css.gzip());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(css.gzip()))) {
            assertArrayEquals(css.identity(), in.readAllBytes(), "the gzip variant decompresses to the file");
        }
        assertNull(files.get(1).gzip(), "tiny files get no gzip variant");
        assertNull(files.get(3).gzip(), "PNG is not compressed again");
        assertEquals("image/png", files.get(3).contentType());
    }

    @Test
    void bakingIsReproducibleAndTheImageLoads(@TempDir Path tmp) throws IOException {
        Path dir = site(tmp.resolve("site"));
        SiteCompiler.Baked a = SiteCompiler.bake(dir, tmp.resolve("a.ksite"), SiteCompiler.Options.DEFAULTS.withLastModified(FIXED));
        Files.setLastModifiedTime(dir.resolve("index.html"), FileTime.fromMillis(0));
        SiteCompiler.bake(dir, tmp.resolve("b.ksite"), SiteCompiler.Options.DEFAULTS.withLastModified(FIXED));
        assertArrayEquals(Files.readAllBytes(a.image()), Files.readAllBytes(tmp.resolve("b.ksite")), "a fixed time ignores mtimes");
        assertEquals(4, a.files());
        assertEquals(2, a.gzipped());
        StaticSite s = StaticSite.load(Files.readAllBytes(a.image()));
        assertTrue(s.contains("/") && s.contains("/docs/") && s.contains("/docs") && s.contains("/docs/a b.css"));
        assertEquals(4, s.fileCount());
        List<SiteFile> mtimes = SiteCompiler.read(dir, SiteCompiler.Options.DEFAULTS);
        assertEquals(0, mtimes.stream().filter(f -> f.path().equals("/index.html")).findFirst().orElseThrow().lastModified());
    }

    @Test
    void problemsNameTheFileAndTheFix(@TempDir Path tmp) throws IOException {
        Path dir = site(tmp.resolve("site"));
        Files.createSymbolicLink(dir.resolve("link.html"), dir.resolve("index.html"));
        SiteCompileException e = assertThrows(SiteCompileException.class, () -> SiteCompiler.read(dir, SiteCompiler.Options.DEFAULTS));
        assertEquals(List.of(dir.resolve("link.html") + ": symbolic links are not baked — copy the file into the site instead"), e.problems());
        Files.delete(dir.resolve("link.html"));
        assertTrue(assertThrows(SiteCompileException.class, () -> SiteCompiler.read(dir, new SiteCompiler.Options(-1, 2, 1 << 20)))
                .getMessage().contains("more than 2 files — raise fileCountMax"));
        assertTrue(assertThrows(SiteCompileException.class, () -> SiteCompiler.read(tmp.resolve("none"), SiteCompiler.Options.DEFAULTS))
                .getMessage().contains("not a directory"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertTrue(assertThrows(SiteCompileException.class, () -> SiteCompiler.read(empty, SiteCompiler.Options.DEFAULTS))
                .getMessage().contains("no files to serve — add an index.html"));
    }
}

package dev.kiln.site.compiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.http.site.SiteFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Precompressed X.br / X.gz beside X: baked as X's variants after a build-time decode check. */
class PrecompressedTest {
    /** page.html and page.html.br, made with Debian's brotli 1.0.9 ({@code brotli -k page.html}). */
    static final Path FIXTURE = Path.of("src/test/resources/dev/kiln/site/compiler/brotli");

    static Path site(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String f : List.of("page.html", "page.html.br")) Files.copy(FIXTURE.resolve(f), dir.resolve(f));
        return dir;
    }

    static SiteFile file(List<SiteFile> files, String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst().orElseThrow(() -> new AssertionError(path + " not in " + files));
    }

    @Test
    void aBrBesideItsFileIsBakedAsItsBrVariantAndNotServedAlone(@TempDir Path tmp) throws IOException {
        Path dir = site(tmp.resolve("site"));
        List<SiteFile> files = SiteCompiler.read(dir, SiteCompiler.Options.DEFAULTS.withLastModified(SiteCompilerTest.FIXED));
        assertEquals(List.of("/page.html"), files.stream().map(SiteFile::path).toList());
        assertArrayEquals(Files.readAllBytes(dir.resolve("page.html.br")), files.getFirst().brotli());
        assertTrue(files.getFirst().gzip() != null, "the gzip variant is still made");
        SiteCompiler.Baked b = SiteCompiler.bake(dir, tmp.resolve("s.ksite"), SiteCompiler.Options.DEFAULTS.withLastModified(SiteCompilerTest.FIXED));
        assertEquals(1, b.brotli());
        assertEquals(1, b.files());
    }

    @Test
    void aStaleBrStopsTheBuildNamingTheFileAndTheFix(@TempDir Path tmp) throws IOException {
        Path dir = site(tmp.resolve("site"));
        Files.writeString(dir.resolve("page.html"), "<p>edited after compressing</p>\n".repeat(10));
        SiteCompileException e = assertThrows(SiteCompileException.class, () -> SiteCompiler.read(dir, SiteCompiler.Options.DEFAULTS));
        assertEquals(1, e.problems().size(), e.problems().toString());
        String p = e.problems().getFirst();
        assertTrue(p.startsWith(dir.resolve("page.html.br") + ": does not decode to page.html (it gives "), p);
        assertTrue(p.endsWith("— compress it again with brotli -f -k page.html, or delete " + dir.resolve("page.html.br")), p);
    }

    @Test
    void sameLengthButDifferentBytesIsStaleToo(@TempDir Path tmp) throws IOException {
        Path dir = site(tmp.resolve("site"));
        byte[] page = Files.readAllBytes(dir.resolve("page.html"));
        page[page.length / 2] ^= 1;
        Files.write(dir.resolve("page.html"), page);
        SiteCompileException e = assertThrows(SiteCompileException.class, () -> SiteCompiler.read(dir, SiteCompiler.Options.DEFAULTS));
        assertTrue(e.problems().getFirst().contains("bytes that differ from page.html's"), e.problems().toString());
    }

    @Test
    void aCorruptBrOrGzStopsTheBuild(@TempDir Path tmp) throws IOException {
        Path dir = site(tmp.resolve("site"));
        byte[] br = Files.readAllBytes(dir.resolve("page.html.br"));
        Files.write(dir.resolve("page.html.br"), java.util.Arrays.copyOf(br, br.length / 2));
        Files.writeString(dir.resolve("page.html.gz"), "not gzip at all");
        SiteCompileException e = assertThrows(SiteCompileException.class, () -> SiteCompiler.read(dir, SiteCompiler.Options.DEFAULTS));
        assertEquals(2, e.problems().size(), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(dir.resolve("page.html.br") + ": ")), e.problems().toString());
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(dir.resolve("page.html.gz") + ": not a valid GZ stream")
                && p.contains("gzip -f -k -9 page.html")), e.problems().toString());
    }

    @Test
    void aGivenGzReplacesTheMadeOneAndLoneBrAndGzFilesAreServedAsThemselves(@TempDir Path tmp) throws IOException {
        Path dir = site(tmp.resolve("site"));
        byte[] gz = Gzip.compress(Files.readAllBytes(dir.resolve("page.html")));
        gz[9] = 3; // the OS byte: a gzip another tool made, still decoding to the page
        Files.write(dir.resolve("page.html.gz"), gz);
        Files.writeString(dir.resolve("archive.tar.gz"), "an archive to download");
        Files.writeString(dir.resolve("notes.br"), "a file named .br with nothing beside it");
        List<SiteFile> files = SiteCompiler.read(dir, SiteCompiler.Options.DEFAULTS);
        assertEquals(List.of("/archive.tar.gz", "/notes.br", "/page.html"), files.stream().map(SiteFile::path).toList());
        assertArrayEquals(gz, file(files, "/page.html").gzip());
        assertNull(file(files, "/notes.br").brotli());
        assertEquals("a file named .br with nothing beside it", new String(file(files, "/notes.br").identity(), StandardCharsets.UTF_8));
    }
}

package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Jazzer: {@code kiln inspect} on an archive it did not write either reports or fails with a
 * {@link BuildException}, never anything else. The xz layer is made valid so the fuzzer reaches the
 * tar headers (mode 0) or a well-formed tar with a fuzzed manifest and app jar (mode 1).
 */
class ImageInspectorFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void inspectReportsOrSaysWhy(FuzzedDataProvider in) throws IOException {
        byte[] tar = in.consumeBoolean() ? in.consumeRemainingAsBytes()
                : tar(in.consumeString(400), in.consumeBytes(2000), in.consumeRemainingAsBytes());
        Path f = Files.createTempFile("kiln-inspect-fuzz", ".tar.xz");
        try {
            try (XZOutputStream xz = new XZOutputStream(Files.newOutputStream(f), new LZMA2Options(0))) {
                xz.write(tar);
            }
            ImageInspector.Report r = ImageInspector.inspect(f);
            assertTrue(r.total() >= 0);
            assertTrue(InspectText.render(r).contains("manifest.properties:"));
        } catch (BuildException expected) {
            // says what an image is
        } finally {
            Files.deleteIfExists(f);
        }
    }

    private static byte[] tar(String manifest, byte[] jar, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            put(t, "dns/" + Manifest.FILE, manifest.getBytes(StandardCharsets.UTF_8));
            put(t, "dns/app/01-x.jar", jar);
            put(t, "dns/data/zones.kzone", data);
        }
        return out.toByteArray();
    }

    private static void put(TarArchiveOutputStream t, String name, byte[] bytes) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(bytes.length);
        t.putArchiveEntry(e);
        t.write(bytes);
        t.closeArchiveEntry();
    }
}

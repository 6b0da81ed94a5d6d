package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SLOW (four jlink and three ProGuard runs): the same inputs and seed give a byte-identical
 * {@code .tar.xz}, shrunk jars included; another seed, or shrinking off, gives another build id and
 * archive. The AOT cache is left out (a training run is not byte-reproducible; see build/README.md).
 * Skip with {@code -DexcludedGroups=slow}.
 */
@Tag("slow")
class ReproducibleSlowTest {
    @TempDir Path tmp;

    @Test
    void sameInputsAndSeedGiveByteIdenticalImages() throws Exception {
        Path zones = Appliance.bakeZone(tmp);
        ImageSpec spec = ImageSpec.of("dns", Appliance.classPath(), Appliance.MAIN, zones).withSeed(99)
                .withAot(false, 1).withXz(0, false);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        BuiltImage a = ImageBuilder.build(spec, tmp.resolve("a"), quiet);
        BuiltImage b = ImageBuilder.build(spec, tmp.resolve("b"), quiet);
        assertEquals(a.buildId(), b.buildId());
        assertTrue(a.manifest().get("shrink").startsWith("ProGuard"), a.manifest().get("shrink"));
        for (String jar : a.manifest().get("app.jars").split(",")) { // the shrunk jars first: the likeliest to differ
            assertEquals(ImageBuilder.sha256(a.dir().resolve("app").resolve(jar)), ImageBuilder.sha256(b.dir().resolve("app").resolve(jar)), jar);
        }
        assertEquals(a.manifest(), b.manifest());
        assertEquals(ImageBuilder.sha256(a.tarXz()), ImageBuilder.sha256(b.tarXz()), "tar.xz differs between two builds");

        BuiltImage c = ImageBuilder.build(spec.withSeed(100), tmp.resolve("c"), quiet);
        assertNotEquals(a.buildId(), c.buildId());
        Map<String, String> ma = a.manifest(), mc = c.manifest();
        assertNotEquals(ma.get("layout.seed"), mc.get("layout.seed"));
        assertNotEquals(ImageBuilder.sha256(a.tarXz()), ImageBuilder.sha256(c.tarXz()));

        BuiltImage d = ImageBuilder.build(spec.withShrink(false), tmp.resolve("d"), quiet);
        assertNotEquals(a.buildId(), d.buildId());
        assertEquals("off", d.manifest().get("shrink"));
        assertTrue(Long.parseLong(d.manifest().get("size.app.bytes")) > Long.parseLong(a.manifest().get("size.app.bytes")));
    }
}

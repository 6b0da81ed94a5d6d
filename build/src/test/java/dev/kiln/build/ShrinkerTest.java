package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ProGuard over the real DNS appliance's jars, with the building JDK as the library (its {@code jrt:}
 * image stands in for a jlink'd runtime): what the main class reaches stays, the DNS message codec
 * (which the appliance never uses: it answers from bytes) goes, a provider named in
 * {@code META-INF/services} stays, and two runs give the same bytes. About 20 s (two ProGuard runs).
 */
class ShrinkerTest {
    static final Path JDK = Path.of(System.getProperty("java.home"));
    static final List<String> MODULES = List.of("java.base", "jdk.unsupported");

    @TempDir Path tmp;

    /** The appliance's class path plus a directory that only names dev.kiln.platform.Console as a service provider. */
    private List<String> packed(Path dir) throws Exception {
        Path services = tmp.resolve("svc/META-INF/services");
        if (!Files.exists(services)) {
            Files.createDirectories(services);
            Files.writeString(services.resolve("dev.kiln.platform.Console"), "# a provider\ndev.kiln.platform.Console  # only named here\n");
        }
        List<Path> cp = new ArrayList<>(Appliance.classPath());
        cp.add(tmp.resolve("svc"));
        return AppPacker.pack(cp, dir);
    }

    @Test
    void keepsWhatMainReachesDropsTheRestAndIsReproducible() throws Exception {
        List<String> jars = packed(tmp.resolve("in"));
        Files.createDirectories(tmp.resolve("w1"));
        Files.createDirectories(tmp.resolve("w2"));
        Shrinker.Result a = Shrinker.shrink(tmp.resolve("in"), jars, Appliance.MAIN, JDK, MODULES, tmp.resolve("o1"), tmp.resolve("w1"));
        Shrinker.Result b = Shrinker.shrink(tmp.resolve("in"), jars, Appliance.MAIN, JDK, MODULES, tmp.resolve("o2"), tmp.resolve("w2"));

        List<String> before = new ArrayList<>(), after = new ArrayList<>();
        for (String j : jars) before.addAll(Shrinker.files(tmp.resolve("in").resolve(j)));
        for (String j : a.jars()) after.addAll(Shrinker.files(tmp.resolve("o1").resolve(j)));
        assertTrue(before.contains("dev/kiln/dns/wire/MessageCodec.class"));
        assertFalse(after.contains("dev/kiln/dns/wire/MessageCodec.class"), "unused library class removed");
        assertTrue(after.contains("dev/kiln/examples/dns/DnsAppliance.class"));
        assertTrue(after.contains("dev/kiln/platform/linux/Seal.class"), "reached from main (tap path, sealing)");
        assertTrue(after.contains("dev/kiln/platform/Console.class"), "named in META-INF/services");
        assertFalse(after.stream().anyMatch(n -> n.endsWith("module-info.class") || n.startsWith("META-INF/maven/")), after.toString());
        assertTrue(a.bytesAfter() < a.bytesBefore() && a.classesAfter() < a.classesBefore(), a.toString());
        assertTrue(a.tool().startsWith("ProGuard 7."), a.tool());

        assertEquals(a, b);
        for (String j : a.jars()) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("o1").resolve(j)), Files.readAllBytes(tmp.resolve("o2").resolve(j)), j);
        }
    }

    @Test
    void aMainClassThatIsNotThereIsAnErrorThatSaysSo() throws Exception {
        List<String> jars = packed(tmp.resolve("in"));
        BuildException e = assertThrows(BuildException.class, () -> Shrinker.shrink(tmp.resolve("in"), jars,
                "dev.kiln.examples.dns.NoSuchMain", JDK, MODULES, tmp.resolve("o"), tmp.resolve("in")));
        assertTrue(e.getMessage().contains("NoSuchMain is in none of the class-path jars"), e.getMessage());
        BuildException bad = assertThrows(BuildException.class, () -> ShrinkRules.rules("not a class; -keep", tmp, List.of(), tmp));
        assertTrue(bad.getMessage().contains("is not a Java class name"), bad.getMessage());
    }
}

package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SLOW (about a minute on an idle machine, several on a loaded one): builds a real image of the DNS
 * appliance, shrunk by ProGuard and with an AOT cache trained on the shrunk jars, then boots its
 * launcher on 127.0.0.1 and asks it a DNS question.
 * Skip with {@code -DexcludedGroups=slow}.
 */
@Tag("slow")
class ImageBootSlowTest {
    static final String OPTION = "-XX:PerMethodTrapLimit=100";
    @TempDir static Path tmp;
    static BuiltImage image;
    static String buildLog;

    @BeforeAll
    static void build() throws Exception {
        Path zones = Appliance.bakeZone(tmp);
        ImageSpec spec = ImageSpec.of("dns", Appliance.classPath(), Appliance.MAIN, zones)
                .withSeed(12345).withAot(true, 50).withXz(0, false)
                // HotSpot's default value: the image behaves as without, but the option travels through the JVM check,
                // the launcher, the training run (the cache it writes must still map: AOTMode=on below) and the manifest
                .withJvmOptions(List.of(OPTION), "ImageBootSlowTest");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        image = ImageBuilder.build(spec, tmp.resolve("img"), new PrintStream(log, true, StandardCharsets.UTF_8));
        buildLog = log.toString(StandardCharsets.UTF_8);
    }

    @Test
    void imageHasTheLayoutTheManifestDescribes() throws Exception {
        Path d = image.dir();
        for (String f : List.of("bin/appliance", "runtime/bin/java", "runtime/lib/modules", "data/zones.kzone",
                "app.aot", "manifest.properties", "aot.properties")) {
            assertTrue(Files.exists(d.resolve(f)), f + " missing; build log:\n" + buildLog);
        }
        assertTrue(Files.isExecutable(d.resolve("bin/appliance")));
        Map<String, String> m = Manifest.read(d.resolve(Manifest.FILE));
        assertEquals(image.buildId(), m.get("build.id"));
        assertEquals("host", m.get("target"));
        assertEquals(Appliance.MAIN, m.get("main.class"));
        assertEquals("12345", m.get("layout.seed"));
        assertEquals(OPTION, m.get("jvm.options"));
        assertTrue(m.get("jvm.flags").endsWith(" " + OPTION), m.get("jvm.flags"));
        assertTrue(image.stageMillis().containsKey("jvmopts"), buildLog);
        assertTrue(m.get("jdk.modules").contains("java.base"), m.get("jdk.modules"));
        assertFalse(m.get("jdk.modules").contains("java.desktop"), m.get("jdk.modules"));
        // the runtime holds exactly the computed modules
        String release = Files.readString(d.resolve("runtime/release"));
        assertTrue(release.contains("MODULES=\"java.base jdk.unsupported\""), release);
        assertTrue(Long.parseLong(m.get("size.runtime.libjvm.bytes")) < Long.parseLong(m.get("size.runtime.libjvm.unstripped.bytes")),
                "strip made libjvm.so smaller");
        Map<String, String> aot = Manifest.read(d.resolve(Manifest.AOT_FILE));
        assertEquals("50", aot.get("aot.training.answered"), "every training query answered");
        assertEquals("host", aot.get("aot.training.path"));
        assertTrue(Files.size(image.tarXz()) > 0);
    }

    @Test
    void appIsShrunkAndAnUnusedKilnClassIsGone() throws Exception {
        Map<String, String> m = image.manifest();
        assertTrue(m.get("shrink").startsWith("ProGuard 7."), m.get("shrink"));
        assertTrue(Long.parseLong(m.get("size.app.bytes")) < Long.parseLong(m.get("size.app.unshrunk.bytes")), m.toString());
        assertTrue(Integer.parseInt(m.get("app.classes")) < Integer.parseInt(m.get("app.classes.unshrunk")), m.toString());
        List<String> inImage = new java.util.ArrayList<>();
        for (String jar : m.get("app.jars").split(",")) inImage.addAll(Shrinker.files(image.dir().resolve("app").resolve(jar)));
        assertTrue(inImage.contains("dev/kiln/examples/dns/DnsAppliance.class"), inImage.toString());
        // the DNS message codec is a Kiln library class the appliance never uses (it answers from bytes)
        Class<?> unused = dev.kiln.dns.wire.MessageCodec.class; // in kiln-dns, which the image was built from
        assertFalse(inImage.contains(unused.getName().replace('.', '/') + ".class"), "shrunk away: " + unused);
        assertTrue(buildLog.contains("shrink"), buildLog);
    }

    @Test
    void bootsMapTheArchiveAndTheHeapWhereTheLayoutSeedSays() throws Exception {
        Map<String, String> m = Manifest.read(image.dir().resolve(Manifest.FILE));
        LayoutSeed layout = new LayoutSeed(12345);
        assertEquals("0x" + Long.toHexString(layout.sharedBaseAddress()), m.get("layout.sharedBaseAddress"));
        List<String> cmd = new java.util.ArrayList<>(List.of(image.dir().resolve("runtime/bin/java").toString()));
        cmd.addAll(List.of(m.get("jvm.flags").split(" ")));
        cmd.addAll(List.of("-XX:AOTCache=" + image.dir().resolve("app.aot"), "-XX:AOTMode=on", "-Xlog:aot=info", "-version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("ArchiveRelocationMode: 0"), out);
        var archive = java.util.regex.Pattern.compile("Mapped static +region #0 at base 0x([0-9a-f]+)").matcher(out);
        assertTrue(archive.find(), out);
        long base = Long.parseUnsignedLong(archive.group(1), 16);
        assertTrue(base >= layout.sharedBaseAddress() && base < layout.sharedBaseAddress() + (1 << 20),
                "archive at 0x" + Long.toHexString(base) + ", the build chose 0x" + Long.toHexString(layout.sharedBaseAddress()));
        var heap = java.util.regex.Pattern.compile("Loaded heap +region #\\d+ at base 0x([0-9a-f]+)").matcher(out);
        if (heap.find()) { // archived heap objects land in the heap, which starts at the seed's base or just above
            long h = Long.parseUnsignedLong(heap.group(1), 16);
            assertTrue(h >= layout.heapBaseMinAddress() && h < layout.heapBaseMinAddress() + (1L << 30),
                    "heap object region at 0x" + Long.toHexString(h) + ", base 0x" + Long.toHexString(layout.heapBaseMinAddress()));
        }
    }

    @Test
    void launcherBootsWithTheAotCacheAndAnswersDns() throws Exception {
        // AOTMode=on makes the JVM refuse to start if the cache cannot be used, so an answer proves it was.
        assertAnswers(Map.of("KILN_JAVA_OPTS", "-XX:AOTMode=on"));
    }

    @Test
    void launcherBootsWithoutTheAotCacheAndAnswersDns() throws Exception {
        assertAnswers(Map.of("KILN_AOT", "off"));
    }

    private static void assertAnswers(Map<String, String> env) throws Exception {
        int port = AotTrainer.freeUdpPort();
        ProcessBuilder pb = new ProcessBuilder(image.launcher().toString(), "--listen", "127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(tmp.resolve("boot-" + port + ".log").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        try (DnsProbe probe = new DnsProbe(port, "example.com.")) {
            long answered = probe.untilFirstAnswer(System.nanoTime() + TimeUnit.SECONDS.toNanos(120), p::isAlive);
            String out = Files.readString(tmp.resolve("boot-" + port + ".log"));
            assertTrue(answered > 0, "no answer from the image; its output:\n" + out);
            assertEquals(0, probe.ask(5000), "NOERROR for example.com SOA");
            assertFalse(out.contains("[error"), out);
            // the launcher exec'd java: the descriptor's option after Kiln's flags, before KILN_JAVA_OPTS and the class path
            List<String> args = List.of(Files.readString(Path.of("/proc/" + p.pid() + "/cmdline")).split("\0"));
            int option = args.indexOf(OPTION);
            assertTrue(option > args.indexOf("--enable-native-access=ALL-UNNAMED") && option < args.indexOf("-cp"), args.toString());
            if (env.containsKey("KILN_JAVA_OPTS")) assertTrue(option < args.indexOf(env.get("KILN_JAVA_OPTS")), args.toString());
        } finally {
            p.toHandle().destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        }
    }
}

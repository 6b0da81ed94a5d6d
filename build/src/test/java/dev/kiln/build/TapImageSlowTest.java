package dev.kiln.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SLOW, root only: a tap image trains its AOT cache on the tap path (in a throwaway namespace),
 * then boots sealed from that cache on a TAP device and answers DNS. Skipped, saying why, when
 * not root or without /dev/net/tun; run with {@code sudo mvn -pl build -am test}.
 */
@Tag("slow")
class TapImageSlowTest {
    @TempDir Path tmp;

    @Test
    void tapImageTrainsOnTheTapPathAndBootsSealedFromTheCache() throws Exception {
        String why = TrainingNetwork.unavailable();
        assumeTrue(why == null, "tap training needs: " + why);
        Path zones = Appliance.bakeZone(tmp);
        ImageSpec spec = ImageSpec.of("dns", Appliance.classPath(), Appliance.MAIN, zones)
                .withTarget("tap").withSeed(7).withAot(true, 60).withXz(-1, false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        BuiltImage image = ImageBuilder.build(spec, tmp.resolve("img"), new PrintStream(log, true, StandardCharsets.UTF_8));
        Map<String, String> aot = Manifest.read(image.dir().resolve(Manifest.AOT_FILE));
        assertEquals("tap", aot.get("aot.training.path"), log.toString(StandardCharsets.UTF_8));
        assertEquals("60", aot.get("aot.training.answered"));

        try (TrainingNetwork net = TrainingNetwork.create()) {
            List<String> cmd = new ArrayList<>(net.execPrefix());
            cmd.addAll(List.of(image.launcher().toString(), "--tap", net.tap(), "--address", net.applianceCidr(), "--seal"));
            Path out = tmp.resolve("boot.log");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
            pb.environment().put("KILN_JAVA_OPTS", "-XX:AOTMode=on"); // refuse to start unless the cache maps
            Process p = pb.start();
            InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(net.applianceAddress()), 53);
            try (DnsProbe probe = new DnsProbe(net.openSocket(), server, "example.com.")) {
                long t = probe.untilFirstAnswer(System.nanoTime() + TimeUnit.SECONDS.toNanos(60), p::isAlive);
                String text = Files.readString(out);
                assertTrue(t > 0, "no answer over TAP; output:\n" + text);
                assertEquals(0, probe.ask(5000), "NOERROR for example.com SOA");
                String status = Files.readString(Path.of("/proc/" + p.pid() + "/status"));
                assertTrue(status.contains("Seccomp:\t2"), "sealed: " + status);
                assertFalse(text.contains("[error") || text.contains("rehearsed"), text);
            } finally {
                p.toHandle().destroy();
                if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
            }
        }
    }
}

package dev.kiln.configure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configure step on the real DNS appliance: bakes, generates, compiles; bad inputs stop it with file:line. */
class ConfigureTest {
    @TempDir
    Path work;

    private final PrintStream log = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    @Test
    void dnsForTapBakesZonesAndCompilesTheMain() throws Exception {
        Configured c = Configure.run(Descriptor.read(Examples.DNS), "tap", Examples.classPath(), work, log);
        assertEquals("dev.kiln.generated.DnsMain", c.mainClass());
        assertEquals(List.of("example.com.", "example.net."), c.origins());
        assertTrue(Files.size(c.zones()) > 100);
        assertEquals(MainGenerator.generate(c.descriptor(), "tap"), Files.readString(c.source()));
        try (JarFile jar = new JarFile(c.jar().toFile())) {
            assertNotNull(jar.getEntry("dev/kiln/generated/DnsMain.class"));
            String resolved = new String(jar.getInputStream(jar.getEntry(Configure.DESCRIPTOR_RESOURCE)).readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(resolved.contains("net.net0.address=192.0.2.2/24"), resolved);
            assertTrue(resolved.contains("target=tap"), resolved);
        }
        assertEquals(List.of("bake", "generate", "compile"), List.copyOf(c.stageMillis().keySet()));
    }

    @Test
    void theSameInputsGiveTheSameJar() throws Exception {
        Descriptor d = Descriptor.read(Examples.DNS);
        byte[] a = Files.readAllBytes(Configure.run(d, "host", Examples.classPath(), work.resolve("a"), log).jar());
        byte[] b = Files.readAllBytes(Configure.run(d, "host", Examples.classPath(), work.resolve("b"), log).jar());
        assertTrue(java.util.Arrays.equals(a, b), "the generated jar is reproducible");
    }

    @Test
    void aBadZoneStopsTheBuildAtItsLine() throws Exception {
        Path zone = work.resolve("bad.zone");
        Files.writeString(zone, "$ORIGIN example.org.\n@ 3600 IN SOA ns hostmaster 1 2 3 4 5\n@ 3600 IN NS ns\nwww 3600 IN A 192.0.2.300\n");
        Descriptor d = Descriptor.read(Examples.DNS).withZones(List.of(zone));
        ConfigureException e = assertThrows(ConfigureException.class, () -> Configure.run(d, "host", Examples.classPath(), work.resolve("out"), log));
        assertTrue(e.getMessage().contains(zone + ":4"), e.getMessage());
    }

    @Test
    void anApplicationWithoutStartIsAProblemInTheGeneratedFile() {
        Descriptor dns = Descriptor.read(Examples.DNS);
        Descriptor d = new Descriptor(dns.file(), "dns", "java.lang.String", 64, dns.nets(), dns.zones(), dns.args(), dns.exampleQuery());
        ConfigureException e = assertThrows(ConfigureException.class, () -> Configure.run(d, "host", Examples.classPath(), work, log));
        assertTrue(e.getMessage().contains("DnsMain.java:"), e.getMessage());
        assertTrue(e.getMessage().contains("public static start(Appliance, NetStack, ZoneSet)"), e.getMessage());
    }
}

package dev.kiln.build;

import dev.kiln.dns.compiler.ZoneCompiler;
import dev.kiln.dns.compiler.ZoneInput;
import dev.kiln.dns.zone.ZoneImageWriter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The real DNS appliance as the tests see it: its class path (jars or class directories) and a baked zone. */
final class Appliance {
    static final String MAIN = "dev.kiln.examples.dns.DnsAppliance";

    private Appliance() {}

    /** Where the appliance and the Kiln libraries it uses were loaded from, in class-path order. */
    static List<Path> classPath() {
        try {
            // kiln.appliance and kiln.net by name: on the test module path the build module does not read them
            return List.of(where(dev.kiln.examples.dns.DnsAppliance.class), where(dev.kiln.dns.AuthServer.class),
                    where(Class.forName("dev.kiln.appliance.Appliance")), // the run time the appliance's main is built on
                    where(Class.forName("dev.kiln.net.stack.KilnStack")), where(dev.kiln.platform.Loop.class));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("kiln-appliance or kiln-net is not on the test class path", e);
        }
    }

    private static Path where(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Bakes examples/dns/zones/example.com.zone into {@code dir/zones.kzone}. */
    static Path bakeZone(Path dir) throws IOException, dev.kiln.dns.compiler.ZoneCompileException {
        Path zone = Path.of("..", "examples", "dns", "zones", "example.com.zone");
        var compiled = ZoneCompiler.compile(List.of(ZoneInput.of(zone)));
        Path out = dir.resolve("zones.kzone");
        Files.write(out, ZoneImageWriter.write(compiled.zones()));
        return out;
    }
}

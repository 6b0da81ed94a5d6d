package dev.kiln.interop;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The zone files the interop tests serve. */
final class TestZones {
    private TestZones() {}

    /** The test-only zone with one name per answer class (and an $INCLUDE'd big TXT RRset). */
    static ZoneFile interop() {
        try {
            var url = TestZones.class.getResource("zones/interop.example.zone");
            if (url == null) throw new IllegalStateException("test resource zones/interop.example.zone is missing");
            return new ZoneFile(QueryCatalog.ZONE, Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The example appliance's zone, examples/dns/zones/example.com.zone, if it is there. */
    static Optional<ZoneFile> example() {
        Path f = Env.repoRoot().resolve("examples/dns/zones/example.com.zone");
        return Files.isRegularFile(f) ? Optional.of(new ZoneFile("example.com.", f)) : Optional.empty();
    }

    /** All zones to serve: the test zone, plus example.com when present. */
    static List<ZoneFile> all() {
        List<ZoneFile> z = new ArrayList<>();
        z.add(interop());
        example().ifPresent(z::add);
        return z;
    }
}

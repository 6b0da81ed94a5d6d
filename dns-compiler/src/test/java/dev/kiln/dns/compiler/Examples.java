package dev.kiln.dns.compiler;

import java.nio.file.Files;
import java.nio.file.Path;

/** The example zones shipped in examples/dns/zones/ (tests run in the module directory). */
final class Examples {

    private Examples() {}

    static Path dir() {
        Path d = Path.of(System.getProperty("basedir", ".")).resolve("../examples/dns/zones").normalize();
        if (!Files.isDirectory(d)) {
            throw new AssertionError("example zones not found at " + d.toAbsolutePath());
        }
        return d;
    }

    static Path zone(String name) {
        return dir().resolve(name);
    }
}

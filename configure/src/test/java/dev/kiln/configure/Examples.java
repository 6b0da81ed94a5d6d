package dev.kiln.configure;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The real example appliance, as the tests see it. */
final class Examples {
    static final Path DNS = Path.of("..", "examples", "dns");
    static final Path WWW = Path.of("..", "examples", "www");

    private Examples() {}

    /** This test JVM's class path: the application's jars (example-dns, appliance, net, dns, platform) and more. */
    static List<Path> classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(s -> !s.isEmpty()).map(Path::of).toList();
    }
}

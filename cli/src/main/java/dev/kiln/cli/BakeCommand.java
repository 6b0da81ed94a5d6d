package dev.kiln.cli;

import dev.kiln.configure.ZoneBake;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kiln bake}: compile zone files into a baked zone image without booting anything. */
@Command(name = "bake", mixinStandardHelpOptions = true,
        description = "Parse, validate and compile zone files into a baked zone image (.kzone).")
final class BakeCommand implements Runnable {
    @Option(names = "--zone", required = true, description = "A zone master file; repeat for several zones.")
    List<Path> zones;

    @Option(names = {"-o", "--output"}, required = true, description = "Where to write the baked image.")
    Path output;

    @Override
    public void run() {
        ZoneBake.Baked b = ZoneBake.bake(zones, output, System.out);
        System.out.printf("baked %d zone file(s) into %s (%,d bytes): %s%n", zones.size(), output, b.bytes(), String.join(" ", b.origins()));
    }
}

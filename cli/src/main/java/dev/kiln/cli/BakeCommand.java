package dev.kiln.cli;

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
        ZoneBaker.bake(zones, output, System.out);
    }
}

package dev.kiln.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kiln run IMAGE|DIR}: boot an image, or configure an appliance directory and boot it; serve until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Boot an appliance image (from kiln build) on its target, or configure an appliance directory"
                + " (e.g. examples/dns: bake its zones, generate its main) and boot it. For the tap target it creates a"
                + " network namespace and a TAP device first. Ctrl-C stops it, prints its counters and removes the"
                + " namespace and TAP device it created.")
final class RunCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(index = "0", description = "An image directory (kiln build's output) or an appliance directory, e.g. examples/dns.")
    Path dir;

    @Mixin
    TargetOptions options;

    @Override
    public Integer call() throws Exception {
        try (Boot boot = Boot.start(dir, options, System.out)) {
            System.out.println();
            System.out.println("query it with:");
            if (boot.web) boot.curlCommands().forEach(c -> System.out.println("  " + c));
            else System.out.println("  " + boot.digCommand(boot.exampleQuery));
            System.out.println("stop it with Ctrl-C");
            System.out.flush();
            int status = boot.process.waitFor();
            // 130/143: stopped by SIGINT/SIGTERM, the normal way to stop an appliance
            return status == 0 || status == 130 || status == 143 ? 0 : 1;
        }
    }
}

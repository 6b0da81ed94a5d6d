package dev.kiln.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code kiln run DIR}: bake the appliance's configuration, boot it, and serve until Ctrl-C. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Bake an appliance (e.g. examples/dns) with its zones and boot it. Ctrl-C stops it, prints its"
                + " counters and removes the namespace and TAP device it created.")
final class RunCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(index = "0", description = "The appliance directory, e.g. examples/dns.")
    Path dir;

    @Mixin
    TargetOptions options;

    @Override
    public Integer call() throws Exception {
        try (Boot boot = Boot.start(dir, options, System.out)) {
            System.out.println();
            System.out.println("query it with:");
            System.out.println("  " + boot.digCommand(boot.app.exampleQuery()));
            System.out.println("stop it with Ctrl-C");
            System.out.flush();
            int status = boot.process.waitFor();
            // 130/143: stopped by SIGINT/SIGTERM, the normal way to stop an appliance
            return status == 0 || status == 130 || status == 143 ? 0 : 1;
        }
    }
}

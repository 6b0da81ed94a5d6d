package dev.kiln.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bakes an appliance's configuration, sets up its network and boots it. Closing it stops the
 * appliance and removes what was set up, also when the user presses Ctrl-C.
 */
final class Boot implements AutoCloseable {
    final String target;
    final ApplianceDir app;
    final TapNetwork network;
    final ApplianceProcess process;
    final TargetOptions options;

    private Boot(String target, ApplianceDir app, TapNetwork network, ApplianceProcess process, TargetOptions options) {
        this.target = target;
        this.app = app;
        this.network = network;
        this.process = process;
        this.options = options;
    }

    static Boot start(Path dir, TargetOptions o, PrintStream out) throws InterruptedException {
        o.validate();
        ApplianceDir app = ApplianceDir.open(dir);
        String target = o.resolvedTarget();
        if (o.target == null && target.equals("host")) {
            out.println("note: not root, so booting on the host target (127.0.0.1:" + o.port + "); as root the default is"
                    + " the tap target with Kiln's own network stack");
        }
        List<Path> zones = o.zones.isEmpty() ? app.defaultZones() : o.zones;
        Path image = ZoneBaker.bake(zones, app.workDir().resolve("zones.kzone"), out);

        List<String> args = new ArrayList<>(List.of("--zones", image.toAbsolutePath().toString(), "--target", target));
        TapNetwork net = null;
        if (target.equals("tap")) {
            net = TapNetwork.setUp(o.netns, o.tap, o.hostAddress);
            args.addAll(List.of("--tap", o.tap, "--address", o.address,
                    "--gateway", o.hostAddress.substring(0, o.hostAddress.indexOf('/'))));
        } else {
            args.addAll(List.of("--listen", o.listen + ":" + o.port));
        }
        if (!o.noSeal) args.add("--seal");
        ApplianceProcess p;
        try {
            p = ApplianceProcess.start(app, net == null ? null : net.netns, args, out);
        } catch (RuntimeException e) {
            if (net != null) net.close();
            throw e;
        }
        Boot boot = new Boot(target, app, net, p, o);
        Runtime.getRuntime().addShutdownHook(new Thread(boot::close, "kiln-cleanup"));
        if (!p.awaitReady(60, TimeUnit.SECONDS)) {
            boot.close();
            throw new UserError("the appliance did not become ready; its output is above");
        }
        return boot;
    }

    /** The {@code dig} command line that queries this appliance. */
    String digCommand(String query) {
        if (target.equals("tap")) {
            return "ip netns exec " + network.netns + " dig @" + options.applianceIp() + " " + query;
        }
        return "dig @" + options.listen + " -p " + options.port + " " + query;
    }

    /** The command prefix for running a client where the appliance can be reached. */
    List<String> clientPrefix() {
        return network == null ? List.of() : List.of("ip", "netns", "exec", network.netns);
    }

    @Override
    public void close() {
        process.close();
        if (network != null) network.close();
    }
}

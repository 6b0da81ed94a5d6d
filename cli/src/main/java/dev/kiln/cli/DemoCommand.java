package dev.kiln.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code kiln demo}: build the example DNS appliance's image, boot it, query it with dig, stop it, clean up. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Build the example DNS appliance's image (kiln build), boot it (kiln run IMAGE), send it real queries"
                + " with dig (and ping it on the tap target), then stop it and show its counters.")
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--dir", defaultValue = "examples/dns", description = "The appliance directory (default ${DEFAULT-VALUE}).")
    Path dir;

    @Mixin
    TargetOptions options;

    private static final List<String> QUERIES = List.of(
            "example.com SOA", "www.example.com A", "www.example.com AAAA", "example.com MX",
            "a.example.com A", "host.wild.example.com A", "www.sub.example.com A", "nope.example.com A",
            "example.org A");

    @Override
    public Integer call() throws Exception {
        if (!Ip.exec("sh", "-c", "command -v dig").ok()) {
            if (Ip.isRoot() && Ip.exec("sh", "-c", "command -v apt-get").ok()) {
                System.out.println("the demo queries with dig, which is missing: installing it (apt-get install bind9-dnsutils)");
                Ip.exec("apt-get", "update", "-qq");
                Ip.exec("apt-get", "install", "-y", "-qq", "bind9-dnsutils");
            }
            if (!Ip.exec("sh", "-c", "command -v dig").ok()) {
                throw new UserError("the demo queries with dig, which is missing: apt-get install bind9-dnsutils");
            }
        }
        int failures = 0;
        Path boots = dir;
        if (options.zones.isEmpty()) { // --zone: boot the directory with those zones instead of building an image
            String target = options.resolvedTarget();
            System.out.println("$ ./kiln build " + dir + " --target " + target);
            boots = BuildCommand.build(dir, target, null, true, false, 0).dir();
            System.out.println();
            System.out.println("$ ./kiln run " + boots);
        }
        try (Boot boot = Boot.start(boots, options, System.out)) {
            System.out.println();
            if (boot.target.equals("tap")) {
                System.out.println("$ ip netns exec " + boot.network.netns + " ping -c 2 " + boot.applianceIp);
                Ip.Result ping = run(boot, List.of("ping", "-c", "2", "-W", "2", boot.applianceIp));
                System.out.println(ping.output());
                if (!ping.ok()) failures++;
                System.out.println();
            }
            for (String q : QUERIES) {
                System.out.println("$ " + boot.digCommand(q) + " +noall +answer +authority +comments");
                List<String> dig = new ArrayList<>(List.of("dig", "+time=2", "+tries=2", "+noall", "+answer", "+authority", "+comments"));
                if (boot.target.equals("tap")) {
                    dig.add("@" + boot.applianceIp);
                } else {
                    dig.addAll(List.of("@" + options.listen, "-p", String.valueOf(boot.port)));
                }
                dig.addAll(List.of(q.split(" ")));
                Ip.Result r = run(boot, dig);
                System.out.println(r.output().lines().filter(l -> !l.isBlank()
                                && (l.contains("status:") || !l.startsWith(";")))
                        .reduce((a, b) -> a + "\n" + b).orElse(r.output()));
                System.out.println();
                if (!r.ok() || !r.output().contains("status:")) failures++;
            }
            System.out.println("stopping the appliance:");
        }
        System.out.println(failures == 0 ? "demo finished: every query was answered"
                : "demo finished with " + failures + " failed command(s); see above");
        return failures == 0 ? 0 : 1;
    }

    private static Ip.Result run(Boot boot, List<String> cmd) {
        List<String> full = new ArrayList<>(boot.clientPrefix());
        full.addAll(cmd);
        return Ip.exec(full.toArray(String[]::new));
    }
}

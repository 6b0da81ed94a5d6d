package dev.kiln.cli;

import dev.kiln.configure.Configure;
import dev.kiln.configure.Configured;
import dev.kiln.configure.Descriptor;
import dev.kiln.configure.NetDevice;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Boots an appliance: from a directory (configure: bake + generate + compile, then its generated
 * main on the JDK) or from an image ({@code bin/appliance}); for {@code tap} it sets up the
 * namespace and TAP device first. Closing it stops the appliance and removes what was set up,
 * also when the user presses Ctrl-C.
 */
final class Boot implements AutoCloseable {
    final String target;
    final String exampleQuery;
    /** A web appliance (it bakes a site): {@code kiln run} suggests curl, not dig. */
    boolean web;
    /** The HTTPS port passed to the appliance, or 0 for its own (arg.tls-port). */
    int tlsPort;
    final String applianceIp;
    final TapNetwork network;
    final ApplianceProcess process;
    final TargetOptions options;
    /** host target: the port it serves on (--port or the appliance's own). */
    final int port;

    private Boot(String target, String exampleQuery, String applianceIp, TapNetwork network, ApplianceProcess process, TargetOptions options, int port) {
        this.port = port;
        this.target = target;
        this.exampleQuery = exampleQuery;
        this.applianceIp = applianceIp;
        this.network = network;
        this.process = process;
        this.options = options;
    }

    /** What to exec, and what the appliance is: from an image or from a configured directory. */
    /** {@code https}: the appliance takes --tls-port (it declares arg.tls-port); {@code jvmOptions}: the descriptor's, for messages. */
    private record Launch(String target, String query, NetDevice net0, List<String> cmd, Map<String, String> env, boolean web, int port,
                          boolean https, String jvmOptions) {}

    /** Boots {@code path}: an image directory (from kiln build) or an appliance directory. */
    static Boot start(Path path, TargetOptions o, PrintStream out) throws InterruptedException {
        o.validate();
        Launch l = Image.isImage(path) ? image(path, o, out) : directory(path, o, out);
        String target = l.target();
        NetDevice net0 = l.net0();
        List<String> cmd = new ArrayList<>(l.cmd());
        String address = o.address != null ? o.address : net0.address();
        String ip = address.substring(0, address.indexOf('/'));
        TapNetwork net = null;
        if (target.equals("tap")) {
            String hostCidr = o.hostAddress != null ? o.hostAddress : net0.gateway() != null ? net0.gateway() + "/" + net0.prefixLen() : null;
            if (hostCidr == null) throw new UserError("the tap target needs the host side's address: set net.net0.gateway in the descriptor or pass --host-address");
            String tap = o.tap != null ? o.tap : net0.tap();
            net = TapNetwork.setUp(o.netns, tap, hostCidr);
            cmd.addAll(0, List.of("ip", "netns", "exec", net.netns));
            cmd.addAll(List.of("--tap", tap, "--address", address, "--gateway", hostCidr.substring(0, hostCidr.indexOf('/'))));
        } else {
            cmd.addAll(List.of("--listen", o.listen + ":" + l.port()));
        }
        int tlsPort = !l.https() ? 0 : o.tlsPort != null ? o.tlsPort : target.equals("host") ? TargetOptions.HOST_TLS_PORT : 0;
        if (tlsPort > 0) cmd.addAll(List.of("--tls-port", Integer.toString(tlsPort)));
        if (o.noSeal) cmd.add("--no-seal");
        ApplianceProcess p;
        try {
            p = ApplianceProcess.start(cmd, l.env(), out);
        } catch (RuntimeException e) {
            if (net != null) net.close();
            throw e;
        }
        Boot boot = new Boot(target, l.query(), ip, net, p, o, l.port());
        boot.web = l.web();
        boot.tlsPort = tlsPort;
        Runtime.getRuntime().addShutdownHook(new Thread(boot::close, "kiln-cleanup"));
        if (!p.awaitReady(60, TimeUnit.SECONDS)) {
            boot.close();
            throw new UserError("the appliance did not become ready; its output is above" + (l.jvmOptions().isEmpty() ? ""
                    : " (it ran with the descriptor's " + l.jvmOptions() + ": if the JVM named one of them, fix or remove it there)"));
        }
        return boot;
    }

    private static Launch image(Path path, TargetOptions o, PrintStream out) {
        Image img = Image.open(path);
        if (o.target != null && !o.target.equals(img.target())) {
            throw new UserError(path + " was built for the " + img.target() + " target: build one for " + o.target
                    + " with kiln build --target " + o.target);
        }
        if (!o.zones.isEmpty()) throw new UserError("an image's zones are baked in: build it again with the zones in its descriptor");
        out.println("booting image " + path + " (" + img.name() + ", target " + img.target() + ")");
        // a sealed JVM cannot grow its code cache: commit it at boot (the launcher takes extra flags here)
        return new Launch(img.target(), img.exampleQuery(), img.net0(), List.of(img.launcher().toAbsolutePath().toString()),
                Map.of("KILN_JAVA_OPTS", String.join(" ", dev.kiln.platform.linux.Seal.REQUIRED_JVM_FLAGS) + " " + String.join(" ", userJvmOptions())), img.web(),
                o.port(img.net0(), img.web()), img.https(), "");
    }

    /** Extra JVM options from {@code KILN_JAVA_OPTS} (whitespace-separated), after Kiln's own: for profiling and experiments. */
    static List<String> userJvmOptions() {
        String v = System.getenv("KILN_JAVA_OPTS");
        return v == null || v.isBlank() ? List.of() : List.of(v.trim().split("\\s+"));
    }

    private static Launch directory(Path path, TargetOptions o, PrintStream out) {
        ApplianceDir app = ApplianceDir.open(path);
        String target = o.resolvedTarget();
        Descriptor d0 = app.descriptor();
        int port = o.port(d0.nets().getFirst(), d0.site() != null);
        if (o.target == null && target.equals("host")) {
            out.println("note: not root, so booting on the host target (127.0.0.1:" + port + "); as root the default is"
                    + " the tap target with Kiln's own network stack");
        }
        Descriptor d = o.zones.isEmpty() ? d0 : d0.withZones(o.zones);
        out.println("configuring " + d.name() + " for " + target + ":");
        List<Path> cp = app.classPath();
        Configured c = Configure.run(d, target, cp, app.workDir(target), out);
        List<String> cmd = new ArrayList<>(ApplianceProcess.javaCommand(d.heapMb(), d.jvmOptions(), userJvmOptions()));
        List<String> full = new ArrayList<>(cp.stream().map(Path::toString).toList());
        full.add(c.jar().toAbsolutePath().toString());
        cmd.addAll(List.of("-cp", String.join(File.pathSeparator, full), c.mainClass()));
        c.data().forEach((option, file) -> cmd.addAll(List.of(option, file.toAbsolutePath().toString())));
        String jvm = d.jvmOptions().isEmpty() ? "" : "jvm-options=" + String.join(" ", d.jvmOptions()) + " (" + d.where("jvm-options") + ")";
        return new Launch(target, d.exampleQuery(), d.nets().getFirst(), cmd, Map.of(), d.site() != null, port, d.args().containsKey("tls-port"), jvm);
    }

    /** The {@code curl} command lines that ask a web appliance for its front page over HTTP and HTTPS. */
    List<String> curlCommands() {
        String prefix = target.equals("tap") ? "ip netns exec " + network.netns + " " : "";
        String host = target.equals("tap") ? applianceIp : options.listen;
        String http = prefix + "curl http://" + host + (target.equals("tap") ? "" : ":" + port) + "/";
        String https = prefix + "curl -k https://" + host + (tlsPort > 0 && tlsPort != 443 ? ":" + tlsPort : "") + "/healthz";
        return List.of(http, https + "   (-k: the development certificate; or --cacert tls/cert.pem)");
    }

    /** The {@code dig} command line that queries this appliance. */
    String digCommand(String query) {
        if (target.equals("tap")) {
            return "ip netns exec " + network.netns + " dig @" + applianceIp + " " + query;
        }
        return "dig @" + options.listen + " -p " + port + " " + query;
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

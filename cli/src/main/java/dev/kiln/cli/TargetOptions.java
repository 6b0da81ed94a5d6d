package dev.kiln.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where and how an appliance boots: the options {@code run} and {@code demo} share. */
final class TargetOptions {
    @Option(names = "--zone", description = "A zone master file to bake in; repeat for several zones."
            + " Default: the appliance's example zones.")
    List<Path> zones = new ArrayList<>();

    @Option(names = "--target", description = "tap (own stack on a TAP device in a namespace; needs root) or"
            + " host (host sockets on 127.0.0.1, no root). Default: tap as root, host otherwise.")
    String target;

    @Option(names = "--port", description = "host target: the port to serve on (UDP for DNS, TCP for HTTP). Default: the"
            + " appliance's own, the port of its descriptor's net.net0.listen (5353 for examples/dns, 8080 for examples/www);"
            + " without one, 8080 for a web appliance (one with site=) and 5353 otherwise.")
    Integer port;

    /** The host target's HTTPS port for a web appliance, beside --port's 8080 (the appliance's own 443 needs root there). */
    static final int HOST_TLS_PORT = 8443;

    @Option(names = "--tls-port", description = "A web appliance's HTTPS port. Default: " + HOST_TLS_PORT + " on the host target"
            + " (beside --port's 8080), the appliance's own (arg.tls-port, 443 for examples/www) on the tap target.")
    Integer tlsPort;

    @Option(names = "--listen", defaultValue = "127.0.0.1", description = "host target: address to listen on (default ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--netns", defaultValue = "kiln-dns", description = "tap target: network namespace; created and removed"
            + " unless it already exists (default ${DEFAULT-VALUE}).")
    String netns;

    @Option(names = "--tap", description = "tap target: TAP device in the namespace; created unless"
            + " it exists (default: the descriptor's net.net0.tap, kiln0).")
    String tap;

    @Option(names = "--address", description = "tap target: the appliance's own IPv4"
            + " address/prefix (default: the descriptor's net.net0.address, e.g. 192.0.2.2/24).")
    String address;

    @Option(names = "--host-address", description = "tap target: the host side's address"
            + " on the TAP device (default: the descriptor's net.net0.gateway with its prefix, e.g. 192.0.2.1/24).")
    String hostAddress;

    @Option(names = "--no-seal", description = "Do not seal the appliance with seccomp once it serves"
            + " (sealed, it can no longer exec, open files, create sockets or map new executable memory).")
    boolean noSeal;

    String resolvedTarget() {
        String t = target != null ? target : (Ip.isRoot() ? "tap" : "host");
        if (!t.equals("tap") && !t.equals("host")) {
            throw new UserError("unknown target '" + t + "': use --target tap (own network stack) or --target host (host sockets)");
        }
        return t;
    }

    void validate() {
        if (address != null) checkCidr(address, "--address");
        if (hostAddress != null) checkCidr(hostAddress, "--host-address");
        if (port != null && (port < 1 || port > 65535)) throw new UserError("--port " + port + " is not a port number (1-65535)");
        if (tlsPort != null && (tlsPort < 1 || tlsPort > 65535)) throw new UserError("--tls-port " + tlsPort + " is not a port number (1-65535)");
    }

    /** The host target's port: --port, else the appliance's (see the option's description). */
    int port(dev.kiln.configure.NetDevice net0, boolean web) {
        if (port != null) return port;
        String listen = net0.listen();
        if (web && dev.kiln.configure.NetDevice.LISTEN_DEFAULT.equals(listen)) return 8080; // the descriptor declared no listen: its kind decides
        int colon = listen == null ? -1 : listen.lastIndexOf(':');
        if (colon > 0) {
            try {
                int p = Integer.parseInt(listen.substring(colon + 1));
                if (p >= 1 && p <= 65535) return p;
            } catch (NumberFormatException e) {
                // the descriptor was validated at build time; an image's copy without a port falls through
            }
        }
        return web ? 8080 : 5353;
    }

    private static void checkCidr(String cidr, String option) {
        String[] parts = cidr.split("/", -1);
        try {
            dev.kiln.net.Ipv4.parse(parts[0]);
            if (parts.length != 2) throw new IllegalArgumentException("missing /prefix");
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 1 || prefix > 30) throw new IllegalArgumentException("prefix must be 1-30");
        } catch (IllegalArgumentException e) {
            throw new UserError(option + " " + cidr + " is not an address/prefix like 192.0.2.2/24: " + e.getMessage());
        }
    }
}

package dev.kiln.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The network a {@code tap} appliance lives on: a namespace holding a TAP device whose host
 * side has an address in 192.0.2.0/24. Creates what is missing and, on close, removes exactly
 * what it created; an existing namespace or device the user named is attached to and left alone.
 */
final class TapNetwork implements AutoCloseable {
    final String netns;
    final String tap;
    final String hostCidr;
    private final boolean createdNs;
    private final boolean createdTap;
    private boolean closed;

    private TapNetwork(String netns, String tap, String hostCidr, boolean createdNs, boolean createdTap) {
        this.netns = netns;
        this.tap = tap;
        this.hostCidr = hostCidr;
        this.createdNs = createdNs;
        this.createdTap = createdTap;
    }

    static TapNetwork setUp(String netns, String tap, String hostCidr) {
        if (!Ip.isRoot()) {
            throw new UserError("the tap target creates a network namespace and a TAP device, which needs root:"
                    + " run it with sudo, or use --target host to serve on 127.0.0.1 without root");
        }
        if (!Files.exists(Path.of("/dev/net/tun"))) {
            throw new UserError("/dev/net/tun is missing: load the tun module (modprobe tun), or use --target host");
        }
        boolean nsExists = Files.exists(Path.of("/var/run/netns", netns));
        if (!nsExists) Ip.ip("netns", "add", netns);
        boolean createdTap = false;
        try {
            Ip.ip("-n", netns, "link", "set", "lo", "up");
            if (!Ip.exec("ip", "-n", netns, "link", "show", tap).ok()) {
                Ip.ip("-n", netns, "tuntap", "add", "dev", tap, "mode", "tap");
                createdTap = true;
            }
            Ip.ip("-n", netns, "addr", "replace", hostCidr, "dev", tap);
            Ip.ip("-n", netns, "link", "set", tap, "up");
        } catch (RuntimeException e) {
            if (!nsExists) Ip.exec("ip", "netns", "del", netns);
            else if (createdTap) Ip.exec("ip", "-n", netns, "link", "del", tap);
            throw e;
        }
        return new TapNetwork(netns, tap, hostCidr, !nsExists, createdTap);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        if (createdNs) Ip.exec("ip", "netns", "del", netns);
        else if (createdTap) Ip.exec("ip", "-n", netns, "link", "del", tap);
    }
}

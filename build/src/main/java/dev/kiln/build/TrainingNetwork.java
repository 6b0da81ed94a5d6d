package dev.kiln.build;

import dev.kiln.platform.linux.Netns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway network namespace for a tap image's AOT training run: namespace
 * {@code kiln-train-PID} with TAP device {@code ktrain0}, the kernel side at 192.0.2.1/24 and the
 * appliance at 192.0.2.2 (RFC 5737 documentation addresses: nothing leaves the namespace).
 * Closing it deletes the namespace and with it the TAP device.
 */
final class TrainingNetwork implements AutoCloseable {
    private static final String TAP = "ktrain0", HOST = "192.0.2.1", APPLIANCE = "192.0.2.2";
    private final String ns;

    private TrainingNetwork(String ns) {
        this.ns = ns;
    }

    /** Why a tap training run cannot happen here ("needs root …"), or null if it can. */
    static String unavailable() {
        if ("1".equals(System.getenv("KILN_TRAIN_ON_HOST"))) return "is turned off (KILN_TRAIN_ON_HOST=1)";
        if (!"root".equals(System.getProperty("user.name"))) return "needs root (build as root: sudo ./kiln build ...)";
        if (!Files.exists(Path.of("/dev/net/tun"))) return "needs /dev/net/tun";
        if (ip() == null) return "needs the ip command (apt-get install iproute2)";
        return null;
    }

    static TrainingNetwork create() throws IOException, InterruptedException {
        TrainingNetwork n = new TrainingNetwork("kiln-train-" + ProcessHandle.current().pid());
        n.ip("netns", "add", n.ns);
        try {
            n.ip("-n", n.ns, "link", "set", "lo", "up");
            n.ip("-n", n.ns, "tuntap", "add", "dev", TAP, "mode", "tap");
            n.ip("-n", n.ns, "addr", "add", HOST + "/24", "dev", TAP);
            n.ip("-n", n.ns, "link", "set", TAP, "up");
            // ask for the appliance's MAC every millisecond, not every second, while it boots
            n.ip("netns", "exec", n.ns, "sysctl", "-qw", "net.ipv4.neigh." + TAP + ".retrans_time_ms=1",
                    "net.ipv4.neigh." + TAP + ".mcast_solicit=100000");
            return n;
        } catch (IOException | RuntimeException e) {
            n.close();
            throw e;
        }
    }

    List<String> execPrefix() {
        return List.of(ip(), "netns", "exec", ns);
    }

    String tap() {
        return TAP;
    }

    String hostAddress() {
        return HOST;
    }

    String applianceAddress() {
        return APPLIANCE;
    }

    String applianceCidr() {
        return APPLIANCE + "/24";
    }

    /** A UDP socket bound to the kernel side of the TAP device, inside the namespace. */
    DatagramSocket openSocket() {
        return Netns.callIn(ns, () -> {
            try {
                return new DatagramSocket(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A TCP connection opened from inside the namespace (the web appliance's training client). */
    java.net.Socket connect(InetSocketAddress to, int timeoutMs) throws IOException {
        try {
            return Netns.callIn(ns, () -> {
                try {
                    java.net.Socket s = new java.net.Socket();
                    s.connect(to, timeoutMs);
                    return s;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() {
        try {
            ip("netns", "del", ns);
        } catch (IOException | RuntimeException e) {
            System.err.println("kiln: could not remove network namespace " + ns + ": " + e.getMessage()
                    + "; remove it with: ip netns del " + ns);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of(ip()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new BuildException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    private static String ip() {
        for (String d : List.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip")) {
            if (Files.isExecutable(Path.of(d))) return d;
        }
        return null;
    }
}

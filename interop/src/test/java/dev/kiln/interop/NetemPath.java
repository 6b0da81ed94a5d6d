package dev.kiln.interop;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A Linux host ({@value #LINUX}) and the appliance ({@value #APPLIANCE}) with {@code netem_relay.py}
 * between them, forwarding Ethernet frames and impairing both directions ({@link #impair}).
 * This kernel has no {@code sch_netem} (no {@code tc qdisc … netem}), so the impairment is done in user
 * space, with netem's semantics, on the only path between the two.
 *
 * <pre>
 * tap:  namespace kiln-it-X:  Linux TCP  kv0 192.0.2.1 ══veth══ kv1 ◀─relay─▶ ktap0 ══TAP══ appliance 192.0.2.2 (KilnStack)
 * host: namespace kiln-it-X:  Linux TCP  kv0 192.0.2.1 ══veth══ kv1 ◀─relay─▶ kw1 ══veth══ kw0 192.0.2.2 in kiln-it-Y
 *                                                                                    (appliance on host sockets)
 * </pre>
 * The relay's devices have no address and NOARP; checksum and segmentation offloads are off on every
 * veth, so each frame is a whole, checksummed Ethernet frame of at most 1514 bytes, as on a wire.
 */
final class NetemPath implements AutoCloseable {
    static final String LINUX = "192.0.2.1";
    static final String APPLIANCE = "192.0.2.2";
    private static final Duration CMD = Duration.ofSeconds(10);

    private final Namespace linux;
    private final Namespace applianceNs;
    private final List<String> targetArgs;
    private final String relayB;

    private NetemPath(Namespace linux, Namespace applianceNs, List<String> targetArgs, String relayB) {
        this.linux = linux;
        this.applianceNs = applianceNs;
        this.targetArgs = targetArgs;
        this.relayB = relayB;
    }

    /** The appliance on the TAP device of one namespace, Linux on a veth in the same one. */
    static NetemPath tap() {
        Namespace ns = Namespace.create();
        try {
            String tap = Namespace.TAP;
            noIpv6(ns);
            ip(ns, "addr", "flush", "dev", tap);
            ip(ns, "link", "set", tap, "arp", "off", "promisc", "on");
            linuxSide(ns, "kv0", "kv1");
            // --offloads off: the relay reads frames off the TAP with a packet socket, which sees TSO super-frames
            // whole; netem's job is per-segment loss, so the appliance sends MTU-sized segments here
            return new NetemPath(ns, ns, List.of("--target", "tap", "--tap", tap, "--address", APPLIANCE + "/24", "--offloads", "off", "--seal"), tap);
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    /** The appliance on host sockets in a second namespace, behind a second veth pair. */
    static NetemPath host() {
        Namespace a = Namespace.create();
        Namespace b = null;
        try {
            b = Namespace.create();
            for (Namespace n : List.of(a, b)) {
                noIpv6(n);
                ip(n, "addr", "flush", "dev", Namespace.TAP); // unused here
            }
            linuxSide(a, "kv0", "kv1");
            ip(a, "link", "add", "kw1", "type", "veth", "peer", "name", "kw0", "netns", b.name());
            relayPort(a, "kw1");
            ip(b, "addr", "add", APPLIANCE + "/24", "dev", "kw0");
            ip(b, "link", "set", "kw0", "up");
            offloadsOff(b, "kw0");
            // unsealed: a sealed host-target appliance cannot create the socket of an active open (push)
            return new NetemPath(a, b, List.of("--target", "host", "--listen", APPLIANCE, "--no-seal"), "kw1");
        } catch (RuntimeException e) {
            if (b != null) b.close();
            a.close();
            throw e;
        }
    }

    private static void linuxSide(Namespace ns, String linuxDev, String relayDev) {
        ip(ns, "link", "add", linuxDev, "type", "veth", "peer", "name", relayDev);
        ip(ns, "addr", "add", LINUX + "/24", "dev", linuxDev);
        ip(ns, "link", "set", linuxDev, "up");
        offloadsOff(ns, linuxDev);
        relayPort(ns, relayDev);
    }

    private static void relayPort(Namespace ns, String dev) {
        ip(ns, "link", "set", dev, "arp", "off", "promisc", "on", "up");
        offloadsOff(ns, dev);
    }

    private static void noIpv6(Namespace ns) {
        ns.run(CMD, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1").orThrow();
    }

    private static void offloadsOff(Namespace ns, String dev) {
        ns.run(CMD, Env.tool("ethtool").orElseThrow().toString(), "-K", dev, "tx", "off", "tso", "off", "gso", "off", "gro", "off").orThrow();
    }

    private static void ip(Namespace ns, String... args) {
        List<String> c = new ArrayList<>(List.of(Env.IP.orElseThrow().toString(), "-n", ns.name()));
        c.addAll(List.of(args));
        Proc.run(CMD, c).orThrow();
    }

    /** Where Linux's side runs (clients, listeners). */
    Namespace linux() { return linux; }

    /** Where the appliance runs. */
    Namespace applianceNs() { return applianceNs; }

    /** The appliance's target arguments for this path. */
    List<String> targetArgs() { return targetArgs; }

    /** The same path (same namespaces and relay ends), the appliance started with {@code args} instead. */
    NetemPath withTargetArgs(List<String> args) { return new NetemPath(linux, applianceNs, List.copyOf(args), relayB); }

    /** Starts the relay with {@code spec}; until then, nothing crosses. */
    NetemRelay impair(NetemSpec spec, long seed) throws IOException, InterruptedException {
        List<String> c = new ArrayList<>(List.of(Env.PYTHON3.orElseThrow().toString(), script().toString(), "kv1", relayB, "--seed", Long.toString(seed)));
        c.addAll(spec.relayArgs());
        return NetemRelay.start(linux, spec, c);
    }

    static Path script() {
        try {
            return Path.of(NetemPath.class.getResource("netem_relay.py").toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource netem_relay.py is missing", e);
        }
    }

    /** Removes the namespaces (and with them every device and process in them). */
    @Override
    public void close() {
        if (applianceNs != linux) applianceNs.close();
        linux.close();
    }
}

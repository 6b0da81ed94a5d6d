package dev.kiln.appliance;

import dev.kiln.net.Ipv4;
import dev.kiln.net.NetStack;
import dev.kiln.net.host.HostStack;
import dev.kiln.net.stack.KilnStack;
import dev.kiln.net.stack.StackConfig;
import dev.kiln.platform.MacAddress;
import dev.kiln.platform.NetDevice;
import dev.kiln.platform.Readiness;
import dev.kiln.platform.linux.EpollReadiness;
import dev.kiln.platform.linux.LinuxEntropy;
import dev.kiln.platform.linux.TapConfig;
import dev.kiln.platform.linux.TapDevice;
import java.util.Map;
import java.util.TreeMap;

/**
 * A network device an appliance declared, opened: the stack the application binds to, what the
 * loop sleeps on, and the device under the stack (none on the host target).
 *
 * <pre>
 *   tap:  TapDevice ─▶ KilnStack (Ethernet ▸ ARP ▸ IPv4 ▸ ICMP/UDP/TCP), epoll on the TAP fd (+ its wake-up)
 *   host: HostStack (host UDP sockets bound to one address), its selector
 * </pre>
 */
public final class Net implements AutoCloseable {
    private final NetStack stack;
    private final Readiness readiness;
    private final NetDevice device;
    private final String where;

    private Net(NetStack stack, Readiness readiness, NetDevice device, String where) {
        this.stack = stack;
        this.readiness = readiness;
        this.device = device;
        this.where = where;
    }

    /** As {@link #tap(String, String, int, int, int, boolean)} with the TAP offloads asked for. */
    public static Net tap(String tap, String netns, int address, int prefixLen, int gateway) {
        return tap(tap, netns, address, prefixLen, gateway, true);
    }

    /**
     * Kiln's own stack on TAP device {@code tap} (in namespace {@code netns}, or null for this one). With
     * {@code offloads} the TAP is opened with a virtio-net header, checksum offload and TSO (one write carries up
     * to 64 KB of TCP; received super-frames are accepted); a kernel that refuses gets a plain TAP, said once.
     */
    public static Net tap(String tap, String netns, int address, int prefixLen, int gateway, boolean offloads) {
        return tap(tap, netns, address, prefixLen, gateway, offloads, KilnStack.TCP_DEFAULT);
    }

    /** As {@link #tap(String, String, int, int, int, boolean)}, TCP configured by {@code tcp} (e.g. its congestion control). */
    public static Net tap(String tap, String netns, int address, int prefixLen, int gateway, boolean offloads, dev.kiln.net.tcp.TcpConfig tcp) {
        LinuxEntropy entropy = new LinuxEntropy();
        TapConfig tc = TapConfig.of(tap, MacAddress.random(entropy));
        if (netns != null) tc = tc.withNetns(netns);
        if (offloads) tc = tc.withOffloads(dev.kiln.platform.Offload.ALL);
        TapDevice dev = TapDevice.open(tc);
        StackConfig.Builder cfg = StackConfig.builder(address, prefixLen);
        if (gateway != 0) cfg.gateway(gateway);
        KilnStack stack = KilnStack.create(dev, cfg.build(), entropy, tcp);
        EpollReadiness epoll = EpollReadiness.open();
        epoll.add(dev.fd());
        dev.gateOnReadiness(true);
        stack.waker(epoll::wakeup); // TcpListener.execute / NetStack.execute from other threads wake the loop
        return new Net(stack, new TapReadiness(epoll, dev), dev, Ipv4.format(address) + "/" + prefixLen + " on TAP " + tap
                + " (MAC " + MacAddress.format(dev.mac()) + ", Kiln's own stack" + (offloads ? ", " + dev.offloadStatus() : "") + ")");
    }

    /** The host's sockets, bound to {@code address}. */
    public static Net host(int address) {
        HostStack host = HostStack.open(Ipv4.format(address));
        return new Net(host, host.readiness(), null, Ipv4.format(address) + " (host sockets)");
    }

    /** The stack the application binds its sockets to. */
    public NetStack stack() {
        return stack;
    }

    Readiness readiness() {
        return readiness;
    }

    String where() {
        return where;
    }

    /** The device's and the stack's counters, as {@code device.*} and {@code stack.*}. */
    Map<String, Long> counters() {
        Map<String, Long> all = new TreeMap<>();
        if (device != null) device.counters().forEach((k, v) -> all.put("device." + k, v));
        stack.counters().forEach((k, v) -> all.put("stack." + k, v));
        return all;
    }

    @Override
    public void close() {
        stack.close();
        if (device != null) device.close();
    }

    /**
     * Sleeps in the epoll set and tells the TAP device when epoll reports it readable, so the
     * device skips the empty read it would otherwise make on the loop's extra turn after a
     * batch (one {@code read} per wake-up: 13% of the syscalls at 10 k queries/s).
     */
    private record TapReadiness(EpollReadiness epoll, TapDevice tap) implements Readiness {
        @Override
        public void await(long timeoutNs) {
            int n = epoll.poll(timeoutNs);
            int fd = tap.fd();
            for (int i = 0; i < n; i++) {
                if (epoll.readyFd(i) == fd) tap.readable();
            }
        }

        @Override
        public void wakeup() { epoll.wakeup(); }

        @Override
        public void close() { epoll.close(); }
    }
}

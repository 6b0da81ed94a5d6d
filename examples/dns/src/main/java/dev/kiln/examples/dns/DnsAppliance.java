package dev.kiln.examples.dns;

import dev.kiln.dns.AuthServer;
import dev.kiln.dns.ServerConfig;
import dev.kiln.dns.zone.ZoneSet;
import dev.kiln.net.Ipv4;
import dev.kiln.net.NetStack;
import dev.kiln.net.host.HostStack;
import dev.kiln.net.stack.KilnStack;
import dev.kiln.net.stack.StackConfig;
import dev.kiln.platform.Loop;
import dev.kiln.platform.MacAddress;
import dev.kiln.platform.NetDevice;
import dev.kiln.platform.PlatformException;
import dev.kiln.platform.Readiness;
import dev.kiln.platform.linux.BootTimer;
import dev.kiln.platform.linux.EpollReadiness;
import dev.kiln.platform.linux.LinuxClock;
import dev.kiln.platform.linux.LinuxEntropy;
import dev.kiln.platform.linux.Seal;
import dev.kiln.platform.linux.TapConfig;
import dev.kiln.platform.linux.TapDevice;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.Map;
import java.util.TreeMap;

/**
 * The DNS appliance: baked zones, the authoritative server and a network stack, wired in
 * this one visible place and driven by one loop thread.
 *
 * <pre>
 *   TapDevice ─▶ KilnStack (Ethernet ▸ ARP ▸ IPv4 ▸ UDP:53) ─▶ AuthServer.answer ─▶ reply frame
 *   (or HostStack on 127.0.0.1 for the host target)
 * </pre>
 */
public final class DnsAppliance {
    private DnsAppliance() {}

    public static void main(String[] argv) {
        PrintStream out = System.out;
        ApplianceArgs args;
        try {
            args = ApplianceArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("dns appliance: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            run(args, out);
        } catch (PlatformException | dev.kiln.dns.zone.ZoneImageException | IllegalArgumentException | IllegalStateException e) {
            System.err.println("dns appliance: " + e.getMessage());
            System.exit(1);
        }
    }

    static void run(ApplianceArgs args, PrintStream out) {
        ZoneSet zones = loadZones(args);
        AuthServer server = new AuthServer(zones, ServerConfig.defaults());
        LinuxClock clock = new LinuxClock();

        NetStack stack;
        Readiness readiness;
        NetDevice device = null;
        String where;
        if (args.target().equals("tap")) {
            LinuxEntropy entropy = new LinuxEntropy();
            TapConfig tc = TapConfig.of(args.tap(), MacAddress.random(entropy));
            if (args.netns() != null) tc = tc.withNetns(args.netns());
            TapDevice tap = TapDevice.open(tc);
            device = tap;
            StackConfig.Builder cfg = StackConfig.builder(args.address(), args.prefixLen());
            if (args.gateway() != 0) cfg.gateway(args.gateway());
            stack = KilnStack.create(tap, cfg.build(), entropy);
            EpollReadiness epoll = EpollReadiness.open();
            epoll.add(tap.fd());
            tap.gateOnReadiness(true);
            readiness = new TapReadiness(epoll, tap);
            where = Ipv4.format(args.address()) + "/" + args.prefixLen() + " on TAP " + args.tap()
                    + " (MAC " + MacAddress.format(tap.mac()) + ", Kiln's own stack)";
        } else {
            HostStack host = HostStack.open(Ipv4.format(args.listen()));
            stack = host;
            readiness = host.readiness();
            where = Ipv4.format(args.listen()) + ":" + args.port() + " (host sockets)";
        }
        serve(stack, server, args.port());

        Loop loop = new Loop(stack, readiness, clock);
        NetDevice dev = device;
        // SIGTERM/SIGINT stop the loop; the main thread then prints the counters and returns, so the
        // appliance exits 0 through a normal JVM exit (which also lets an AOT training run finish).
        onSignal("TERM", loop::stop);
        onSignal("INT", loop::stop);
        onSignal("USR1", () -> printCounters(out, stack, server, dev));
        out.println("kiln dns appliance");
        out.println("  pid      " + ProcessHandle.current().pid());
        out.println("  target   " + args.target());
        out.println("  address  " + where + (args.target().equals("tap") ? ", UDP port 53" : ""));
        for (var z : zones.zones()) {
            out.println("  zone     " + z.origin() + " (" + z.records() + " records)");
        }
        double ms = BootTimer.sinceExecMillis(); // before sealing: it may read /proc
        if (args.seal()) {
            Seal.sealAppliance(); // no exec, no new files, sockets or executable memory from here on
        }
        out.println("  sealed   " + (args.seal() ? "yes (seccomp: no exec, files, sockets or new executable memory)" : "no"));
        out.printf("  ready in %.1f ms (exec to serving)%n", ms);
        out.flush();
        loop.run();
        printCounters(out, stack, server, dev);
        stack.close();
        if (dev != null) dev.close();
    }

    /**
     * The appliance's wiring of server to stack: answers every UDP datagram on {@code port} with
     * {@link AuthServer#answer}, straight into the stack's reply buffer. The simulator uses this too.
     */
    public static dev.kiln.net.UdpSocket serve(NetStack stack, AuthServer server, int port) {
        return stack.udpBind(port, (socket, src, srcPort, query, reply) -> server.answer(query, reply, false));
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

    private static ZoneSet loadZones(ApplianceArgs args) {
        byte[] image;
        try {
            image = Files.readAllBytes(args.zones());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the baked zones " + args.zones() + ": " + e.getMessage()
                    + " (bake them with ./kiln bake --zone FILE -o " + args.zones() + ")");
        }
        return ZoneSet.load(image);
    }

    /** Runs {@code action} on a signal (USR1: print the counters; TERM, INT: stop). */
    private static void onSignal(String name, Runnable action) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal(name), s -> action.run());
        } catch (IllegalArgumentException e) {
            // the signal is not available on this platform, or the JVM reserves it (e.g. under -Xrs)
        }
    }

    static synchronized void printCounters(PrintStream out, NetStack stack, AuthServer server, NetDevice dev) {
        Map<String, Long> all = new TreeMap<>();
        if (dev != null) dev.counters().forEach((k, v) -> all.put("device." + k, v));
        stack.counters().forEach((k, v) -> all.put("stack." + k, v));
        server.counters().forEach((k, v) -> all.put("dns." + k, v));
        out.println("counters:");
        all.forEach((k, v) -> {
            if (v != 0) out.printf("  %-40s %,d%n", k, v);
        });
        out.flush();
    }
}

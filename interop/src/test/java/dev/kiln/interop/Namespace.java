package dev.kiln.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throw-away network namespace {@code kiln-it-<random>} holding a TAP device {@value #TAP}
 * with the host side {@value #HOST_ADDRESS}/24 (the appliance takes {@value #APPLIANCE_ADDRESS}).
 * Only 192.0.2.0/24 (TEST-NET-1) is used; nothing is routed out. {@link #close} kills every
 * process we started in it (by PID) and removes it, even after a failed set-up.
 */
final class Namespace implements AutoCloseable {
    static final String TAP = "ktap0";
    static final String HOST_ADDRESS = "192.0.2.1";
    static final String APPLIANCE_ADDRESS = "192.0.2.2";
    static final String PREFIX = "kiln-it-";
    private static final Duration CMD_LIMIT = Duration.ofSeconds(10);

    private final String name;
    private final List<Daemon> daemons = new ArrayList<>();
    private boolean closed;

    /** Namespaces not yet closed: a shutdown hook removes them if the test JVM is stopped (e.g. SIGTERM from a timeout). */
    private static final java.util.Set<Namespace> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(Namespace::close), "kiln-it-netns-cleanup"));
    }

    private Namespace(String name) {
        this.name = name;
        OPEN.add(this);
    }

    /** Creates the namespace, brings up lo, and adds the TAP device with the host address. */
    static Namespace create() {
        String name = PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        String ip = Env.IP.orElseThrow().toString();
        Proc.run(CMD_LIMIT, ip, "netns", "add", name).orThrow();
        Namespace ns = new Namespace(name);
        try {
            Proc.run(CMD_LIMIT, ip, "-n", name, "link", "set", "lo", "up").orThrow();
            Proc.run(CMD_LIMIT, ip, "-n", name, "tuntap", "add", "dev", TAP, "mode", "tap").orThrow();
            Proc.run(CMD_LIMIT, ip, "-n", name, "addr", "add", HOST_ADDRESS + "/24", "dev", TAP).orThrow();
            Proc.run(CMD_LIMIT, ip, "-n", name, "link", "set", TAP, "up").orThrow();
            return ns;
        } catch (RuntimeException e) {
            ns.close();
            throw e;
        }
    }

    String name() { return name; }

    /** {@code ip netns exec NAME} + the command. */
    List<String> exec(List<String> command) {
        List<String> c = new ArrayList<>(List.of(Env.IP.orElseThrow().toString(), "netns", "exec", name));
        c.addAll(command);
        return c;
    }

    /** Runs a short command inside the namespace with a time limit. */
    Proc.Result run(Duration limit, String... command) {
        return Proc.run(limit, exec(List.of(command)));
    }

    /** Starts a long-running command inside the namespace; {@link #close} stops it if nobody else does. */
    Daemon start(String label, List<String> command) throws java.io.IOException {
        Daemon d = Daemon.start(label, exec(command));
        synchronized (daemons) { daemons.add(d); }
        return d;
    }

    /** Does {@code ip netns list} show this namespace? */
    boolean exists() {
        return exists(name);
    }

    static boolean exists(String name) {
        Proc.Result r = Proc.run(CMD_LIMIT, Env.IP.orElseThrow().toString(), "netns", "list").orThrow();
        return r.stdout().lines().map(l -> l.split("\\s+")[0]).anyMatch(name::equals);
    }

    /** PIDs of processes living in the namespace ({@code ip netns pids}). */
    List<Long> pids() {
        Proc.Result r = Proc.run(CMD_LIMIT, Env.IP.orElseThrow().toString(), "netns", "pids", name);
        if (!r.ok()) return List.of();
        return r.stdout().lines().map(String::trim).filter(s -> s.matches("\\d+")).map(Long::parseLong).toList();
    }

    /**
     * Stops our daemons (SIGTERM, then SIGKILL), then any process still in the namespace (only ours
     * can be there: the name is random and fresh), then deletes the TAP device and the namespace.
     * Idempotent; never throws (failures are reported on stderr so the real failure stays visible).
     */
    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        OPEN.remove(this);
        List<Daemon> ds;
        synchronized (daemons) { ds = List.copyOf(daemons); }
        for (Daemon d : ds.reversed()) {
            try { d.close(); } catch (RuntimeException e) { System.err.println("kiln-it: stopping " + d.pid() + ": " + e); }
        }
        try {
            for (long pid : pids()) {
                ProcessHandle.of(pid).ifPresent(h -> Proc.stop(h, Duration.ofSeconds(3)));
            }
            String ip = Env.IP.orElseThrow().toString();
            Proc.run(CMD_LIMIT, ip, "-n", name, "link", "del", TAP); // may already be gone
            Proc.Result del = Proc.run(CMD_LIMIT, ip, "netns", "del", name);
            if (!del.ok() && exists()) System.err.println("kiln-it: could not remove namespace " + name + ":\n" + del.describe());
        } catch (RuntimeException e) {
            System.err.println("kiln-it: cleaning up namespace " + name + ": " + e);
        }
    }
}

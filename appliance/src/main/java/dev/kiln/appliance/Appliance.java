package dev.kiln.appliance;

import dev.kiln.net.Ipv4;
import dev.kiln.platform.BootTrace;
import dev.kiln.platform.Loop;
import dev.kiln.platform.PlatformException;
import dev.kiln.platform.linux.BootTimer;
import dev.kiln.platform.linux.LinuxClock;
import dev.kiln.platform.linux.Seal;
import dev.kiln.platform.linux.TapDevice;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One boot of an appliance: its run-time arguments, the devices it opens, its baked data, and
 * the shared run time every appliance has — the banner ending in {@code ready in N ms}, SIGUSR1
 * (print counters), SIGTERM/SIGINT (stop, print counters, exit 0), the seal, the loop.
 * A generated main is {@code Appliance.main(name, target, argv, args, body)} with a body that
 * loads data, opens devices, starts the application and calls {@link #serve}.
 */
public final class Appliance {
    /** What the generated main does with a booted appliance. */
    public interface Body {
        void boot(Appliance appliance);
    }

    private final String name;
    private final String target;
    private final RunArgs args;
    private final PrintStream out = System.out;
    private final List<String> lines = new ArrayList<>();
    private final Map<String, Supplier<Map<String, Long>>> counters = new LinkedHashMap<>();
    private Net net;

    private Appliance(String name, String target, RunArgs args) {
        this.name = name;
        this.target = target;
        this.args = args;
    }

    /** The declared run-time arguments and their defaults, as {@code name, default, name, default, …}. */
    public static Map<String, String> args(String... namesAndDefaults) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndDefaults.length; i += 2) m.put(namesAndDefaults[i], namesAndDefaults[i + 1]);
        return m;
    }

    /**
     * Boots: parses {@code argv}, runs {@code body}, and turns a user's error into one line and an
     * exit status (2: bad arguments, 1: the machine said no, e.g. no TAP device).
     *
     * @param target the configured target, or null to take it from {@code --target} (default host; development entries)
     */
    public static void main(String name, String target, String[] argv, Map<String, String> declared, Body body) {
        BootTrace.mark("main");
        if ("tap".equals(target)) TapDevice.linkAhead(); // overlap linking the per-frame system calls with the boot
        Appliance a;
        try {
            RunArgs args = RunArgs.parse(argv, declared);
            String asked = args.get("target");
            if (target != null && asked != null && !asked.equals(target)) {
                throw new IllegalArgumentException("this appliance was built for the " + target + " target, not " + asked
                        + ": build it again with kiln build --target " + asked);
            }
            String t = target != null ? target : asked != null ? asked : "host";
            if (!t.equals("tap") && !t.equals("host")) throw new IllegalArgumentException("unknown target '" + t + "': use tap or host");
            a = new Appliance(name, t, args);
        } catch (IllegalArgumentException e) {
            System.err.println(name + " appliance: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            body.boot(a);
        } catch (PlatformException | IllegalArgumentException | IllegalStateException e) {
            System.err.println(name + " appliance: " + e.getMessage());
            System.exit(1);
        }
    }

    public String target() {
        return target;
    }

    public RunArgs args() {
        return args;
    }

    /**
     * Loads baked data given as {@code --KEY FILE} with {@code loader} (a binary load, no parsing).
     *
     * @throws IllegalArgumentException if the file is missing or does not load
     */
    public <T> T load(String key, Function<byte[], T> loader) {
        String file = args.get(key);
        if (file == null) throw new IllegalArgumentException("--" + key + " FILE is required (the image's bin/appliance passes it; kiln build bakes it)");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the baked " + key + " " + file + ": " + e.getMessage() + " (kiln build bakes it)");
        }
        try {
            T loaded = loader.apply(bytes);
            BootTrace.mark("loaded-" + key);
            return loaded;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the baked " + key + " " + file + " does not load: " + e.getMessage()
                    + " (build the image again with kiln build)");
        }
    }

    /** Opens network device {@code id} on the tap target; {@code --tap/--netns/--address/--gateway} override. */
    public Net tap(String id, String tapName, String cidr, String gateway) {
        String c = or(args.get("address"), cidr);
        String[] parts = c.split("/", -1);
        int prefix = parts.length == 2 && parts[1].matches("[0-9]{1,2}") ? Integer.parseInt(parts[1]) : -1;
        if (prefix < 1 || prefix > 30) throw new IllegalArgumentException(id + ": address " + c + " wants ADDRESS/PREFIX (1-30), e.g. 192.0.2.2/24");
        String gw = or(args.get("gateway"), gateway);
        String off = or(args.get("offloads"), "on");
        if (!off.equals("on") && !off.equals("off")) throw new IllegalArgumentException(id + ": --offloads takes on or off, not '" + off + "'");
        return opened(Net.tap(or(args.get("tap"), tapName), args.get("netns"), Ipv4.parse(parts[0]), prefix,
                gw == null || gw.equals("none") ? 0 : Ipv4.parse(gw), off.equals("on"), tcpConfig(id, or(args.get("tcp-congestion"), "cubic"))));
    }

    /**
     * Kiln's TCP defaults with the congestion control {@code --tcp-congestion} names: {@code cubic} (RFC 9438, the
     * default), {@code newreno} (RFC 5681/6582) or {@code bbr} (a model of the path, as Linux's default here).
     */
    static dev.kiln.net.tcp.TcpConfig tcpConfig(String id, String cc) {
        dev.kiln.net.tcp.TcpConfig t = dev.kiln.net.stack.KilnStack.TCP_DEFAULT;
        return switch (cc) {
            case "cubic" -> t.withBbr(false).withCubic(true);
            case "newreno" -> t.withBbr(false).withCubic(false);
            case "bbr" -> t.withBbr(true);
            default -> throw new IllegalArgumentException(id + ": --tcp-congestion takes cubic, newreno or bbr, not '" + cc + "'");
        };
    }

    /**
     * Opens network device {@code id} on the host target at {@code listen} ({@code ADDR[:PORT]});
     * {@code --listen} overrides. A port in {@code --listen} sets {@code port}; the descriptor's does unless {@code --port} was given.
     */
    public Net host(String id, String listen) {
        String l = or(args.get("listen"), listen);
        int colon = l.lastIndexOf(':');
        if (colon >= 0) {
            if (args.given("listen") || !args.given("port")) args.set("port", l.substring(colon + 1));
            l = l.substring(0, colon);
        }
        return opened(Net.host(Ipv4.parse(l)));
    }

    private Net opened(Net n) {
        if (net != null) throw new IllegalStateException("this run time drives one network device; the descriptor declared more");
        net = n;
        return n;
    }

    private static String or(String given, String dflt) {
        return given != null ? given : dflt;
    }

    /** Adds a banner line, e.g. {@code line("zone", "example.com. (12 records)")}. */
    public void line(String key, String value) {
        lines.add("  " + pad(key, 8) + " " + value);
    }

    /** Counters printed on SIGUSR1 and at exit, each name prefixed with {@code prefix} (e.g. {@code dns.}). */
    public void counters(String prefix, Supplier<Map<String, Long>> source) {
        counters.put(prefix, source);
    }

    /** Prints the banner, seals if {@code --seal}, and runs the loop over {@code n} until SIGTERM/SIGINT. */
    public void serve(Net n) {
        // An AOT training run rehearses the seal (all of it but the last two system calls), so the
        // sealing code is in the cache, yet the JVM can still write the cache at exit.
        boolean training = args.flag("seal") && recordsAotCache();
        if (training) System.setProperty(Seal.REHEARSE_PROPERTY, "true");
        boolean seal = args.flag("seal");
        String flags = seal ? Seal.checkJvmFlags(Seal.jvmArguments()) : null;
        if (flags != null) {
            throw new IllegalStateException("cannot seal: " + flags + " (for an image: KILN_JAVA_OPTS=\""
                    + String.join(" ", Seal.REQUIRED_JVM_FLAGS) + "\" bin/appliance …, or --no-seal; kiln run does this for you)");
        }
        BootTrace.mark("app-started");
        Loop loop = new Loop(n.stack(), n.readiness(), new LinuxClock());
        // SIGTERM/SIGINT stop the loop; the main thread then prints the counters and returns, so the
        // appliance exits 0 through a normal JVM exit (which also lets an AOT training run finish).
        Signals.on("TERM", loop::stop);
        Signals.on("INT", loop::stop);
        Signals.on("USR1", () -> printCounters(n));
        out.println("kiln " + name + " appliance");
        out.println("  pid      " + ProcessHandle.current().pid());
        out.println("  target   " + target);
        out.println("  address  " + n.where());
        lines.forEach(out::println);
        BootTrace.mark("banner");
        double ms = BootTimer.sinceExecMillis(); // before sealing: it may read /proc
        if (seal) Seal.sealAppliance(); // no exec, no new files, sockets or executable memory from here on
        out.println("  sealed   " + (training ? "rehearsed, not applied (an AOT training run: the JVM writes its cache at exit)"
                : seal ? "yes (seccomp: no exec, files, sockets or new executable memory)" : "no"));
        out.println("  ready in " + (ms < 0 ? "? ms (exec time unknown)" : Math.round(ms * 10) / 10.0 + " ms (exec to serving)"));
        out.flush();
        loop.run();
        printCounters(n);
        n.close();
    }

    // Plain padding and digit grouping, not java.util.Formatter: a boot does not pay for the
    // formatter's locale data (≈ 10 ms interpreted), and nothing here needs it after the seal.
    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    static String grouped(long v) {
        String digits = Long.toString(v);
        StringBuilder sb = new StringBuilder();
        if (v < 0) { // Long.MIN_VALUE has no positive counterpart: drop the sign from the text instead
            sb.append('-');
            digits = digits.substring(1);
        }
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) sb.append(',');
            sb.append(digits.charAt(i));
        }
        return sb.toString();
    }

    /** True in the image builder's training run ({@code -XX:AOTCacheOutput}), which must write files at exit. */
    private static boolean recordsAotCache() {
        return Seal.jvmArguments().stream().anyMatch(a -> a.startsWith("-XX:AOTCacheOutput") || a.equals("-XX:AOTMode=record"));
    }

    private synchronized void printCounters(Net n) {
        Map<String, Long> all = new TreeMap<>(n.counters());
        counters.forEach((prefix, source) -> source.get().forEach((k, v) -> all.put(prefix + k, v)));
        out.println("counters:");
        all.forEach((k, v) -> {
            if (v != 0) out.println("  " + pad(k, 40) + " " + grouped(v));
        });
        out.flush();
    }
}

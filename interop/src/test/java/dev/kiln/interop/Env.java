package dev.kiln.interop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Assumptions;

/**
 * What the interop tests need from the machine, found once: root, /dev/net/tun, and the tools
 * ({@code ip}, {@code nsd}, {@code dig}, {@code kdig}, {@code ping}, {@code python3}). Tests call
 * {@link #assumeReady()} and skip, naming what is missing and how to get it, when anything is.
 */
final class Env {
    static final String HOW_TO_RUN = "run as root on Linux with nsd, dig and kdig installed: "
            + "apt-get install nsd bind9-dnsutils knot-dnsutils iproute2 iputils-ping python3";

    private static final List<String> SEARCH = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin");

    static final Optional<Path> IP = tool("ip");
    static final Optional<Path> NSD = tool("nsd");
    static final Optional<Path> DIG = tool("dig");
    static final Optional<Path> KDIG = tool("kdig");
    static final Optional<Path> PING = tool("ping");
    /** The system python (stdlib only is used); preferred over a PATH shim that may not work under sudo/netns. */
    static final Optional<Path> PYTHON3 = tool("python3");

    private Env() {}

    /** Everything missing, in words; empty when the machine can run the interop tests. */
    static List<String> missing() {
        List<String> m = new ArrayList<>();
        if (!System.getProperty("os.name", "").toLowerCase().contains("linux")) m.add("Linux");
        if (!isRoot()) m.add("root (uid 0, for network namespaces and TAP devices)");
        if (!Files.exists(Path.of("/dev/net/tun"))) m.add("/dev/net/tun");
        if (IP.isEmpty()) m.add("ip (iproute2)");
        if (NSD.isEmpty()) m.add("nsd");
        if (DIG.isEmpty()) m.add("dig (bind9-dnsutils)");
        if (KDIG.isEmpty()) m.add("kdig (knot-dnsutils)");
        if (PING.isEmpty()) m.add("ping (iputils-ping)");
        if (PYTHON3.isEmpty()) m.add("python3");
        return m;
    }

    /** Skips the calling test with a message naming what is missing and how to run it. */
    static void assumeReady() {
        List<String> m = missing();
        Assumptions.assumeTrue(m.isEmpty(), () -> "interop tests skipped: missing " + String.join(", ", m)
                + " — " + HOW_TO_RUN);
    }

    static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return f.length > 1 && f[1].equals("0"); // effective uid
                }
            }
        } catch (IOException | RuntimeException e) {
            return false;
        }
        return false;
    }

    static Optional<Path> tool(String name) {
        List<String> dirs = new ArrayList<>(SEARCH);
        String path = System.getenv("PATH");
        if (path != null) dirs.addAll(List.of(path.split(":")));
        for (String d : dirs) {
            if (d.isEmpty()) continue;
            Path p = Path.of(d, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return Optional.of(p);
        }
        return Optional.empty();
    }

    /** The java launcher of this JVM, for starting the appliance with the same runtime. */
    static String javaLauncher() {
        Optional<String> cmd = ProcessHandle.current().info().command();
        if (cmd.isPresent() && Files.isExecutable(Path.of(cmd.get()))) return cmd.get();
        String home = System.getenv("JAVA_HOME");
        if (home == null) home = System.getProperty("java.home");
        return Path.of(home, "bin", "java").toString();
    }

    /**
     * This JVM's test class path (surefire is configured without a manifest-only jar, so
     * java.class.path is the real thing; surefire.test.class.path is the fallback).
     */
    static String classPath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) cp = System.getProperty("java.class.path");
        return cp;
    }

    /** The repository root: the nearest directory upwards holding the parent pom (kiln-parent). */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path pom = d.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>kiln-parent</artifactId>")
                        && Files.readString(pom).contains("<modules>")) {
                    return d;
                }
            } catch (IOException e) {
                // unreadable: keep looking
            }
        }
        throw new IllegalStateException("cannot find the repository root (a pom.xml with kiln-parent and <modules>) above " + dir);
    }
}

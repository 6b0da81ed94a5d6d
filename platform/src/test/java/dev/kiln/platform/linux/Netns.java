package dev.kiln.platform.linux;

import dev.kiln.platform.MacAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/** Test helper: runs {@code ip}, creates and deletes throw-away network namespaces. */
final class Netns implements AutoCloseable {
    final String name;

    private Netns(String name) {
        this.name = name;
    }

    /** Why TAP tests cannot run here, or null if they can. */
    static String unavailableReason() {
        if (!"root".equals(System.getProperty("user.name"))) return "needs root (for ip netns and /dev/net/tun)";
        if (!Files.exists(Path.of("/dev/net/tun"))) return "needs /dev/net/tun (modprobe tun)";
        if (!Files.isExecutable(Path.of("/usr/sbin/ip")) && !Files.isExecutable(Path.of("/sbin/ip"))
                && !Files.isExecutable(Path.of("/usr/bin/ip"))) return "needs the ip command (apt-get install iproute2)";
        return null;
    }

    static Netns create() {
        String name = "kiln-t-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        ip("netns", "add", name);
        return new Netns(name);
    }

    /** Runs {@code ip -n NS args…}; fails the test on a non-zero exit. */
    String ipIn(String... args) {
        List<String> all = new ArrayList<>(List.of("-n", name));
        all.addAll(List.of(args));
        return ip(all.toArray(String[]::new));
    }

    /** True if {@code ip -n NS link show dev DEV} succeeds. */
    boolean linkExists(String dev) {
        return run(List.of("ip", "-n", name, "link", "show", "dev", dev)).exit == 0;
    }

    /** The kernel side's MAC of {@code dev}. */
    long macOf(String dev) {
        String out = ipIn("-o", "link", "show", "dev", dev);
        int at = out.indexOf("link/ether ");
        String hex = out.substring(at + 11, at + 28);
        return MacAddress.parse(hex);
    }

    /** Runs {@code cmd} inside the namespace ({@code ip netns exec}); fails the test on a non-zero exit. */
    String exec(String... cmd) {
        List<String> all = new ArrayList<>(List.of("netns", "exec", name));
        all.addAll(List.of(cmd));
        return ip(all.toArray(String[]::new));
    }

    @Override
    public void close() {
        run(List.of("ip", "netns", "del", name));
    }

    static String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Result r = run(cmd);
        if (r.exit != 0) throw new AssertionError(String.join(" ", cmd) + " failed (" + r.exit + "): " + r.out);
        return r.out;
    }

    record Result(int exit, String out) {}

    static Result run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(cmd + " timed out");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError(cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

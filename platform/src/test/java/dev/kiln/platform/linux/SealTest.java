package dev.kiln.platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.probe.SealedProbe;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A forked JVM ({@link SealedProbe}) seals itself; this test watches it from outside: its
 * refusals, {@code /proc/PID/status}, UDP echoes over 127.0.0.1 after the seal, a clean exit.
 */
class SealTest {
    static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(120); // shared 2-core machines are slow
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    static boolean canSeal() {
        return "amd64".equals(System.getProperty("os.arch")) && Files.exists(Path.of("/proc/self/status"));
    }

    /** A running probe whose stdout lines arrive in a queue. */
    static final class Probe implements AutoCloseable {
        final Process process;
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();
        final long deadline = System.nanoTime() + DEADLINE_NS;

        Probe(List<String> jvmFlags, String mode) throws Exception {
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("-XX:-UsePerfData"); // the sealed JVM could not delete its hsperfdata file at exit
            cmd.addAll(jvmFlags);
            cmd.addAll(List.of("-cp", ForkedJvmTest.classPath(), SealedProbe.class.getName(), mode));
            process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            process.getOutputStream().close();
            Thread.ofPlatform().daemon().start(() -> {
                try (var r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) lines.add(l);
                } catch (Exception ignored) {
                    // process gone
                }
                lines.add("<eof>");
            });
        }

        /** The first line matching {@code p}, waiting up to the deadline. */
        String await(Predicate<String> p, String what) throws InterruptedException {
            while (true) {
                long left = deadline - System.nanoTime();
                String l = left <= 0 ? null : lines.poll(left, TimeUnit.NANOSECONDS);
                if (l == null) fail("timed out waiting for " + what + "; output so far:\n" + String.join("\n", seen));
                seen.add(l);
                if (p.test(l)) return l;
                if (l.equals("<eof>")) {
                    process.waitFor(10, TimeUnit.SECONDS);
                    fail("probe ended (" + (process.isAlive() ? "running" : "exit " + process.exitValue()) + ") before "
                            + what + ":\n" + String.join("\n", seen));
                }
            }
        }

        int exitCode() throws InterruptedException {
            long left = deadline - System.nanoTime();
            if (!process.waitFor(Math.max(left, 1), TimeUnit.NANOSECONDS)) fail("probe did not exit:\n" + String.join("\n", seen));
            return process.exitValue();
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    static List<List<String>> compilerModes() {
        List<String> c2 = new ArrayList<>(Seal.REQUIRED_JVM_FLAGS);
        List<String> c1Serial = new ArrayList<>(Seal.REQUIRED_JVM_FLAGS);
        c1Serial.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        List<String> interpreted = new ArrayList<>(Seal.REQUIRED_JVM_FLAGS);
        interpreted.add("-Xint");
        return List.of(c2, c1Serial, interpreted);
    }

    @ParameterizedTest
    @MethodSource("compilerModes")
    void sealedApplianceRefusesForbiddenCallsAndKeepsServing(List<String> flags) throws Exception {
        assumeTrue(canSeal(), "sealing needs x86-64 Linux with /proc");
        try (Probe p = new Probe(flags, "serve");
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            long pid = Long.parseLong(p.await(l -> l.startsWith("sealed pid "), "the seal").substring(11));
            assertEquals(p.process.pid(), pid);
            int port = Integer.parseInt(p.await(l -> l.startsWith("port "), "the port").substring(5));

            // the kernel's view, from outside (the sealed process cannot open /proc itself)
            String status = Files.readString(Path.of("/proc/" + pid + "/status"));
            assertTrue(status.contains("\nSeccomp:\t2\n"), status);
            assertTrue(status.contains("\nNoNewPrivs:\t1\n"), status);

            Map<String, String> expect = Map.ofEntries(
                    Map.entry("exec", "IOException"), // ProcessBuilder.start: clone without CLONE_THREAD
                    Map.entry("execve", "EPERM"),
                    Map.entry("open", "FileSystemException: /etc/hostname: Operation not permitted"),
                    Map.entry("create", "Operation not permitted"),
                    Map.entry("udp-socket", "SocketException: Operation not permitted"),
                    Map.entry("tcp-socket", "SocketException: Operation not permitted"),
                    Map.entry("mmap-exec", "EPERM"),
                    Map.entry("mprotect-exec", "EPERM"),
                    Map.entry("ptrace", "EPERM"),
                    Map.entry("kill", "EPERM"),
                    Map.entry("memfd", "EPERM"));
            for (String name : List.of("exec", "execve", "open", "create", "udp-socket", "tcp-socket", "mmap-exec",
                    "mprotect-exec", "ptrace", "kill", "memfd")) {
                String line = p.await(l -> l.startsWith(name + ": "), name);
                assertTrue(line.startsWith(name + ": refused EPERM"), line);
                assertTrue(line.contains(expect.get(name)), line);
            }

            String platform = p.await(l -> l.startsWith("platform: "), "the platform devices");
            assertEquals("platform: epoll-wakeup ok entropy ok clock ok", platform);

            echo(udp, port, 10, "early");
            // seconds of GC, JIT, new platform and virtual threads under the seal
            p.await(l -> l.equals("alive 8"), "8 rounds of work after the seal");
            echo(udp, port, 10, "late");
            assertTrue(Files.readString(Path.of("/proc/" + pid + "/status")).contains("\nSeccomp:\t2\n"));

            byte[] exit = "exit".getBytes(StandardCharsets.US_ASCII);
            udp.send(new DatagramPacket(exit, exit.length, new InetSocketAddress(LOOPBACK, port)));
            assertEquals(0, p.exitCode(), String.join("\n", p.seen));
            p.await(l -> l.equals("bye"), "bye");
            assertTrue(p.seen.stream().noneMatch(l -> l.contains("echo failed") || l.contains("Exception in thread")),
                    String.join("\n", p.seen));
        }
    }

    /** Sends {@code n} datagrams to the probe on 127.0.0.1 and expects each echoed back. */
    static void echo(DatagramSocket udp, int port, int n, String tag) throws Exception {
        udp.setSoTimeout(5_000);
        byte[] in = new byte[2048];
        for (int i = 0; i < n; i++) {
            byte[] out = (tag + "-" + i).getBytes(StandardCharsets.US_ASCII);
            udp.send(new DatagramPacket(out, out.length, new InetSocketAddress(LOOPBACK, port)));
            DatagramPacket reply = new DatagramPacket(in, in.length);
            try {
                udp.receive(reply);
            } catch (SocketTimeoutException e) {
                fail("no echo of " + tag + "-" + i + " within 5 s");
            }
            assertEquals(tag + "-" + i, new String(in, 0, reply.getLength(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    void sealingWithoutCodeCacheFlagsIsRefusedWithTheFix() throws Exception {
        assumeTrue(canSeal(), "sealing needs x86-64 Linux with /proc");
        try (Probe p = new Probe(List.of(), "serve")) {
            String line = p.await(l -> l.startsWith("cannot seal") || l.startsWith("sealed"), "the seal's answer");
            assertTrue(line.startsWith("cannot seal: the JVM was started without -XX:ReservedCodeCacheSize=N"), line);
            assertTrue(line.contains("start java with -XX:ReservedCodeCacheSize=64m -XX:InitialCodeCacheSize=64m"), line);
            assertEquals(3, p.exitCode());
            assertTrue(p.seen.stream().noneMatch(l -> l.contains("\tat ")), "no stack trace");
        }
    }

    @Test
    void aThreadWithItsOwnFilterIsNamedWhenTsyncFails() throws Exception {
        assumeTrue(canSeal(), "sealing needs x86-64 Linux with /proc");
        try (Probe p = new Probe(Seal.REQUIRED_JVM_FLAGS, "tsync-conflict")) {
            String own = p.await(l -> l.startsWith("own filter "), "the thread's own filter");
            assertTrue(own.startsWith("own filter 0 on thread "), own);
            String tid = own.substring("own filter 0 on thread ".length());
            String line = p.await(l -> l.startsWith("cannot seal") || l.startsWith("sealed"), "the seal's answer");
            assertTrue(line.startsWith("cannot seal: thread " + tid + " could not be synchronised"), line);
            assertEquals(3, p.exitCode());
        }
    }

    @Test
    void sigtermRunsShutdownHooksUnderTheSeal() throws Exception {
        assumeTrue(canSeal(), "sealing needs x86-64 Linux with /proc");
        try (Probe p = new Probe(Seal.REQUIRED_JVM_FLAGS, "seal-only")) {
            p.await(l -> l.startsWith("port "), "the seal");
            p.await(l -> l.startsWith("alive "), "work under the seal");
            p.process.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its stdout
            p.await(l -> l.equals("shutdown hook ran"), "the shutdown hook");
            assertEquals(143, p.exitCode());
        }
    }

    @Test
    void withoutAFullyCommittedCodeCacheASealedJvmDies() throws Exception {
        assumeTrue(canSeal(), "sealing needs x86-64 Linux with /proc");
        // why Seal.apply checks the flags: bypass the check, and HotSpot aborts at its first
        // code-cache growth (mmap(MAP_FIXED, RWX) refused) while it works after the seal
        try (Probe p = new Probe(List.of("-XX:-CreateCoredumpOnCrash", "-XX:ReservedCodeCacheSize=64m",
                "-XX:InitialCodeCacheSize=1m"), "unchecked")) {
            // No wait for the probe's "sealed pid" line: on a fast machine the first code-cache growth
            // can come between the seal and that line. EPERM from the commit proves the seal was on.
            String died = p.await(l -> l.contains("os::commit_memory"), "HotSpot to fail committing code cache");
            assertTrue(died.contains("Operation not permitted"), died);
            assertTrue(p.exitCode() != 0, "a JVM that cannot grow its code cache must not carry on normally");
        }
    }

    @Test
    void aPolicyMissingANeededCallFailsHereNotInProduction() throws Exception {
        assumeTrue(canSeal(), "sealing needs x86-64 Linux with /proc");
        try (Probe p = new Probe(Seal.REQUIRED_JVM_FLAGS, "refuse:sendto");
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            int port = Integer.parseInt(p.await(l -> l.startsWith("port "), "the port").substring(5));
            byte[] ping = "ping".getBytes(StandardCharsets.US_ASCII);
            udp.send(new DatagramPacket(ping, ping.length, new InetSocketAddress(LOOPBACK, port)));
            String failed = p.await(l -> l.startsWith("echo failed"), "the echo to fail");
            assertTrue(failed.contains("Operation not permitted"), failed);
            // the appliance side of a bad policy: the reply never arrives
            udp.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, () -> udp.receive(new DatagramPacket(new byte[16], 16)));
            assertEquals(4, p.exitCode(), "the probe stops serving and exits with 4");
        }
    }

    @Test
    void flagsFromJavaToolOptionsCount() throws Exception {
        assumeTrue(canSeal(), "sealing needs x86-64 Linux with /proc");
        // same check, flags arriving through the environment instead of the command line
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-XX:-UsePerfData", "-cp", ForkedJvmTest.classPath(),
                SealedProbe.class.getName(), "seal-only"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("JAVA_TOOL_OPTIONS", String.join(" ", Seal.REQUIRED_JVM_FLAGS));
        Process proc = pb.start();
        try (DatagramSocket udp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            var r = new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
            String port = null;
            for (String l; (l = r.readLine()) != null; ) {
                assertTrue(!l.startsWith("cannot seal"), l);
                if (l.startsWith("port ")) {
                    port = l.substring(5);
                    break;
                }
            }
            assertNotNull(port, "probe ended without sealing");
            byte[] exit = "exit".getBytes(StandardCharsets.US_ASCII);
            udp.send(new DatagramPacket(exit, exit.length, new InetSocketAddress(LOOPBACK, Integer.parseInt(port))));
            assertTrue(proc.waitFor(120, TimeUnit.SECONDS), "probe did not exit");
            assertEquals(0, proc.exitValue());
        } finally {
            proc.destroyForcibly();
        }
    }
}

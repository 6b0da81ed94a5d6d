package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code kiln run examples/dns} on the tap target: the generated main opens the TAP device in a
 * namespace this test creates (and Boot removes), serves on Kiln's own stack at the descriptor's
 * address, and is sealed. Needs root, /dev/net/tun and dig; skipped with the reason otherwise.
 */
class TapBootTest {
    private static final String NETNS = "kiln-cli-test";

    @Test
    void dnsExampleOnTapAnswersSealed() throws Exception {
        assumeTrue(Ip.isRoot(), "the tap target needs root (namespace + TAP device)");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "no /dev/net/tun (modprobe tun)");
        assumeTrue(Ip.exec("sh", "-c", "command -v dig").ok(), "dig is missing (apt-get install bind9-dnsutils)");
        assumeTrue(!Files.exists(Path.of("/var/run/netns", NETNS)), "namespace " + NETNS + " exists already (another run?)");
        TargetOptions o = new TargetOptions();
        new CommandLine(o).parseArgs("--target", "tap", "--netns", NETNS, "--tap", "kclitest0");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
             Boot boot = Boot.start(Path.of("..", "examples", "dns"), o, out)) {
            String banner = log.toString(StandardCharsets.UTF_8);
            assertEquals("192.0.2.2", boot.applianceIp, "the descriptor's net.net0.address");
            Ip.Result dig = Ip.exec("ip", "netns", "exec", NETNS, "dig", "+time=2", "+tries=2", "+short", "@192.0.2.2", "www.example.com", "A");
            assertTrue(dig.ok() && dig.output().contains("192.0.2.80"), dig.output() + "\n" + banner);
            Matcher pid = Pattern.compile("pid\\s+(\\d+)").matcher(banner);
            assertTrue(pid.find(), banner);
            String status = Files.readString(Path.of("/proc", pid.group(1), "status"));
            assertTrue(status.contains("Seccomp:\t2"), "sealed with a seccomp filter\n" + banner);
            assertTrue(banner.contains("on TAP kclitest0"), banner);
        }
        assertFalse(Files.exists(Path.of("/var/run/netns", NETNS)), "the namespace is removed on close");
    }
}

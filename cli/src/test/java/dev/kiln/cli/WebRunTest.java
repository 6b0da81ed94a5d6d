package dev.kiln.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code kiln run examples/www --target host}: HTTP on --port and HTTPS on --tls-port (free ports here,
 * so the test does not collide with a real 8080/8443; the defaults are {@link PortDefaultTest}'s), and
 * the curl lines {@code kiln run} prints name both. Needs curl; skipped otherwise.
 */
class WebRunTest {
    static int freeTcpPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void wwwExampleServesHttpAndHttpsOnTheHostTarget() throws Exception {
        assumeTrue(Ip.exec("sh", "-c", "command -v curl").ok(), "curl is missing (apt-get install curl)");
        int port = freeTcpPort(), tlsPort = freeTcpPort();
        TargetOptions o = new TargetOptions();
        new CommandLine(o).parseArgs("--target", "host", "--no-seal", "--port", Integer.toString(port), "--tls-port", Integer.toString(tlsPort));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(log, true, StandardCharsets.UTF_8);
             Boot boot = Boot.start(Path.of("..", "examples", "www"), o, out)) {
            String banner = log.toString(StandardCharsets.UTF_8);
            // Kiln's flags, then the descriptor's jvm-options= (none for this one) and KILN_JAVA_OPTS, then the class path
            java.util.List<String> cmd = boot.process.command;
            assertEquals(Boot.userJvmOptions(), cmd.subList(cmd.indexOf("-XX:InitialCodeCacheSize=64m") + 1, cmd.indexOf("-cp")), cmd.toString());
            assertTrue(banner.contains("HTTP on TCP port " + port) && banner.contains("HTTPS on TCP port " + tlsPort), banner);
            assertEquals(java.util.List.of("curl http://127.0.0.1:" + port + "/", "curl -k https://127.0.0.1:" + tlsPort
                    + "/healthz   (-k: the development certificate; or --cacert tls/cert.pem)"), boot.curlCommands());
            Ip.Result http = Ip.exec("curl", "-sS", "--max-time", "20", "http://127.0.0.1:" + port + "/healthz");
            assertTrue(http.ok() && http.output().equals("ok"), http.output() + banner);
            Ip.Result https = Ip.exec("curl", "-sS", "-k", "--max-time", "20", "https://127.0.0.1:" + tlsPort + "/healthz");
            assertTrue(https.ok() && https.output().equals("ok"), https.output() + banner);
        }
    }
}

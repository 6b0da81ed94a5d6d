package dev.kiln.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The fixture the web interop tests share: a throwaway namespace, the sealed web appliance in it
 * (target chosen by the subclass), a temp directory, and curl run inside the namespace with the
 * development certificate trusted and {@code localhost} resolving to the appliance. Skips, naming
 * what is missing, without root, ip, curl or wrk (or /dev/net/tun for the tap target).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebInterop {
    static final Optional<Path> CURL = Env.tool("curl"), WRK = Env.tool("wrk");
    static final Duration LIMIT = Duration.ofSeconds(60);

    Namespace ns;
    WebAppliance www;
    Path tmp;
    private String skipped;

    /** Boots the appliance in {@code ns}. */
    abstract WebAppliance boot(Namespace ns) throws Exception;

    /** The appliance's address as curl reaches it. */
    abstract String address();

    abstract boolean needsTun();

    @BeforeAll
    void start() throws Exception {
        List<String> missing = new ArrayList<>();
        if (!Env.isRoot()) missing.add("root (for a network namespace)");
        if (needsTun() && !Files.exists(Path.of("/dev/net/tun"))) missing.add("/dev/net/tun");
        if (Env.IP.isEmpty()) missing.add("ip (iproute2)");
        if (CURL.isEmpty()) missing.add("curl");
        if (WRK.isEmpty()) missing.add("wrk");
        if (!missing.isEmpty()) {
            skipped = "web interop tests skipped: missing " + String.join(", ", missing) + " — run as root with apt-get install curl wrk iproute2";
            return;
        }
        tmp = Files.createTempDirectory("kiln-it-curl");
        ns = Namespace.create();
        www = boot(ns);
    }

    @AfterAll
    void stop() {
        try {
            if (www != null) www.close();
        } finally {
            if (ns != null) ns.close();
            Proc.deleteTree(tmp);
        }
    }

    void ready() {
        Assumptions.assumeTrue(skipped == null, () -> skipped);
    }

    /** curl inside the namespace: {@code -sS} plus {@code args}; stdout is the -w output or the body. */
    Proc.Result curl(String... args) {
        ready();
        List<String> c = new ArrayList<>(List.of(CURL.get().toString(), "-sS", "--max-time", "30", "--cacert", www.cert.toString(),
                "--resolve", "localhost:443:" + address()));
        c.addAll(List.of(args));
        return Proc.run(LIMIT, ns.exec(c));
    }

    /** Whether this curl can decode br (Debian's links libbrotli: "brotli/…" in {@code curl -V}). */
    static boolean curlDecodesBrotli() {
        return CURL.isPresent() && Proc.run(Duration.ofSeconds(10), List.of(CURL.get().toString(), "-V")).stdout().contains("brotli");
    }

    String ok(Proc.Result r) {
        assertTrue(r.ok(), () -> r.describe() + www.log());
        return r.stdout();
    }

    /** wrk for 3 s with 8 connections inside the namespace; asserts no socket errors and no non-2xx/3xx answers. */
    Proc.Result wrk(String url) {
        ready();
        Proc.Result r = Proc.run(Duration.ofSeconds(30), ns.exec(List.of(WRK.get().toString(), "-d", "3", "-c", "8", "-t", "2", url)));
        assertTrue(r.ok(), r.describe());
        assertTrue(r.stdout().contains("Requests/sec:"), r.stdout());
        assertTrue(!r.stdout().contains("Socket errors") && !r.stdout().contains("Non-2xx"), r.stdout() + www.log());
        return r;
    }
}

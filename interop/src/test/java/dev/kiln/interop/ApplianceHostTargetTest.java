package dev.kiln.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The host target ({@code --target host}: the same server behind the kernel's UDP sockets) against
 * NSD, on the namespace's loopback so nothing leaves the namespace. Same catalog as the tap target,
 * minus the fuzzing round.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplianceHostTargetTest {
    static final String LISTEN_ADDRESS = "127.0.0.1";
    static final int LISTEN_PORT = 5353;

    private Namespace ns;
    private WireClient client;
    private Nsd nsd;
    private Appliance kiln;
    private final Target reference = new Target("NSD", Namespace.HOST_ADDRESS, 53);
    private final Target candidate = new Target("Kiln (host target)", LISTEN_ADDRESS, LISTEN_PORT);
    /** Why the fixtures are not there (a skip in @BeforeAll is invisible in surefire's report; each test re-skips with it). */
    private String skipped;

    @BeforeAll
    void start() throws Exception {
        try {
            Env.assumeReady();
            ns = Namespace.create();
            client = WireClient.start(ns);
            nsd = Nsd.start(ns, client, reference.address(), reference.port(), TestZones.all());
            kiln = Appliance.startHost(ns, TestZones.all(), LISTEN_ADDRESS + ":" + LISTEN_PORT);
        } catch (org.opentest4j.TestAbortedException e) {
            skipped = e.getMessage();
        }
    }

    private void assumeStarted() {
        org.junit.jupiter.api.Assumptions.assumeTrue(skipped == null, () -> skipped);
    }

    @AfterAll
    void stop() {
        try {
            if (client != null) client.close();
            if (kiln != null) kiln.close();
            if (nsd != null) nsd.close();
        } finally {
            if (ns != null) ns.close();
        }
    }

    private String logs() {
        return (kiln == null ? "" : kiln.log()) + (nsd == null ? "" : nsd.log());
    }

    @TestFactory
    Stream<DynamicTest> answersLikeNsd() throws Exception {
        assumeStarted();
        List<Query> all = new ArrayList<>(QueryCatalog.interopZone());
        all.addAll(QueryCatalog.hostile());
        var example = TestZones.example();
        if (example.isPresent()) all.addAll(QueryCatalog.fromZone(example.get()));
        return Differ.tests(all, () -> client, reference, candidate, this::logs).stream();
    }

    @Test
    void applianceIsStillUp() {
        assumeStarted();
        assertTrue(kiln.isAlive(), logs());
    }
}

package dev.kiln.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.xbill.DNS.Type;

/**
 * The Kiln DNS appliance on a TAP device in a namespace, against NSD serving the same zones in the
 * same namespace: ICMP echo, then every query in the catalog compared reply by reply (exact
 * wire bytes through {@link WireClient}, judged by {@link ResponseComparator}), then the same
 * queries through {@code dig} and {@code kdig}, the tools users run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ApplianceInteropTest {
    private Namespace ns;
    private WireClient client;
    private Nsd nsd;
    private Appliance kiln;
    private final Target reference = new Target("NSD", Namespace.HOST_ADDRESS, 53);
    private final Target candidate = new Target("Kiln", Namespace.APPLIANCE_ADDRESS, 53);

    /** Why the fixtures are not there (a skip in @BeforeAll is invisible in surefire's report; each test re-skips with it). */
    private String skipped;

    @BeforeAll
    void start() throws Exception {
        try {
            startFixtures();
        } catch (org.opentest4j.TestAbortedException e) {
            skipped = e.getMessage();
        }
    }

    private void assumeStarted() {
        org.junit.jupiter.api.Assumptions.assumeTrue(skipped == null, () -> skipped);
    }

    private void startFixtures() throws Exception {
        Env.assumeReady();
        ns = Namespace.create();
        client = WireClient.start(ns);
        nsd = Nsd.start(ns, client, reference.address(), reference.port(), TestZones.all());
        kiln = Appliance.start(ns, TestZones.all());
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

    @Test
    void pingGetsThreeReplies() {
        assumeStarted();
        Proc.Result r = ns.run(Duration.ofSeconds(15), Env.PING.orElseThrow().toString(),
                "-c", "3", "-W", "1", Namespace.APPLIANCE_ADDRESS);
        assertTrue(r.ok() && r.stdout().contains("3 received"), r.describe() + "\n" + logs());
    }

    @Test
    void bannerNamesTheProcess() {
        assumeStarted();
        assertTrue(kiln.readyLine().matches(".*ready in [0-9.]+ ms.*"), kiln.readyLine());
        assertEquals(kiln.handle().pid(), kiln.bannerPid(), "the banner's pid line\n" + kiln.log());
    }

    /** Odd and hostile packets and rarely used corners of the protocol ({@link QueryCatalog#hostile()}). */
    /** Differential fuzzing: mutated catalog queries ({@link Mutants}; seed via -Dkiln.it.seed). */
    @TestFactory
    Stream<DynamicTest> answersMutantsLikeNsd() {
        assumeStarted();
        List<Query> base = new java.util.ArrayList<>(QueryCatalog.interopZone());
        base.addAll(QueryCatalog.hostile());
        return Differ.tests(Mutants.of(base, Mutants.seed(), Mutants.count()), () -> client, reference, candidate, this::logs,
                java.time.Duration.ofMillis(400)).stream();
    }

    @TestFactory
    Stream<DynamicTest> answersOddPacketsLikeNsd() {
        assumeStarted();
        return Differ.tests(QueryCatalog.hostile(), () -> client, reference, candidate, this::logs).stream();
    }

    @TestFactory
    Stream<DynamicTest> answersLikeNsdOnTheInteropZone() {
        assumeStarted();
        return Differ.tests(QueryCatalog.interopZone(), () -> client, reference, candidate, this::logs).stream();
    }

    /**
     * The catalog again, each query with a new ID and its qname's case shuffled: Kiln memoises
     * answers, so this round takes the cached path, which must patch in this query's ID, RD and spelling.
     */
    @TestFactory
    Stream<DynamicTest> answersLikeNsdAgainFromItsMemo() {
        assumeStarted();
        List<Query> again = QueryCatalog.interopZone().stream().filter(q -> !q.label().contains("no reply")).map(q -> q.again(q.id())).toList();
        return Differ.tests(again, () -> client, reference, candidate, this::logs).stream();
    }

    @TestFactory
    Stream<DynamicTest> answersLikeNsdOnTheExampleZone() throws Exception {
        assumeStarted();
        var zone = TestZones.example();
        Assumptions.assumeTrue(zone.isPresent(), "examples/dns/zones/example.com.zone is not there yet");
        return Differ.tests(QueryCatalog.fromZone(zone.get()), () -> client, reference, candidate, this::logs).stream();
    }

    /** dig and kdig, as users run them: same status, header flags and answer section as from NSD. */
    @TestFactory
    Stream<DynamicTest> digAndKdigSeeWhatTheySeeFromNsd() {
        assumeStarted();
        return Dig.tests(ns, QueryCatalog.interopZone(), reference, candidate, this::logs).stream();
    }

    @Test
    void digAndKdigGetTheAnswerUsersExpect() {
        assumeStarted();
        for (Dig.Tool tool : Dig.Tool.values()) {
            Dig.Answer www = Dig.run(ns, tool, candidate, Query.of("www.interop.example.", Type.A));
            assertEquals("NOERROR", www.status(), www.raw() + logs());
            assertTrue(www.flags().contains("aa"), www.raw());
            assertEquals(Set.of("www.interop.example. 3600 IN A 192.0.2.80", "www.interop.example. 3600 IN A 192.0.2.81"),
                    www.answers(), www.raw());
            Dig.Answer nx = Dig.run(ns, tool, candidate, Query.of("nope.interop.example.", Type.A));
            assertEquals("NXDOMAIN", nx.status(), nx.raw());
            Dig.Answer refused = Dig.run(ns, tool, candidate, Query.of("www.example.net.", Type.A));
            assertEquals("REFUSED", refused.status(), refused.raw());
        }
    }

    /** Last: the appliance survived everything above, and its own counters saw the queries (so Kiln, not something else, answered). */
    @Test
    @Order(Integer.MAX_VALUE)
    void applianceIsStillUpAndCountedTheQueries() throws Exception {
        assumeStarted();
        assertTrue(kiln.isAlive(), logs());
        assertTrue(ns.pids().contains(kiln.handle().pid()), "appliance PID not in " + ns.name() + ": " + ns.pids());
        Long queries = kiln.counter("dns.QUERIES", Duration.ofSeconds(10));
        assertTrue(queries != null && queries >= QueryCatalog.interopZone().size(),
                "dns.QUERIES = " + queries + ", expected at least one per catalog query\n" + logs());
    }
}

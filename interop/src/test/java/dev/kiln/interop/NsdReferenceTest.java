package dev.kiln.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The reference against itself: two NSDs serving the same zones in one namespace must agree on
 * every query in the catalog. This checks the fixtures, the wire client, the query list and the
 * comparator end to end before any Kiln code is involved, and that NSD answers each class the
 * way the catalog's labels say.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NsdReferenceTest {
    private Namespace ns;
    private WireClient client;
    private Nsd a, b;
    private Target ta, tb;

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
        a = Nsd.start(ns, client, Namespace.HOST_ADDRESS, 53, TestZones.all());
        b = Nsd.start(ns, client, "127.0.0.1", 5353, TestZones.all());
        ta = new Target("NSD A", Namespace.HOST_ADDRESS, 53);
        tb = new Target("NSD B", "127.0.0.1", 5353);
    }

    @AfterAll
    void stop() {
        try {
            if (client != null) client.close();
            if (a != null) a.close();
            if (b != null) b.close();
        } finally {
            if (ns != null) ns.close();
        }
    }

    private String logs() {
        return (a == null ? "" : a.log()) + (b == null ? "" : b.log());
    }

    /** Odd and hostile packets and rarely used corners of the protocol ({@link QueryCatalog#hostile()}). */
    /** Differential fuzzing: mutated catalog queries ({@link Mutants}; seed via -Dkiln.it.seed). */
    @TestFactory
    Stream<DynamicTest> nsdAgreesWithItselfOnMutants() {
        assumeStarted();
        List<Query> base = new java.util.ArrayList<>(QueryCatalog.interopZone());
        base.addAll(QueryCatalog.hostile());
        return Differ.tests(Mutants.of(base, Mutants.seed(), Math.max(1, Mutants.count() / 3)), () -> client, ta, tb, this::logs,
                java.time.Duration.ofMillis(400)).stream();
    }

    @TestFactory
    Stream<DynamicTest> nsdAgreesWithItselfOnOddPackets() {
        assumeStarted();
        return Differ.tests(QueryCatalog.hostile(), () -> client, ta, tb, this::logs).stream();
    }

    @TestFactory
    Stream<DynamicTest> nsdAgreesWithItselfOnTheInteropZone() {
        assumeStarted();
        return Differ.tests(QueryCatalog.interopZone(), () -> client, ta, tb, this::logs).stream();
    }

    @TestFactory
    Stream<DynamicTest> nsdAgreesWithItselfAgainWithNewIdsAndCase() {
        assumeStarted();
        return Differ.tests(QueryCatalog.interopZone().stream().filter(q -> !q.label().contains("no reply")).map(q -> q.again(q.id())).toList(), () -> client, ta, tb, this::logs).stream();
    }

    @TestFactory
    Stream<DynamicTest> nsdAgreesWithItselfOnTheExampleZone() throws Exception {
        assumeStarted();
        var zone = TestZones.example();
        org.junit.jupiter.api.Assumptions.assumeTrue(zone.isPresent(), "examples/dns/zones/example.com.zone is not there yet");
        return Differ.tests(QueryCatalog.fromZone(zone.get()), () -> client, ta, tb, this::logs).stream();
    }

    @TestFactory
    Stream<DynamicTest> digAndKdigSeeTheSameFromBothNsds() {
        assumeStarted();
        return Dig.tests(ns, QueryCatalog.interopZone(), ta, tb, this::logs).stream();
    }

    /** The catalog's labels say what answer class each query is: check NSD really gives it. */
    @Test
    void nsdAnswersEachClassAsLabelled() throws Exception {
        assumeStarted();
        List<String> wrong = new ArrayList<>();
        for (Query q : QueryCatalog.interopZone()) {
            WireClient.Reply r = client.askRetrying(ta.address(), ta.port(), q.wire(), Differ.TIMEOUT, Differ.TRIES);
            String l = q.label();
            if (l.startsWith("QR=1")) {
                if (r.ok()) wrong.add(l + ": expected no reply, got " + r);
                continue;
            }
            if (!r.ok()) { wrong.add(l + ": " + r); continue; }
            Message m;
            try {
                m = new Message(r.response());
            } catch (java.io.IOException e) {
                wrong.add(l + ": unparseable reply " + r);
                continue;
            }
            int rc = m.getRcode();
            String expect = l.contains("NXDOMAIN") ? "NXDOMAIN" : l.contains("REFUSED") ? "REFUSED"
                    : l.contains("NOTIMP") ? "NOTIMP" : l.contains("FORMERR") ? "FORMERR" : l.contains("BADVERS") ? "BADVERS" : null;
            if (expect != null && !Rcode.string(rc).equals(expect)) wrong.add(l + ": rcode " + Rcode.string(rc));
            if (l.contains("NODATA") && (rc != Rcode.NOERROR || !m.getSection(Section.ANSWER).isEmpty())) wrong.add(l + ": not NODATA\n" + m);
            if (l.contains(": TC") && !m.getHeader().getFlag(org.xbill.DNS.Flags.TC)) wrong.add(l + ": no TC\n" + m);
            if (l.contains("fits") && (m.getHeader().getFlag(org.xbill.DNS.Flags.TC) || m.getSection(Section.ANSWER).size() != 6)) wrong.add(l + ": \n" + m);
            if (l.startsWith("referral") && (m.getHeader().getFlag(org.xbill.DNS.Flags.AA)
                    || m.getSection(Section.AUTHORITY).stream().noneMatch(x -> x.getType() == Type.NS))) wrong.add(l + ": not a referral\n" + m);
            if (l.startsWith("referral with glue") && m.getSection(Section.ADDITIONAL).stream().noneMatch(x -> x.getType() == Type.A)) wrong.add(l + ": no glue\n" + m);
        }
        assertTrue(wrong.isEmpty(), "NSD does not answer as the catalog says:\n" + String.join("\n", wrong) + "\n" + logs());
    }

    @Test
    void digAndKdigGetAnswersFromNsd() {
        assumeStarted();
        Query www = Query.of("www.interop.example.", Type.A);
        for (Dig.Tool tool : Dig.Tool.values()) {
            Dig.Answer ans = Dig.run(ns, tool, ta, www);
            assertEquals("NOERROR", ans.status(), ans.raw());
            assertTrue(ans.flags().contains("aa"), ans.raw());
            assertEquals(2, ans.answerCount(), ans.raw());
            assertTrue(ans.answers().contains("www.interop.example. 3600 IN A 192.0.2.80"), ans.answers() + "\n" + ans.raw());
        }
        Dig.Answer nx = Dig.run(ns, Dig.Tool.KDIG, ta, Query.of("nope.interop.example.", Type.A));
        assertEquals("NXDOMAIN", nx.status(), nx.raw());
    }

    @Test
    void nsdIsRunningInsideTheNamespace() {
        assumeStarted();
        assertNotNull(a);
        assertTrue(ns.pids().contains(a.handle().pid()), "NSD's PID is not in " + ns.name() + ": " + ns.pids());
    }

    /** The pipeline must be able to fail: an NSD serving a zone with one changed address differs on that name only. */
    @Test
    void aChangedZoneIsNoticed() throws Exception {
        assumeStarted();
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("kiln-it-mutant");
        try {
            ZoneFile orig = TestZones.interop();
            try (var files = java.nio.file.Files.list(orig.file().getParent())) {
                for (var f : files.toList()) java.nio.file.Files.copy(f, dir.resolve(f.getFileName()));
            }
            java.nio.file.Path zf = dir.resolve(orig.file().getFileName());
            String text = java.nio.file.Files.readString(zf);
            assertTrue(text.contains("192.0.2.81"));
            java.nio.file.Files.writeString(zf, text.replace("192.0.2.81", "192.0.2.82"));
            try (Nsd mutant = Nsd.start(ns, client, "127.0.0.1", 5354, List.of(new ZoneFile(orig.origin(), zf)))) {
                Target tm = new Target("NSD with a changed zone", "127.0.0.1", 5354);
                String www = Differ.check(client, Query.of("www.interop.example.", Type.A), ta, tm);
                assertNotNull(www, "a changed A record went unnoticed");
                assertTrue(www.contains("only the candidate has www.interop.example. 3600 IN A 192.0.2.82"), www);
                assertTrue(www.contains("only the reference has www.interop.example. 3600 IN A 192.0.2.81"), www);
                assertEquals(null, Differ.check(client, Query.of("www.interop.example.", Type.AAAA), ta, tm));
            }
        } finally {
            Proc.deleteTree(dir);
        }
    }
}

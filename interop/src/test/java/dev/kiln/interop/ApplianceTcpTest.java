package dev.kiln.interop;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * DNS over TCP (RFC 7766) on the host target, against NSD in the same namespace: {@code dig +tcp}
 * and {@code kdig +tcp}, the TC → TCP fallback of both tools for answers too big for UDP, and
 * pipelined / trickled queries on one raw connection. {@link ApplianceTcpTapTest} runs the same on
 * the tap target (Kiln's own TCP), sealed likewise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplianceTcpTest {
    static final String Z = "tcp.example.";
    private Namespace ns;
    private WireClient client;
    private Nsd nsd;
    Appliance kiln;
    private final Target reference = new Target("NSD", Namespace.HOST_ADDRESS, 53);
    private static final Target HOST = new Target("Kiln (host target)", "127.0.0.1", 5353);
    private String skipped;

    static ZoneFile tcpZone() {
        try {
            return new ZoneFile(Z, Path.of(ApplianceTcpTest.class.getResource("zones/tcp.example.zone").toURI()));
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource zones/tcp.example.zone is missing", e);
        }
    }

    @BeforeAll
    void start() throws Exception {
        try {
            Env.assumeReady();
            List<ZoneFile> zones = List.of(TestZones.interop(), tcpZone());
            ns = Namespace.create();
            client = WireClient.start(ns);
            nsd = Nsd.start(ns, client, reference.address(), reference.port(), zones);
            kiln = startCandidate(ns, zones);
        } catch (org.opentest4j.TestAbortedException e) {
            skipped = e.getMessage();
        }
    }

    /** The appliance under test and where it answers; a subclass swaps the target. */
    Target candidate() { return HOST; }

    Appliance startCandidate(Namespace ns, List<ZoneFile> zones) throws Exception {
        return Appliance.startHost(ns, zones, HOST.address() + ":" + HOST.port());
    }

    @AfterAll
    void stop() { Teardown.all(ns, client, kiln, nsd); }

    private void assumeStarted() { org.junit.jupiter.api.Assumptions.assumeTrue(skipped == null, () -> skipped); }

    private String logs() { return (kiln == null ? "" : kiln.log()) + (nsd == null ? "" : nsd.log()); }

    private Dig.Answer run(Dig.Tool tool, Target t, String name, String type, String... opts) {
        List<String> c = new ArrayList<>();
        if (tool == Dig.Tool.DIG) c.addAll(List.of(Env.DIG.orElseThrow().toString(), "+nocookie", "+noadflag", "+tries=1"));
        else c.addAll(List.of(Env.KDIG.orElseThrow().toString(), "+retry=0"));
        c.addAll(List.of("@" + t.address(), "-p", Integer.toString(t.port()), "+time=3"));
        c.addAll(List.of(opts));
        c.addAll(List.of(name, type));
        return Dig.parse(Proc.run(Duration.ofSeconds(20), ns.exec(c)));
    }

    private void sameAsNsd(Dig.Tool tool, String name, String type, String... opts) {
        Dig.Answer ref = run(tool, reference, name, type, opts);
        Dig.Answer got = run(tool, candidate(), name, type, opts);
        String why = "\n--- NSD ---\n" + ref.raw() + "\n--- Kiln ---\n" + got.raw() + "\n" + Differ.tail(logs(), 6000);
        assertNotNull(ref.status(), "no answer from NSD" + why);
        assertEquals(ref.status(), got.status(), "status" + why);
        assertEquals(Dig.headerFlags(ref.flags()), Dig.headerFlags(got.flags()), "flags" + why);
        assertEquals(ref.answers(), got.answers(), "answer section" + why);
    }

    @Test
    void bannerSaysTcp() {
        assumeStarted();
        assertTrue(kiln.log().contains("TCP port " + candidate().port()), kiln.log());
    }

    @TestFactory
    Stream<DynamicTest> digAndKdigOverTcpAnswerLikeNsd() {
        assumeStarted();
        List<String[]> qs = List.of(new String[] {"small." + Z, "A"}, new String[] {"huge." + Z, "TXT"}, new String[] {"giant." + Z, "TXT"},
                new String[] {"nothing." + Z, "A"}, new String[] {Z, "SOA"}, new String[] {"big.interop.example.", "TXT"});
        List<DynamicTest> tests = new ArrayList<>();
        for (Dig.Tool tool : Dig.Tool.values()) {
            for (String[] q : qs) {
                tests.add(DynamicTest.dynamicTest(tool + " +tcp " + q[0] + " " + q[1], () -> sameAsNsd(tool, q[0], q[1], "+tcp")));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> truncatedOverUdpThenFullOverTcp() {
        assumeStarted();
        List<DynamicTest> tests = new ArrayList<>();
        for (Dig.Tool tool : Dig.Tool.values()) {
            for (String[] q : List.of(new String[] {"huge." + Z, "+bufsize=1232"}, new String[] {"big.interop.example.", "+noedns"},
                    new String[] {"giant." + Z, "+bufsize=4096"})) {
                tests.add(DynamicTest.dynamicTest(tool + " " + q[0] + " " + q[1] + ": TC, then TCP", () -> {
                    Dig.Answer udp = run(tool, candidate(), q[0], "TXT", q[1], "+ignore");
                    assertTrue(udp.flags().contains("tc"), "over UDP alone the answer is truncated:\n" + udp.raw());
                    Dig.Answer fallback = run(tool, candidate(), q[0], "TXT", q[1]);
                    String out = fallback.raw();
                    assertTrue(out.contains("Truncated, retrying in TCP mode") || out.contains("retrying over TCP"),
                            "the tool fell back to TCP:\n" + out);
                    assertFalse(fallback.flags().contains("tc"), out);
                    Dig.Answer ref = run(tool, reference, q[0], "TXT", q[1]);
                    assertEquals(ref.answers(), fallback.answers(), "the full RRset, as NSD gives it\n" + out);
                    assertTrue(fallback.answerCount() >= 6, out);
                }));
            }
        }
        return tests.stream();
    }

    static byte[] query(int id, String name, int type) throws Exception {
        Message m = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        m.getHeader().setID(id);
        return m.toWire();
    }

    private List<byte[]> mixedQueries(int n) throws Exception {
        List<byte[]> qs = new ArrayList<>();
        String[] names = {"small." + Z, "giant." + Z, "nothing." + Z, "huge." + Z};
        int[] types = {Type.A, Type.TXT, Type.A, Type.TXT};
        for (int i = 0; i < n; i++) qs.add(query(1000 + i, names[i % 4], types[i % 4]));
        return qs;
    }

    /** Each answer's ID and RCODE, in the order read. */
    static List<String> idsAndRcodes(List<String> answers) {
        return answers.stream().map(h -> {
            if (h.equals("EOF")) return h;
            byte[] a = HexFormat.of().parseHex(h);
            return ((a[0] & 0xff) << 8 | (a[1] & 0xff)) + "/" + (a[3] & 0xf) + "/" + ((a[2] & 0x02) != 0 ? "tc" : "-");
        }).toList();
    }

    @Test
    void pipelinedQueriesOnOneConnectionAreAllAnsweredInOrder() throws Exception {
        assumeStarted();
        List<byte[]> qs = mixedQueries(24);
        List<String> got = idsAndRcodes(TcpWire.exchange(ns, candidate(), qs, false));
        List<String> want = idsAndRcodes(TcpWire.exchange(ns, reference, qs, false));
        assertEquals(24, got.size(), got + "\n" + logs());
        assertEquals(want, got, "ids, rcodes and TC of 24 pipelined answers, as NSD\n" + logs());
        assertEquals(Set.of("-"), Set.copyOf(got.stream().map(s -> s.substring(s.lastIndexOf('/') + 1)).toList()), "nothing truncated over TCP");
    }

    @Test
    void zoneTransferOverTcpIsRefusedLikeNsd() throws Exception {
        assumeStarted();
        List<byte[]> qs = List.of(query(7, Z, Type.AXFR), query(8, "small." + Z, Type.A)); // and the connection goes on
        assertEquals(idsAndRcodes(TcpWire.exchange(ns, reference, qs, false)), idsAndRcodes(TcpWire.exchange(ns, candidate(), qs, false)), logs());
    }

    @Test
    void queriesTrickledOneByteAtATimeAreAnswered() throws Exception {
        assumeStarted();
        List<byte[]> qs = mixedQueries(3);
        List<String> got = TcpWire.exchange(ns, candidate(), qs, true);
        assertEquals(TcpWire.exchange(ns, reference, qs, true).stream().map(h -> h.substring(0, 4)).toList(),
                got.stream().map(h -> h.substring(0, 4)).toList(), logs());
    }

    @Test
    void tcpCountersMoveAndTheApplianceStaysUp() throws Exception {
        assumeStarted();
        TcpWire.exchange(ns, candidate(), mixedQueries(2), false);
        Long q = kiln.counter("dns.tcp.queries", Duration.ofSeconds(10));
        assertNotNull(q, logs());
        assertTrue(q >= 2, "dns.tcp.queries = " + q);
        assertTrue(kiln.isAlive(), logs());
    }
}

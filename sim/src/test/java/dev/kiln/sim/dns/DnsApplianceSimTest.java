package dev.kiln.sim.dns;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.dns.AuthServer;
import dev.kiln.dns.wire.DnsHeader;
import dev.kiln.dns.wire.MessageCodec;
import dev.kiln.net.Ipv4;
import dev.kiln.net.stack.KilnStack;
import dev.kiln.net.stack.StackConfig;
import dev.kiln.sim.FaultPlan;
import dev.kiln.sim.SimNode;
import dev.kiln.sim.SimSeeds;
import dev.kiln.sim.Simulation;
import dev.kiln.sim.apps.FragmentNoise;
import dev.kiln.sim.apps.FrameNoise;
import dev.kiln.sim.apps.UdpNoise;
import dev.kiln.sim.apps.UdpRequestClient;
import dev.kiln.sim.stack.StackWatch;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The DNS appliance (a {@link KilnStack} with UDP port 53 bound to {@link AuthServer#answer}) and
 * several client stacks querying it over the seed's faulty network, while a hostile stack sends it
 * mangled queries and a hostile node sprays random frames.
 *
 * <ul>
 *   <li>safety: every response a client accepts is byte for byte (id included) the answer a second
 *       {@link AuthServer} on the same zones gives to the same query directly, without a network;
 *       each of those reference answers decodes with the codec; nothing throws anywhere; queues and
 *       the stacks' bounded structures stay within their limits;</li>
 *   <li>liveness, after {@link Simulation#heal()}: every query is answered.</li>
 * </ul>
 */
class DnsApplianceSimTest {
    static final long MS = 1_000_000L;
    static final long SAFETY_NS = 5_000 * MS;
    static final long LIVENESS_NS = 30_000 * MS;
    static final int CLIENTS = 3;
    static final int QUERIES = 80;
    static final int SERVER = Ipv4.parse("192.0.2.53");
    static final int[] EDNS_SIZES = {0, 0, 512, 1232};

    @TestFactory
    Stream<DynamicTest> dnsApplianceOverFaultyNetwork() {
        return SimSeeds.seeds("DnsApplianceSimTest", 1, 2, 3, 4, 5, 53).stream()
                .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> runOne(seed, false)));
    }

    /**
     * Corruption of any bit of any frame, ARP included (which has no checksum): a flipped sender
     * address poisons a neighbour cache, so liveness is only expected once such entries expire
     * (arpEntryTtlNs, 60 s by default). Safety must hold throughout.
     */
    @TestFactory
    Stream<DynamicTest> dnsApplianceWithWholeFrameCorruption() {
        return SimSeeds.seeds("DnsApplianceSimTest", 53, 54, 55).stream()
                .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> runOne(seed, true)));
    }

    @org.junit.jupiter.api.Test
    void sameSeedSameRun() {
        assertEquals(runOne(77, false), runOne(77, false));
        assertNotEquals(runOne(77, false), runOne(78, false));
    }

    static byte[] answer(AuthServer server, byte[] query) {
        MemorySegment out = Arena.ofAuto().allocate(65535);
        int n = server.answer(MemorySegment.ofArray(query), out, false);
        return out.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
    }

    /** Mixes the case of the letters in the query name (DNS 0x20): the answer must echo it. */
    static void mixCase(byte[] q, long bits) {
        int p = DnsHeader.LEN;
        int k = 0;
        while (p < q.length && q[p] != 0) {
            int n = q[p] & 0xff;
            for (int i = 1; i <= n; i++, k++) {
                byte c = q[p + i];
                if (((bits >>> (k & 63)) & 1) != 0 && c >= 'a' && c <= 'z') q[p + i] = (byte) (c - 32);
            }
            p += n + 1;
        }
    }

    /** @return the run's trace hash */
    static long runOne(long seed, boolean frameCorruption) {
        FaultPlan plan = FaultPlan.random(seed, 2 + CLIENTS, SAFETY_NS); // noise nodes come after the clients
        long livenessNs = LIVENESS_NS;
        if (frameCorruption) {
            plan = plan.toBuilder().corrupt(Math.max(plan.corruptProb(), 0.1), 1).corruptScope(FaultPlan.CorruptScope.FRAME).build();
            livenessNs = StackConfig.builder("192.0.2.1/24").build().arpEntryTtlNs() + LIVENESS_NS;
        }
        Simulation sim = new Simulation(seed, plan);
        AuthServer reference = SimZones.server();

        SimNode appNode = sim.addNode("dns-appliance");
        KilnStack appStack = KilnStack.create(appNode.device(), StackConfig.builder(Ipv4.format(SERVER) + "/24").build(), appNode.entropy());
        AuthServer server = SimZones.server();
        dev.kiln.examples.dns.DnsAppliance.serve(appStack, server, 53); // the production wiring
        appNode.add(appStack);
        StackWatch.watch(sim, "appliance", appStack);

        List<UdpRequestClient> clients = new ArrayList<>();
        List<byte[]> allQueries = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            SimNode node = sim.addNode("client-" + c);
            KilnStack stack = KilnStack.create(node.device(), StackConfig.builder("192.0.2." + (10 + c) + "/24").build(), node.entropy());
            node.add(stack);
            List<byte[]> queries = new ArrayList<>(), answers = new ArrayList<>();
            Set<Integer> ids = new HashSet<>();
            while (queries.size() < QUERIES) {
                long r = node.entropy().nextLong();
                int id = (int) (r & 0xffff);
                if (!ids.add(id)) continue;
                String name = SimZones.NAMES[(int) Math.floorMod(r >>> 16, (long) SimZones.NAMES.length)];
                int type = SimZones.TYPES[(int) Math.floorMod(r >>> 24, (long) SimZones.TYPES.length)];
                int edns = EDNS_SIZES[(int) Math.floorMod(r >>> 32, (long) EDNS_SIZES.length)];
                byte[] q = SimZones.query(id, ((r >>> 40) & 1) != 0, name, type, edns);
                mixCase(q, node.entropy().nextLong());
                byte[] a = answer(reference, q);
                assertTrue(a.length > 0, "reference answers " + name + " " + type);
                var d = MessageCodec.decode(a);
                assertTrue(d.ok(), "reference answer decodes: " + d.error());
                assertEquals(id, d.message().header().id());
                assertTrue(d.message().header().qr());
                queries.add(q);
                answers.add(a);
            }
            allQueries.addAll(queries);
            UdpRequestClient client = new UdpRequestClient(stack, 5300 + c, SERVER, 53, queries, answers,
                    sim.nowNs() + c * MS, SAFETY_NS / QUERIES, 200 * MS, 3_000 * MS);
            node.add(client);
            clients.add(client);
            sim.invariant("client-" + c + " answers equal the reference", client::firstWrong);
            sim.bounded("client-" + c + " outstanding", client::outstanding, QUERIES);
            StackWatch.watch(sim, "client-" + c, stack);
        }

        SimNode evil = sim.addNode("udp-noise");
        KilnStack evilStack = KilnStack.create(evil.device(), StackConfig.builder("192.0.2.66/24").build(), evil.entropy());
        UdpNoise udpNoise = new UdpNoise(evilStack, 6666, evil.entropy(), SERVER, 53, allQueries, sim.nowNs(), sim.nowNs() + SAFETY_NS, 20 * MS);
        evil.add(evilStack).add(udpNoise);
        SimNode spray = sim.addNode("frame-noise");
        FrameNoise frameNoise = new FrameNoise(spray, sim.nowNs(), sim.nowNs() + SAFETY_NS, 20 * MS, appNode.device().mac());
        spray.add(frameNoise);

        SimNode fragSpray = sim.addNode("fragment-noise");
        FragmentNoise fragmentNoise = new FragmentNoise(fragSpray, Ipv4.parse("192.0.2.77"), appNode.device().mac(), SERVER,
                sim.nowNs(), sim.nowNs() + SAFETY_NS, 5 * MS);
        fragSpray.add(fragmentNoise);

        sim.runFor(SAFETY_NS);
        sim.heal();
        sim.runUntilOrFail(() -> clients.stream().allMatch(UdpRequestClient::allAnswered), livenessNs,
                () -> "every DNS query answered after heal: " + clients);
        for (UdpRequestClient c : clients) assertEquals(0, c.wrong());
        assertTrue(udpNoise.sent() > 0 && frameNoise.sent() > 0 && fragmentNoise.sent() > 0);
        System.out.println("sim seed " + seed + " ok: " + sim.faultPlan() + "\n  network " + sim.network().counters()
                + "\n  appliance stack " + StackWatch.nonZero(appStack.counters()) + "\n  dns " + StackWatch.nonZero(server.counters())
                + "\n  clients " + clients + "\n  noise: " + udpNoise.sent() + " datagrams (" + udpNoise.answers() + " answered), "
                + frameNoise.sent() + " frames, " + fragmentNoise.sent() + " hostile fragments");
        return sim.traceHash();
    }
}

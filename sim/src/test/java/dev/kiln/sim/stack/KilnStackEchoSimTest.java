package dev.kiln.sim.stack;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.Ipv4;
import dev.kiln.net.stack.KilnStack;
import dev.kiln.net.stack.StackConfig;
import dev.kiln.sim.FaultPlan;
import dev.kiln.sim.SimNode;
import dev.kiln.sim.SimSeeds;
import dev.kiln.sim.Simulation;
import dev.kiln.sim.apps.FragmentingUdpClient;
import dev.kiln.sim.apps.UdpRequestClient;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Kiln's own stack end to end on the simulated network: a UDP echo server and clients with retries,
 * each on its own {@link KilnStack}, over links with the seed's loss, duplication, reordering,
 * corruption, delay and partitions.
 *
 * <ul>
 *   <li>safety, throughout: every response a client accepts is exactly the echo of one of its
 *       requests (matched by payload; corruption must be caught by the checksums), nothing throws,
 *       device queues and the stacks' bounded structures stay within their limits;</li>
 *   <li>liveness, after {@link Simulation#heal()}: every request is answered.</li>
 * </ul>
 */
class KilnStackEchoSimTest {
    static final long MS = 1_000_000L;
    static final long SAFETY_NS = 5_000 * MS;
    /**
     * After the heal, a request may wait for the server's reassembly table to drain: incomplete
     * datagrams from the faulty phase hold its {@code reassemblyDatagramsMax} slots until
     * {@code reassemblyTimeoutNs} (30 s) and new datagrams are dropped meanwhile. So liveness gets
     * that timeout plus 30 s.
     */
    static final long LIVENESS_NS = StackConfig.builder("192.0.2.1/24").build().reassemblyTimeoutNs() + 30_000 * MS;
    static final int CLIENTS = 3;
    static final int REQUESTS = 60;
    static final int ECHO_PORT = 7;
    static final int FRAGMENTED_REQUESTS = 30;

    @TestFactory
    Stream<DynamicTest> echoOverFaultyNetwork() {
        return SimSeeds.seeds("KilnStackEchoSimTest", 1, 2, 3, 4, 5, 42).stream()
                .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> runOne(seed)));
    }

    /**
     * Slow traffic over five virtual minutes, so that neighbour entries (60 s) expire and are
     * resolved again, repeatedly, under the seed's faults; then healed, every request is answered.
     */
    @TestFactory
    Stream<DynamicTest> echoAcrossArpExpiry() {
        return SimSeeds.seeds("KilnStackEchoSimTest", 7, 8, 9).stream()
                .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> slowEcho(seed)));
    }

    static void slowEcho(long seed) {
        long safety = 300_000 * MS;
        Simulation sim = new Simulation(seed, FaultPlan.random(seed, 3, safety));
        SimNode serverNode = sim.addNode("echo-server");
        KilnStack server = KilnStack.create(serverNode.device(), config("192.0.2.1/24"), serverNode.entropy());
        serverNode.add(server);
        server.udpBind(ECHO_PORT, (socket, src, srcPort, payload, reply) -> {
            MemorySegment.copy(payload, 0, reply, 0, payload.byteSize());
            return (int) payload.byteSize();
        });
        StackWatch.watch(sim, "server", server);
        List<UdpRequestClient> clients = new ArrayList<>();
        List<KilnStack> stacks = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            SimNode node = sim.addNode("client-" + c);
            KilnStack stack = KilnStack.create(node.device(), config("192.0.2." + (10 + c) + "/24"), node.entropy());
            List<byte[]> requests = new ArrayList<>();
            for (int i = 0; i < 30; i++) requests.add(new byte[] {(byte) c, (byte) i, 42});
            UdpRequestClient client = new UdpRequestClient(stack, 40_000, Ipv4.parse("192.0.2.1"), ECHO_PORT,
                    requests, requests, sim.nowNs() + c * 3_000 * MS, 10_000 * MS, 500 * MS, 5_000 * MS);
            node.add(stack).add(client);
            clients.add(client);
            stacks.add(stack);
            sim.invariant("client-" + c + " responses right", client::firstWrong);
            StackWatch.watch(sim, "client-" + c, stack);
        }
        sim.runFor(safety);
        sim.heal();
        sim.runUntilOrFail(() -> clients.stream().allMatch(UdpRequestClient::allAnswered), LIVENESS_NS,
                () -> "every slow echo answered after heal: " + clients + "; server " + StackWatch.nonZero(server.counters()));
        long arpRequests = stacks.stream().mapToLong(k -> k.counters().getOrDefault("tx.arp_requests", 0L)).sum();
        assertTrue(arpRequests >= 2 * 4, "clients resolved the server again after entries expired: " + arpRequests + " ARP requests");
        System.out.println("sim seed " + seed + " slow echo ok: " + clients + ", client ARP requests " + arpRequests);
    }

    /**
     * No faults, but twelve clients fire forty requests each at the same instant: the server's rx
     * queue overflows (dropped and counted, never grown), and retries still get everyone served.
     */
    @org.junit.jupiter.api.Test
    void aBurstOverflowsTheServersQueueButEveryoneIsServed() {
        Simulation sim = new Simulation(99, FaultPlan.none());
        SimNode serverNode = sim.addNode("echo-server");
        KilnStack server = KilnStack.create(serverNode.device(), config("192.0.2.1/24"), serverNode.entropy());
        serverNode.add(server);
        server.udpBind(ECHO_PORT, (socket, src, srcPort, payload, reply) -> {
            MemorySegment.copy(payload, 0, reply, 0, payload.byteSize());
            return (int) payload.byteSize();
        });
        StackWatch.watch(sim, "server", server);
        List<UdpRequestClient> clients = new ArrayList<>();
        long start = sim.nowNs() + 100 * MS; // after every ARP exchange settled
        for (int c = 0; c < 12; c++) {
            SimNode node = sim.addNode("client-" + c);
            KilnStack stack = KilnStack.create(node.device(), config("192.0.2." + (10 + c) + "/24"), node.entropy());
            List<byte[]> requests = new ArrayList<>();
            for (int i = 0; i < 40; i++) requests.add(new byte[] {(byte) c, (byte) i, 1, 2, 3});
            UdpRequestClient client = new UdpRequestClient(stack, 40_000, Ipv4.parse("192.0.2.1"), ECHO_PORT,
                    requests, requests, start, 0, 200 * MS, 3_000 * MS);
            node.add(stack).add(client);
            clients.add(client);
            sim.invariant("client-" + c + " responses right", client::firstWrong);
            // warm the ARP caches both ways before the burst
            sim.at(sim.nowNs() + c * MS, () -> stack.udpBind(0, (s, a, p, q, r) -> 0).sendTo(Ipv4.parse("192.0.2.1"), 9, MemorySegment.ofArray(new byte[1]), 1));
        }
        sim.runUntilOrFail(() -> clients.stream().allMatch(UdpRequestClient::allAnswered), 30_000 * MS, () -> "all served: " + clients);
        long dropped = serverNode.device().counters().get("rxDroppedQueueFull");
        assertTrue(dropped > 0, "the burst overflowed the server's rx queue");
        assertEquals(serverNode.device().rxQueueMax(), serverNode.device().rxQueueHighWater());
        assertTrue(clients.stream().mapToLong(UdpRequestClient::retransmits).sum() >= dropped / 2, "retries made up for the drops");
    }

    static StackConfig config(String cidr) {
        return StackConfig.builder(cidr).build();
    }

    static void runOne(long seed) {
        Simulation sim = new Simulation(seed, FaultPlan.random(seed, 2 + CLIENTS, SAFETY_NS));
        SimNode serverNode = sim.addNode("echo-server");
        KilnStack server = KilnStack.create(serverNode.device(), config("192.0.2.1/24"), serverNode.entropy());
        serverNode.add(server);
        long[] echoed = new long[1], tooBig = new long[1];
        server.udpBind(ECHO_PORT, (socket, src, srcPort, payload, reply) -> {
            if (payload.byteSize() > reply.byteSize()) {
                tooBig[0]++;
                return 0;
            }
            MemorySegment.copy(payload, 0, reply, 0, payload.byteSize());
            echoed[0]++;
            return (int) payload.byteSize();
        });
        StackWatch.watch(sim, "server", server);

        List<UdpRequestClient> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            SimNode node = sim.addNode("client-" + c);
            KilnStack stack = KilnStack.create(node.device(), config("192.0.2." + (10 + c) + "/24"), node.entropy());
            node.add(stack);
            List<byte[]> requests = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int len = 4 + (int) Math.floorMod(node.entropy().nextLong(), 1468L); // up to 1472: one frame
                byte[] q = new byte[len];
                node.entropy().fill(MemorySegment.ofArray(q));
                q[0] = (byte) c;
                q[1] = (byte) i; // distinct per client even if the random bytes collide
                q[2] = (byte) (i >>> 8);
                requests.add(q);
            }
            UdpRequestClient client = new UdpRequestClient(stack, 40_000 + c, Ipv4.parse("192.0.2.1"), ECHO_PORT,
                    requests, requests, sim.nowNs() + c * MS, SAFETY_NS / REQUESTS, 200 * MS, 3_000 * MS);
            node.add(client);
            clients.add(client);
            sim.invariant("client-" + c + " responses right", client::firstWrong);
            sim.bounded("client-" + c + " outstanding", client::outstanding, REQUESTS);
            StackWatch.watch(sim, "client-" + c, stack);
        }

        // a client without a stack that sends every request as shuffled IPv4 fragments: the server reassembles
        SimNode fragNode = sim.addNode("fragmenting-client");
        List<byte[]> fragRequests = new ArrayList<>();
        for (int i = 0; i < FRAGMENTED_REQUESTS; i++) {
            int len = 2 + (int) Math.floorMod(fragNode.entropy().nextLong(), 1471L);
            byte[] q = new byte[len];
            fragNode.entropy().fill(MemorySegment.ofArray(q));
            q[0] = (byte) 0xf0;
            q[1] = (byte) i;
            fragRequests.add(q);
        }
        FragmentingUdpClient frag = new FragmentingUdpClient(fragNode.device(), fragNode.entropy(), Ipv4.parse("192.0.2.20"), 40_100,
                serverNode.device().mac(), Ipv4.parse("192.0.2.1"), ECHO_PORT, fragRequests, fragRequests,
                sim.nowNs(), SAFETY_NS / FRAGMENTED_REQUESTS, 200 * MS, 3_000 * MS);
        fragNode.add(frag);
        sim.invariant("fragmenting client replies right", frag::firstWrong);

        sim.runFor(SAFETY_NS);
        sim.heal();
        sim.runUntilOrFail(() -> clients.stream().allMatch(UdpRequestClient::allAnswered) && frag.allAnswered(), LIVENESS_NS,
                () -> "every echo request answered after heal: " + clients + "; " + frag + "; server echoed " + echoed[0]
                        + ", could not echo (reply buffer too small) " + tooBig[0] + "; server " + StackWatch.nonZero(server.counters()));
        for (UdpRequestClient c : clients) assertEquals(0, c.wrong());
        System.out.println("sim seed " + seed + " ok: " + sim.faultPlan() + "\n  network " + sim.network().counters()
                + "\n  server " + StackWatch.nonZero(server.counters()) + "\n  clients " + clients + ", echoed " + echoed[0] + "\n  " + frag);
    }
}

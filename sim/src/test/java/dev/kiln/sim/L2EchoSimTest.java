package dev.kiln.sim;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.platform.Agent;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The seeded harness on raw Ethernet frames: a client with retries and an echo server over a network
 * whose faults are picked by the seed; safety (every accepted answer is right, nothing throws, queues
 * bounded) under faults, then liveness (every request answered) after healing. The KilnStack and DNS
 * simulator tests follow the same pattern one layer up.
 */
class L2EchoSimTest {
    static final long MS = 1_000_000L;
    static final long SAFETY_NS = 2_000 * MS;
    static final long LIVENESS_NS = 10_000 * MS;
    static final int REQUESTS = 200;

    @TestFactory
    Stream<DynamicTest> echoWithRetriesOverFaultyLinks() {
        return SimSeeds.seeds("L2EchoSimTest", 1, 2, 3, 0xdead_beefL).stream()
                .map(seed -> DynamicTest.dynamicTest("seed " + seed, () -> runOne(seed)));
    }

    @org.junit.jupiter.api.Test
    void aServerThatAnswersWrongIsCaughtWithItsSeed() {
        long seed = 1;
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> runOne(seed, 7));
        assertEquals(seed, f.seed());
        assertTrue(f.getMessage().contains("invariant 'every accepted answer is right' broken: 1 wrong answers, first: seq 7 answered"), f.getMessage());
        assertTrue(f.getMessage().contains("-Dtest=L2EchoSimTest -Dkiln.sim.seed=1"), f.getMessage());
    }

    static void runOne(long seed) {
        runOne(seed, -1);
    }

    /** @param buggySeq a request the server answers wrongly (-1: none) */
    static void runOne(long seed, long buggySeq) {
        // raw frames carry their own CRC over the whole frame, so corruption may touch any bit
        FaultPlan plan = FaultPlan.random(seed, 2, SAFETY_NS).toBuilder().corruptScope(FaultPlan.CorruptScope.FRAME).build();
        Simulation sim = new Simulation(seed, plan);
        SimNode server = sim.addNode("server"), client = sim.addNode("client");
        EchoServer srv = new EchoServer(server.device());
        srv.buggySeq = buggySeq;
        EchoClient cli = new EchoClient(client, server.device().mac(), REQUESTS);
        server.add(srv);
        client.add(cli);
        sim.invariant("every accepted answer is right", () -> cli.wrong == 0 ? null : cli.wrong + " wrong answers, first: " + cli.firstWrong);
        sim.bounded("client outstanding", () -> cli.outstanding(), REQUESTS);
        sim.runFor(SAFETY_NS);
        sim.heal();
        sim.runUntilOrFail(() -> cli.answered == REQUESTS, LIVENESS_NS, () -> cli.answered + "/" + REQUESTS + " requests answered after heal");
        assertEquals(REQUESTS, cli.answered);
        assertEquals(0, cli.wrong);
        System.out.println("sim seed " + seed + " ok: plan " + sim.faultPlan() + ", " + sim.network().counters()
                + ", client retries " + cli.retries + ", corrupt dropped " + (cli.corrupt + srv.corrupt));
    }

    /** Answers each intact request (kind 0) with kind 1, the same seq and the value inverted; drops corrupt frames. */
    static final class EchoServer implements Agent {
        private final SimNetDevice dev;
        private final MemorySegment rx = Arena.ofAuto().allocate(1514);
        long corrupt;
        long buggySeq = -1;

        EchoServer(SimNetDevice dev) { this.dev = dev; }

        @Override
        public int doWork(long nowNs) {
            int work = 0, len;
            while ((len = dev.receive(rx)) > 0) {
                work++;
                if (!RawFrames.intact(rx, len) || RawFrames.kind(rx) != 0 || RawFrames.dstMac(rx) != dev.mac()) {
                    corrupt++;
                    continue;
                }
                long answer = RawFrames.seq(rx) == buggySeq ? RawFrames.sentNs(rx) : ~RawFrames.sentNs(rx);
                RawFrames.write(dev.txBuffer(), RawFrames.srcMac(rx), dev.mac(), RawFrames.seq(rx), answer, 1);
                dev.transmit(RawFrames.LEN);
            }
            return work;
        }

        @Override
        public long pollAtNs() { return NEVER; }
    }

    /** Sends {@code n} requests with random values; retransmits unanswered ones with backoff; checks answers. */
    static final class EchoClient implements Agent {
        private final SimNode node;
        private final long serverMac;
        private final long[] value;
        private final long[] retryAt;
        private final long[] rto;
        private final boolean[] done;
        private final MemorySegment rx = Arena.ofAuto().allocate(1514);
        int answered, wrong;
        long retries, corrupt;
        String firstWrong;

        EchoClient(SimNode node, long serverMac, int n) {
            this.node = node;
            this.serverMac = serverMac;
            value = new long[n];
            retryAt = new long[n];
            rto = new long[n];
            done = new boolean[n];
            for (int i = 0; i < n; i++) {
                value[i] = node.entropy().nextLong();
                retryAt[i] = SimClock.START_NS + Math.floorMod(node.entropy().nextLong(), 100 * MS);
                rto[i] = 20 * MS;
            }
        }

        int outstanding() {
            return value.length - answered;
        }

        @Override
        public int doWork(long nowNs) {
            int work = 0, len;
            SimNetDevice dev = node.device();
            while ((len = dev.receive(rx)) > 0) {
                work++;
                if (!RawFrames.intact(rx, len) || RawFrames.kind(rx) != 1) {
                    corrupt++;
                    continue;
                }
                long seq = RawFrames.seq(rx);
                if (seq < 0 || seq >= value.length) {
                    wrong++;
                    if (firstWrong == null) firstWrong = "unknown seq " + seq;
                    continue;
                }
                int i = (int) seq;
                if (RawFrames.sentNs(rx) != ~value[i]) {
                    wrong++;
                    if (firstWrong == null) firstWrong = "seq " + i + " answered " + RawFrames.sentNs(rx) + ", expected " + ~value[i];
                    continue;
                }
                if (!done[i]) {
                    done[i] = true;
                    answered++;
                }
            }
            for (int i = 0; i < value.length; i++) {
                if (done[i] || retryAt[i] > nowNs) continue;
                if (rto[i] > 20 * MS) retries++;
                RawFrames.write(dev.txBuffer(), serverMac, dev.mac(), i, value[i], 0);
                dev.transmit(RawFrames.LEN);
                retryAt[i] = nowNs + rto[i];
                rto[i] = Math.min(rto[i] * 2, 1_000 * MS);
                work++;
            }
            return work;
        }

        @Override
        public long pollAtNs() {
            long at = NEVER;
            for (int i = 0; i < value.length; i++) if (!done[i]) at = Math.min(at, retryAt[i]);
            return at;
        }
    }
}

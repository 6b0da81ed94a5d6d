package dev.kiln.sim.tcp;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.Ipv4;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.stack.KilnStack;
import dev.kiln.net.stack.StackConfig;
import dev.kiln.net.tcp.TcpConfig;
import dev.kiln.sim.FaultPlan;
import dev.kiln.sim.SimClock;
import dev.kiln.sim.SimNode;
import dev.kiln.sim.Simulation;
import dev.kiln.sim.stack.StackWatch;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The netem interop case {@code delay 1ms reorder 25%} in the simulator: a path that reorders but never loses, behind
 * a 25 MB/s link whose queue the sender fills ({@link Bottleneck}, as the relay's), so the round trip (milliseconds)
 * is far above the path's minimum (0.1 ms) and above the reordering (up to 1 ms each way, three frames in four).
 * Every retransmission is spurious. RFC 8985 §6.2: the receiver's D-SACKs widen RACK's reordering window round by
 * round (RACK.min_RTT / 4 per round: some 10-40 rounds here), and it stays wide; so once the sender has sent the
 * first {@value #WARM_UP_MB} MiB it resends at most {@link #SPURIOUS_MAX} of the rest. Fixed seeds, deterministic.
 *
 * <p>Before the fix 50-60 % of the rest was resent, for two causes, each enough alone for 40-50 %: every spurious
 * recovery, ended early by {@code Undo}, counted towards the 16 recoveries after which the multiplier falls back to 1
 * (Linux counts only recoveries not undone); and the ACK of an original transmission gave RACK the send time of its
 * (spurious, queued) retransmission, which made everything sent before that look late. Now 0-2.5 % (BBR keeps the
 * queue short, so SRTT, RACK.reo_wnd's bound, is barely above the reordering: the rest of its resends).
 */
class TcpReorderingSimTest {
    static final long US = 1_000L, MS = 1_000 * US, S = 1_000 * MS;
    static final int SERVER = Ipv4.parse("192.0.2.1"), CLIENT = Ipv4.parse("192.0.2.10"), PORT = 5001;
    static final long MIB = 1L << 20, BYTES = 16 * MIB, WARM_UP_MB = 4;
    /** Spurious retransmissions allowed after the warm-up, as a share of the bytes sent then. */
    static final double SPURIOUS_MAX = 0.05;
    /** The bulk appliance's buffers (the interop case). */
    static final TcpOptions OPTIONS = TcpOptions.defaults().withRxBufferBytes(256 * 1024).withTxBufferBytes(256 * 1024);
    static final long RATE_BYTES_PER_S = 25_000_000L;

    /** 50 us each way; three frames in four held 0-1 ms more (uniform), the rest overtake them. No loss. */
    static FaultPlan reorderOnly() {
        return FaultPlan.builder().delay(50 * US, 0).reorder(0.75, 1 * MS).build();
    }

    @TestFactory
    Stream<DynamicTest> dsacksWidenRacksWindowUntilReorderingIsNotTakenForLoss() {
        return Stream.of(1L, 2L, 3L).flatMap(seed -> Stream.of(false, true).map(bbr ->
                DynamicTest.dynamicTest("seed " + seed + (bbr ? " bbr" : " cubic"), () -> run(seed, bbr))));
    }

    static void run(long seed, boolean bbr) {
        Simulation sim = new Simulation(seed, reorderOnly());
        TcpConfig tcp = KilnStack.TCP_DEFAULT.withBbr(bbr);
        SimNode sn = sim.addNode("sender");
        Bottleneck link = new Bottleneck(sim, sn.device(), RATE_BYTES_PER_S);
        KilnStack server = KilnStack.create(link, StackConfig.builder(Ipv4.format(SERVER) + "/24").build(), sn.entropy(), tcp);
        sn.add(server);
        SimNode cn = sim.addNode("receiver");
        KilnStack client = KilnStack.create(cn.device(), StackConfig.builder(Ipv4.format(CLIENT) + "/24").build(), cn.entropy(), tcp);
        cn.add(client);
        Bulk bulk = new Bulk(seed, new long[] {0}, new long[] {BYTES}); // the server (Kiln) sends, the client receives
        server.tcpListen(PORT, OPTIONS, bulk.server());
        bulk.connect(client, SERVER, PORT, OPTIONS, 0);
        sim.invariant("every byte as sent", bulk::firstWrong);

        sim.runUntilOrFail(() -> bulk.clientSide[0].received >= WARM_UP_MB * MIB, 30 * S, () -> "the warm-up arrives" + bulk);
        long rtxWarm = rtx(server.counters()), warmAtNs = sim.nowNs();
        sim.runUntilOrFail(bulk::allDone, 60 * S, () -> "the transfer completes" + bulk);
        Map<String, Long> c = server.counters();
        long resent = rtx(c) - rtxWarm, sent = BYTES - WARM_UP_MB * MIB;
        double share = (double) resent / sent;
        String what = String.format("seed %d %s: %d of the last %d bytes resent (%.2f %%), %d in all; warm at %d ms; queue up to %d B;"
                        + " network %s%n  sender %s", seed, bbr ? "bbr" : "cubic", resent, sent, 100 * share, rtx(c),
                (warmAtNs - SimClock.START_NS) / MS, link.queuedBytesMax, sim.network().counters(), StackWatch.nonZero(c));
        System.out.println(what);
        assertEquals(0, sim.network().counters().get("lost"), "the plan loses nothing");
        assertTrue(share <= SPURIOUS_MAX, what);
    }

    private static long rtx(Map<String, Long> counters) { return counters.getOrDefault("tcp.retransmitted_bytes", 0L); }
}

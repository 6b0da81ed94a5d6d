package dev.kiln.sim.tcp;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.Ipv4;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.stack.KilnStack;
import dev.kiln.net.stack.StackConfig;
import dev.kiln.sim.FaultPlan;
import dev.kiln.sim.SimClock;
import dev.kiln.sim.SimNode;
import dev.kiln.sim.Simulation;
import dev.kiln.sim.stack.StackWatch;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TCP memory stays within its configured limits whatever peers do: a spoofed SYN flood, a peer that
 * reads one small chunk per second, a crowd that opens connections and vanishes. What is checked is
 * what {@link KilnStack} exposes: open connections ({@code tcpConnections}), a listener's accepted
 * connections, the TIME-WAIT table, the listen queue ({@code tcpListenQueued}), receive-reassembly bytes
 * ({@code tcpReassemblyBytes}), the stack-wide send budget in use ({@code tcpSendBudgetBytesInUse}), ARP
 * structures, the network's queues, and the application's view of its send buffer ({@code unsent},
 * {@code write}'s return); see {@link TcpWatch}.
 */
class TcpMemorySimTest {
    static final long MS = 1_000_000L, S = 1_000 * MS;
    static final int SERVER = Ipv4.parse("192.0.2.1"), PORT = 80;

    static KilnStack stack(SimNode n, String cidr) {
        KilnStack s = KilnStack.create(n.device(), StackConfig.builder(cidr).build(), n.entropy());
        n.add(s);
        return s;
    }

    /** Consumes everything, aborts a connection idle for {@code idleNs}: how an appliance bounds abandoned peers. */
    static TcpHandler idleTimeout(long idleNs) {
        return new TcpHandler() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { c.timerAt(nowNs + idleNs); }

            @Override
            public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
                c.timerAt(nowNs + idleNs);
                return (int) data.byteSize();
            }

            @Override public void onTimer(TcpConnection c, long nowNs) { c.abort(); }
        };
    }

    record Flood(Simulation sim, KilnStack server, TcpListener listener, SynFlooder flooder, Dialer dialer, TcpOptions options, TcpWatch.Peaks peaks) {}

    /** The appliance listens (64 connections, backlog 16); the attacker floods for 30 s; the dialer starts 5 s in. */
    static Flood flood(long seed) {
        Simulation sim = new Simulation(seed, FaultPlan.none());
        SimNode sn = sim.addNode("appliance");
        KilnStack server = stack(sn, "192.0.2.1/24");
        TcpOptions options = TcpOptions.defaults().withConnectionsMax(64).withBacklog(16).withRxBufferBytes(16 * 1024).withTxBufferBytes(16 * 1024)
                .withBuffersBytesMax(64L * 32 * 1024);
        TcpListener listener = server.tcpListen(PORT, options, idleTimeout(10 * S));
        SimNode an = sim.addNode("attacker");
        SynFlooder flooder = new SynFlooder(an, sn.device().mac(), SERVER, PORT, sim.nowNs(), sim.nowNs() + 30 * S, MS);
        an.add(flooder);
        SimNode cn = sim.addNode("legit-client");
        KilnStack client = stack(cn, "192.0.2.10/24");
        Dialer dialer = new Dialer(sim, client, SERVER, PORT, sim.nowNs() + 5 * S, 500 * MS);
        StackWatch.watch(sim, "appliance", server);
        TcpWatch.Peaks peaks = TcpWatch.watch(sim, "appliance", server, options);
        sim.bounded("appliance listener connections", listener::connections, options.connectionsMax());
        sim.bounded("appliance tcp buffer bytes", () -> (long) server.tcpConnections() * (options.rxBufferBytes() + options.txBufferBytes()),
                options.buffersBytesMax());
        return new Flood(sim, server, listener, flooder, dialer, options, peaks);
    }

    /**
     * 30 000 spoofed SYNs in 30 s: the appliance's connections, listener, buffers, TIME-WAIT and ARP
     * stay within their limits throughout, the excess is counted, and once the flood stops the
     * legitimate client gets in within the half-open connections' lifetime (SYN-ACK retries).
     */
    @Test
    void synFloodStaysWithinLimitsAndTheClientGetsInAfterIt() {
        Flood f = flood(31);
        f.sim.runFor(30 * S);
        long limited = f.server.counter(dev.kiln.net.stack.Counter.DROP_TCP_CONN_LIMIT) + f.server.counter(dev.kiln.net.stack.Counter.DROP_TCP_BACKLOG)
                + f.server.counter(dev.kiln.net.stack.Counter.TX_TCP_SYN_COOKIES); // answered statelessly: no memory held
        assertTrue(f.flooder.syns >= 29_000, "flooded: " + f.flooder.syns);
        assertTrue(limited > 20_000, "SYNs over the limits were refused and counted: " + StackWatch.nonZero(f.server.counters()));
        assertEquals(f.options.backlog(), f.peaks.listenQueued, "the flood filled the listen queue to its backlog, no further: " + f.peaks);
        assertEquals(0, f.peaks.reassemblyBytes, "SYNs carry no data to hold: " + f.peaks);
        f.sim.runUntilOrFail(f.dialer::established, 120 * S, () -> "the legit client gets in after the flood: " + f.dialer
                + "; appliance " + StackWatch.nonZero(f.server.counters()));
        System.out.println("syn flood: " + f.flooder.syns + " SYNs, " + f.flooder.synAcks + " SYN-ACKs to the attacker; " + f.dialer
                + "\n  appliance " + StackWatch.nonZero(f.server.counters()));
    }

    /**
     * The legitimate client gets in while the flood goes on: SYN cookies (RFC 4987 §3.6) answer the
     * SYNs beyond the listen queue statelessly. Before them, every SYN-RECEIVED connection held a
     * listen-queue slot for the SYN-ACK retries (about a minute), so a flood of one SYN per millisecond
     * kept the queue full and the client's SYNs were dropped ({@code drop.tcp_backlog}).
     */
    @Test
    void theClientGetsInDuringASynFlood() {
        Flood f = flood(32);
        f.sim.runUntilOrFail(f.dialer::established, 25 * S, () -> "the legit client gets in during the flood: " + f.dialer
                + "; appliance " + StackWatch.nonZero(f.server.counters()));
    }

    /**
     * An appliance writes 8 MiB to a peer that reads 1000 bytes per simulated second: the writer sees
     * back-pressure (short writes, then onWritable as the reader drains), its unsent bytes never exceed
     * txBufferBytes, the bytes between writer and reader stay within both buffers plus one window,
     * the network holds a few frames, and the reader gets every byte in order.
     */
    @Test
    void aSlowReaderGetsBackPressureNotUnboundedQueues() {
        Simulation sim = new Simulation(41, FaultPlan.builder().loss(0.02).delay(5 * MS, MS).build());
        SimNode sn = sim.addNode("appliance");
        KilnStack server = stack(sn, "192.0.2.1/24");
        TcpOptions serverOptions = TcpOptions.defaults().withTxBufferBytes(64 * 1024).withRxBufferBytes(4096);
        TcpOptions readerOptions = TcpOptions.defaults().withRxBufferBytes(8 * 1024).withTxBufferBytes(4096);
        long total = 8L << 20;
        Transfer[] writer = new Transfer[1];
        long[] unsentMax = new long[1];
        server.tcpListen(PORT, serverOptions, new TcpHandler() {
            @Override
            public void onAccepted(TcpConnection c, long nowNs) {
                writer[0] = new Transfer("writer", new byte[0], 77, total, 78, 0);
                c.attach(writer[0]);
                writer[0].pump(c);
                unsentMax[0] = Math.max(unsentMax[0], c.unsent());
            }

            @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return (int) data.byteSize(); }

            @Override
            public void onWritable(TcpConnection c, long nowNs) {
                writer[0].onWritable(c);
                unsentMax[0] = Math.max(unsentMax[0], c.unsent());
            }
        });
        SimNode cn = sim.addNode("slow-reader");
        KilnStack client = stack(cn, "192.0.2.10/24");
        SlowReader reader = new SlowReader(77, 1000, S);
        sim.at(sim.nowNs(), () -> client.tcpConnect(SERVER, PORT, readerOptions, reader));
        sim.invariant("reader gets the bytes in order", () -> reader.wrong);
        sim.bounded("writer unsent", () -> unsentMax[0], serverOptions.txBufferBytes());
        // written but not yet read: the writer's send buffer, the reader's TCB window and its linear buffer
        long inSystemMax = serverOptions.txBufferBytes() + Math.max(readerOptions.rxBufferBytes(), 1460) + readerOptions.rxBufferBytes();
        sim.bounded("bytes written but not read", () -> writer[0] == null ? 0 : writer[0].sent - reader.received, inSystemMax);
        sim.bounded("frames in flight", sim.network()::inFlight, 64);
        StackWatch.watch(sim, "appliance", server);
        TcpWatch.Peaks writerPeaks = TcpWatch.watch(sim, "appliance", server, serverOptions);
        TcpWatch.Peaks readerPeaks = TcpWatch.watch(sim, "slow reader", client, readerOptions);
        sim.runFor(120 * S);
        assertNotNull(writer[0], "connected");
        assertTrue(reader.received >= 100_000, "the reader makes progress at ~1000 B/s: " + reader.received);
        assertTrue(writer[0].shortWrites > 10, "the writer saw back-pressure: " + writer[0].shortWrites + " short writes");
        assertTrue(writer[0].writableCalls > 10, "onWritable came back as the reader drained: " + writer[0].writableCalls);
        assertTrue(writer[0].sent < total / 4, "the writer is held back, not buffering everything: sent " + writer[0].sent);
        assertTrue(writerPeaks.sendBudgetBytes > serverOptions.txBufferBytes() / 2, "the writer's send buffer filled the budget it may: " + writerPeaks);
        assertTrue(readerPeaks.reassemblyBytes > readerOptions.rxBufferBytes() / 2, "the paused reader's TCB held bytes, within its buffer: " + readerPeaks);
        var counters = server.counters(); // 2 % loss: the writer's stack counts what it sent again and why
        assertTrue(counters.get("tcp.retransmitted_bytes") > 0, "retransmissions counted: " + counters);
        assertTrue(counters.get("tcp.recoveries") + counters.get("tcp.timeouts") + counters.get("tcp.loss_probes") > 0, "and how they were found: " + counters);
        System.out.println("slow reader: read " + reader.received + ", written " + writer[0].sent + ", short writes " + writer[0].shortWrites
                + ", onWritable " + writer[0].writableCalls + ", unsent max " + unsentMax[0] + ", network " + sim.network().counters());
    }

    /**
     * 40 connections opened by a client that then vanishes (unplugged): the listener holds at most
     * connectionsMax (16) of them, refuses the rest ({@code drop.tcp_conn_limit}), the appliance's
     * idle timeout frees the slots, and a new client is served afterwards.
     */
    @Test
    void abandonedConnectionsStayWithinConnectionsMax() {
        Simulation sim = new Simulation(51, FaultPlan.none());
        SimNode sn = sim.addNode("appliance");
        KilnStack server = stack(sn, "192.0.2.1/24");
        TcpOptions options = TcpOptions.defaults().withConnectionsMax(16).withRxBufferBytes(8192).withTxBufferBytes(8192);
        TcpListener listener = server.tcpListen(PORT, options, idleTimeout(5 * S));
        SimNode an = sim.addNode("abandoner");
        KilnStack abandoner = stack(an, "192.0.2.20/24");
        List<TcpConnection> opened = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sim.at(sim.nowNs() + 100 * MS + i * MS, () -> opened.add(abandoner.tcpConnect(SERVER, PORT, options, new TcpHandler() {
                @Override public void onAccepted(TcpConnection c, long nowNs) { c.write(MemorySegment.ofArray(new byte[] {1, 2, 3}), 0, 3); }

                @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return 0; }
            })));
        }
        sim.at(sim.nowNs() + 1 * S, () -> an.device().close()); // the abandoner vanishes without a word
        sim.bounded("appliance tcp connections", server::tcpConnections, options.connectionsMax());
        sim.bounded("listener connections", listener::connections, options.connectionsMax());
        TcpWatch.watch(sim, "appliance", server, options);
        StackWatch.watch(sim, "appliance", server);
        sim.runFor(2 * S);
        assertEquals(options.connectionsMax(), listener.connections(), "the listener filled up");
        assertTrue(server.counter(dev.kiln.net.stack.Counter.DROP_TCP_CONN_LIMIT) >= 40 - options.connectionsMax(),
                "the excess was refused and counted: " + StackWatch.nonZero(server.counters()));
        SimNode cn = sim.addNode("late-client");
        KilnStack late = stack(cn, "192.0.2.30/24");
        Dialer dialer = new Dialer(sim, late, SERVER, PORT, sim.nowNs(), S);
        sim.runUntilOrFail(dialer::established, 60 * S, () -> "a new client is served once idle connections are reaped: " + dialer
                + "; appliance " + StackWatch.nonZero(server.counters()) + ", listener holds " + listener.connections());
        assertTrue(dialer.refused > 0, "it was refused while the listener was full: " + dialer);
    }
}

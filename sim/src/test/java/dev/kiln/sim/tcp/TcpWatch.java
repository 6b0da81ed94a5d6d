package dev.kiln.sim.tcp;

import dev.kiln.net.TcpOptions;
import dev.kiln.net.stack.KilnStack;
import dev.kiln.net.tcp.TcpConfig;
import dev.kiln.sim.Simulation;
import java.util.function.LongSupplier;

/**
 * Registers a {@link KilnStack}'s TCP memory with a {@link Simulation}, checked after every instant:
 * open connections ({@code tcpConnections}), the TIME-WAIT table ({@code tcpTimeWaitEntries}), the
 * stack-wide send budget in use ({@code tcpSendBudgetBytesInUse}), and, given the listener's
 * {@link TcpOptions}, the listen queue ({@code tcpListenQueued}, at most the backlog) and the bytes held
 * in receive reassembly ({@code tcpReassemblyBytes}, at most one receive buffer per connection).
 * The {@link Peaks} returned say how close each came to its bound, so a test can check the limit was reached.
 */
final class TcpWatch {
    private TcpWatch() {}

    /** The largest value each quantity took so far. */
    static final class Peaks {
        long listenQueued, reassemblyBytes, sendBudgetBytes;

        @Override
        public String toString() {
            return "peaks: listen queue " + listenQueued + ", reassembly bytes " + reassemblyBytes + ", send budget bytes " + sendBudgetBytes;
        }
    }

    static Peaks watch(Simulation sim, String name, KilnStack s, int connectionsMax) {
        Peaks p = new Peaks();
        sim.bounded(name + " tcp connections", s::tcpConnections, connectionsMax);
        sim.bounded(name + " tcp TIME-WAIT entries", s::tcpTimeWaitEntries, TcpConfig.DEFAULT.timeWaitMax());
        sim.bounded(name + " tcp send budget bytes", peak(s::tcpSendBudgetBytesInUse, v -> p.sendBudgetBytes = Math.max(p.sendBudgetBytes, v)),
                s.tcpSendBudgetBytesMax());
        return p;
    }

    /** As {@link #watch(Simulation, String, KilnStack, int)}, with the bounds that follow from the one listener's (or dialer's) {@code o}. */
    static Peaks watch(Simulation sim, String name, KilnStack s, TcpOptions o) {
        Peaks p = watch(sim, name, s, o.connectionsMax());
        long rxPerConnection = Math.max(o.rxBufferBytes(), TcpConfig.DEFAULT.mss()); // the TCB's ring: at least one segment
        sim.bounded(name + " tcp listen queue", peak(s::tcpListenQueued, v -> p.listenQueued = Math.max(p.listenQueued, v)), o.backlog());
        sim.bounded(name + " tcp reassembly bytes", peak(s::tcpReassemblyBytes, v -> p.reassemblyBytes = Math.max(p.reassemblyBytes, v)),
                o.connectionsMax() * rxPerConnection);
        sim.bounded(name + " tcp send budget bytes per connection", s::tcpSendBudgetBytesInUse, (long) o.connectionsMax() * o.txBufferBytes());
        return p;
    }

    private static LongSupplier peak(LongSupplier v, java.util.function.LongConsumer record) {
        return () -> {
            long x = v.getAsLong();
            record.accept(x);
            return x;
        };
    }
}

package dev.kiln.sim.tcp;

import dev.kiln.net.stack.KilnStack;
import dev.kiln.net.tcp.TcpConfig;
import dev.kiln.sim.Simulation;

/**
 * Registers a {@link KilnStack}'s TCP memory with a {@link Simulation}, using what the stack exposes:
 * open connections ({@code tcpConnections}) and the TIME-WAIT table ({@code tcpTimeWaitEntries}).
 * Not exposed yet (so not checked here): the listen queue length, bytes held in receive reassembly,
 * and the stack-wide send budget in use.
 */
final class TcpWatch {
    private TcpWatch() {}

    static void watch(Simulation sim, String name, KilnStack s, int connectionsMax) {
        sim.bounded(name + " tcp connections", s::tcpConnections, connectionsMax);
        sim.bounded(name + " tcp TIME-WAIT entries", s::tcpTimeWaitEntries, TcpConfig.DEFAULT.timeWaitMax());
    }
}

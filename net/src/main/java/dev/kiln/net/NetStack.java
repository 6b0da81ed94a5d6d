package dev.kiln.net;

import dev.kiln.platform.Agent;
import java.util.Map;

/**
 * The stack API applications use. Two implementations: Kiln's own stack on a raw
 * Ethernet device ({@code dev.kiln.net.stack}) and the host kernel's sockets
 * ({@code dev.kiln.net.host}). Like mirage's {@code STACKV4}.
 *
 * <p>A stack is an {@link Agent}: one loop thread calls {@link #doWork} and waits until
 * {@link #pollAtNs} or device readiness.
 */
public interface NetStack extends Agent, AutoCloseable {

    /** The stack's IPv4 address (host order int). On the host target, the bound address. */
    int ipv4Address();

    /**
     * Binds a UDP port. The handler runs on the loop thread.
     *
     * @throws IllegalStateException if the port is already bound
     */
    UdpSocket udpBind(int port, UdpHandler handler);

    /**
     * Listens on a TCP port; accepted connections are reported to {@code handler} on the loop
     * thread, under the contract in {@link TcpHandler}'s documentation and the limits in {@code options}.
     *
     * @param port    1-65535, or 0 for a port the stack chooses ({@link TcpListener#port})
     * @throws IllegalStateException if the port is in use
     * @throws UnsupportedOperationException on a target without TCP yet
     */
    default TcpListener tcpListen(int port, TcpOptions options, TcpHandler handler) {
        throw new UnsupportedOperationException("TCP is not yet on this target (" + getClass().getSimpleName() + ")");
    }

    /** Counters for the operator, every drop reason among them: name → value. Names are stable. */
    Map<String, Long> counters();

    @Override
    void close();
}

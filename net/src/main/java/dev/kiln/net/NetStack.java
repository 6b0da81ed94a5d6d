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

    /**
     * Opens a TCP connection to {@code remoteIp:remotePort} from an ephemeral local port (active open).
     * The handle is returned at once; the handler then hears, on the loop thread and under the same
     * contract as an accepted connection ({@link TcpHandler}): {@code onAccepted} once the connection is
     * established, or only {@code onClosed} with {@link TcpCloseReason#REFUSED} (the peer reset the SYN, or
     * an ICMP port unreachable came), {@link TcpCloseReason#TIMED_OUT} (no answer) or
     * {@link TcpCloseReason#UNREACHABLE} (ICMP said the peer cannot be reached). Bytes written before it is established are
     * queued and sent after the handshake; {@code close} or {@code abort} before then end it with
     * {@code onClosed} alone (and nothing queued is sent: RFC 9293 §3.10.4 in SYN-SENT). {@code options} size the connection's buffers (backlog and
     * {@code connectionsMax} do not apply). Call on the loop thread (or before the loop runs).
     *
     * @param remoteIp   the peer's IPv4 address (host order), a unicast address
     * @param remotePort 1-65535
     * @throws IllegalStateException if no local port is free for that peer, or the stack is closed
     * @throws UnsupportedOperationException on a target without TCP yet
     */
    default TcpConnection tcpConnect(int remoteIp, int remotePort, TcpOptions options, TcpHandler handler) {
        throw new UnsupportedOperationException("TCP connect is not yet on this target (" + getClass().getSimpleName() + ")");
    }

    /**
     * Runs {@code task} on the loop thread at the stack's next turn and wakes the loop if it sleeps:
     * the way in from other threads for connections that have no listener ({@link #tcpConnect}).
     * Safe from any thread; tasks run in the order given.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the stack is closed
     */
    default void execute(Runnable task) {
        throw new UnsupportedOperationException("execute is not on this target (" + getClass().getSimpleName() + ")");
    }

    /** Counters for the operator, every drop reason among them: name → value. Names are stable. */
    Map<String, Long> counters();

    @Override
    void close();
}

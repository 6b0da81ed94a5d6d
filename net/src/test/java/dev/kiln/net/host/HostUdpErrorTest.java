package dev.kiln.net.host;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.Ipv4;
import dev.kiln.net.UdpError;
import dev.kiln.net.UdpHandler;
import dev.kiln.net.UdpSocket;
import java.lang.foreign.MemorySegment;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * ICMP errors to UDP sockets on the host target (RFC 1122 §4.1.3.3), real UDP on 127.0.0.1: Linux tells a
 * connected socket of port unreachable, an unconnected one of nothing.
 */
class HostUdpErrorTest {
    static final int LOOPBACK = Ipv4.parse("127.0.0.1");
    final HostStack stack = HostStack.open(HostConfig.of("127.0.0.1"));
    final List<UdpError> errors = new ArrayList<>();
    final List<Integer> from = new ArrayList<>();
    final UdpHandler handler = new UdpHandler() {
        @Override public int onDatagram(UdpSocket s, int addr, int port, MemorySegment d, MemorySegment r) { from.add(port); return 0; }
        @Override public void onError(UdpSocket s, UdpError e, long nowNs) { errors.add(e); }
    };
    final MemorySegment query = MemorySegment.ofArray(new byte[12]);

    @AfterEach
    void close() { stack.close(); }

    /** A loopback port nobody listens on (bound once, then closed). */
    static int closedPort() throws Exception {
        try (DatagramSocket d = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return d.getLocalPort();
        }
    }

    @Test
    void aConnectedSocketIsToldOfPortUnreachable() throws Exception {
        UdpSocket s = stack.udpBind(0, handler);
        int port = closedPort();
        s.connect(LOOPBACK, port);
        assertTrue(s.connected());
        assertTrue(s.sendTo(LOOPBACK, port, query, 12));
        HostStackTest.turnUntil(stack, () -> !errors.isEmpty());
        assertEquals(new UdpError(UdpError.Kind.PORT_UNREACHABLE, LOOPBACK, port, 0, 0, 3, 3), errors.getFirst());
        assertEquals(1, stack.counter(HostCounter.UDP_ICMP_ERRORS));
    }

    @Test
    void anUnconnectedSocketIsNotToldButStillWorks() throws Exception {
        UdpSocket s = stack.udpBind(0, handler);
        assertTrue(s.sendTo(LOOPBACK, closedPort(), query, 12));
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            peer.send(new DatagramPacket(new byte[4], 4, InetAddress.getLoopbackAddress(), s.port())); // after the error came back
            HostStackTest.turnUntil(stack, () -> !from.isEmpty());
        }
        assertEquals(List.of(), errors, "Linux reports ICMP errors to unconnected UDP sockets only with IP_RECVERR");
    }

    @Test
    void aConnectedSocketTakesOnlyItsPeer() throws Exception {
        UdpSocket s = stack.udpBind(0, handler);
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             DatagramSocket other = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.connect(LOOPBACK, peer.getLocalPort());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.sendTo(LOOPBACK, other.getLocalPort(), query, 12));
            assertTrue(e.getMessage().contains("is connected to 127.0.0.1:" + peer.getLocalPort()), e.getMessage());
            other.send(new DatagramPacket(new byte[4], 4, InetAddress.getLoopbackAddress(), s.port())); // the kernel filters it
            peer.send(new DatagramPacket(new byte[4], 4, InetAddress.getLoopbackAddress(), s.port()));
            HostStackTest.turnUntil(stack, () -> !from.isEmpty());
            assertEquals(List.of(peer.getLocalPort()), from);
        }
        assertThrows(IllegalArgumentException.class, () -> s.connect(0, 53));
    }
}

package dev.kiln.net.stack;

import dev.kiln.net.UdpConnect;
import dev.kiln.net.UdpHandler;
import dev.kiln.net.UdpSocket;
import java.lang.foreign.MemorySegment;

/** A port bound on a {@link KilnStack}. */
final class KilnUdpSocket implements UdpSocket {
    private final UdpLayer udp;
    private final int port;
    final UdpHandler handler;
    boolean open = true;
    boolean connected;
    int remoteAddr, remotePort; // when connected

    KilnUdpSocket(UdpLayer udp, int port, UdpHandler handler) {
        this.udp = udp;
        this.port = port;
        this.handler = handler;
    }

    @Override
    public int port() { return port; }

    @Override
    public boolean sendTo(int dstAddr, int dstPort, MemorySegment payload, int len) {
        if (!open) throw new IllegalStateException("UDP socket on port " + port + " is closed");
        if (connected && (dstAddr != remoteAddr || dstPort != remotePort)) throw UdpConnect.notThePeer(this, dstAddr, dstPort, remoteAddr, remotePort);
        return udp.sendTo(port, dstAddr, dstPort, payload, len);
    }

    @Override
    public void connect(int remoteAddr, int remotePort) {
        if (!open) throw new IllegalStateException("UDP socket on port " + port + " is closed");
        UdpConnect.check(remoteAddr, remotePort);
        this.remoteAddr = remoteAddr;
        this.remotePort = remotePort;
        connected = true;
    }

    @Override
    public boolean connected() { return connected; }

    /** Whether a datagram from {@code addr:port} (or an error about one sent there) is this socket's business. */
    boolean accepts(int addr, int port) { return !connected || (addr == remoteAddr && port == remotePort); }

    @Override
    public void close() {
        if (open) {
            open = false;
            udp.unbind(this);
        }
    }

    @Override
    public String toString() { return "udp:" + port; }
}

package dev.kiln.net.stack;

import dev.kiln.net.UdpHandler;
import dev.kiln.net.UdpSocket;
import java.lang.foreign.MemorySegment;

/** A port bound on a {@link KilnStack}. */
final class KilnUdpSocket implements UdpSocket {
    private final UdpLayer udp;
    private final int port;
    final UdpHandler handler;
    boolean open = true;

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
        return udp.sendTo(port, dstAddr, dstPort, payload, len);
    }

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

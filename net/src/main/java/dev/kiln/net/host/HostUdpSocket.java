package dev.kiln.net.host;

import dev.kiln.net.UdpHandler;
import dev.kiln.net.UdpSocket;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

/** A UDP port bound on the host: one non-blocking {@link DatagramChannel}. */
final class HostUdpSocket implements UdpSocket {
    final HostStack stack;
    final DatagramChannel channel;
    final UdpHandler handler;
    final int port;
    SelectionKey key;
    boolean open = true;
    // The last sender seen, so a repeated sender costs no address decoding.
    InetSocketAddress lastSender;
    int lastSenderAddr;
    int lastSenderPort;

    HostUdpSocket(HostStack stack, DatagramChannel channel, UdpHandler handler, int port) {
        this.stack = stack;
        this.channel = channel;
        this.handler = handler;
        this.port = port;
    }

    @Override
    public int port() { return port; }

    @Override
    public boolean sendTo(int dstAddr, int dstPort, MemorySegment payload, int len) {
        if (!open) throw new IllegalStateException("UDP socket on port " + port + " is closed");
        return stack.sendTo(this, dstAddr, dstPort, payload, len);
    }

    @Override
    public void close() {
        if (!open) return;
        open = false;
        stack.unbind(this);
    }

    @Override
    public String toString() { return "host-udp:" + port; }
}

package dev.kiln.net.host;

import dev.kiln.net.Ipv4;
import dev.kiln.net.UdpConnect;
import dev.kiln.net.UdpError;
import dev.kiln.net.UdpHandler;
import dev.kiln.net.UdpSocket;
import java.lang.foreign.MemorySegment;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;

/** A UDP port bound on the host: one non-blocking {@link DatagramChannel}, connected by {@link #connect}. */
final class HostUdpSocket implements UdpSocket {
    final HostStack stack;
    final DatagramChannel channel;
    final UdpHandler handler;
    final int port;
    SelectionKey key;
    boolean open = true;
    int remoteAddr, remotePort; // when connected
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
        if (channel.isConnected() && (dstAddr != remoteAddr || dstPort != remotePort))
            throw UdpConnect.notThePeer(this, dstAddr, dstPort, remoteAddr, remotePort);
        return stack.sendTo(this, dstAddr, dstPort, payload, len);
    }

    @Override
    public void connect(int remoteAddr, int remotePort) {
        if (!open) throw new IllegalStateException("UDP socket on port " + port + " is closed");
        UdpConnect.check(remoteAddr, remotePort);
        try {
            if (channel.isConnected()) channel.disconnect();
            channel.connect(new InetSocketAddress(InetAddress.getByAddress(HostStack.toBytes(remoteAddr)), remotePort));
        } catch (IOException e) {
            throw new IllegalStateException("cannot connect UDP socket on port " + port + " to " + Ipv4.format(remoteAddr) + ":" + remotePort
                    + ": " + e.getMessage(), e);
        }
        this.remoteAddr = remoteAddr;
        this.remotePort = remotePort;
    }

    @Override
    public boolean connected() { return channel.isConnected(); }

    /**
     * An I/O error on the connected channel that is Linux reporting an ICMP error (RFC 1122 §4.1.3.3; the kernel
     * keeps the details): to the handler as a {@link UdpError} about the peer. Returns false for other errors.
     */
    boolean icmpError(IOException e, long nowNs) {
        if (!channel.isConnected()) return false;
        UdpError.Kind kind = e instanceof PortUnreachableException ? UdpError.Kind.PORT_UNREACHABLE
                : e instanceof NoRouteToHostException ? UdpError.Kind.HOST_UNREACHABLE : null;
        if (kind == null) return false;
        try {
            handler.onError(this, new UdpError(kind, remoteAddr, remotePort, 0, 0, 3, kind == UdpError.Kind.PORT_UNREACHABLE ? 3 : 1), nowNs);
        } catch (RuntimeException x) {
            stack.count(HostCounter.DROP_UDP_HANDLER_ERROR, 1);
        }
        return true;
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

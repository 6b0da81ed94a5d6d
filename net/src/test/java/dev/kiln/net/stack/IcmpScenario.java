package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static dev.kiln.net.stack.TcpFrames.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.wire.ArpRepr;
import dev.kiln.net.wire.IcmpRepr;
import dev.kiln.net.wire.Mac;
import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The ICMP-error scenarios' stage: the stack connects to a scripted peer (port 80 of {@link Frames#PEER_IP}, or
 * another address), and a router (192.0.2.1) sends errors quoting what the stack sent — or forged ones.
 */
final class IcmpScenario {
    static final long MS = 1_000_000L;
    static final int PEER_ISS = 7000;
    final StackHarness h;
    final List<String> events = new ArrayList<>();
    TcpConnection conn;
    final TcpHandler recorder = new TcpHandler() {
        @Override public void onAccepted(TcpConnection c, long nowNs) { conn = c; events.add("accepted"); }
        @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return (int) d.byteSize(); }
        @Override public void onClosed(TcpConnection c, TcpCloseReason r, long nowNs) { events.add("closed " + r); }
    };

    IcmpScenario(StackHarness h) { this.h = h; }

    IcmpScenario() { this(new StackHarness()); }

    /** The router's error {@code type}/{@code code} quoting {@code sent}'s IPv4 header and the first {@code transport} bytes after it. */
    static byte[] icmpAbout(byte[] sent, int type, int code, int mtu, int transport) {
        byte[] quote = Arrays.copyOfRange(sent, 14, 14 + 20 + transport);
        return ipv4(OUR_MAC, GW_MAC, GW_IP, OUR_IP, 1, icmp(new IcmpRepr(type, code, mtu, quote)));
    }

    static byte[] icmpAbout(byte[] sent, int type, int code) { return icmpAbout(sent, type, code, 0, 8); }

    /** An active open to the peer's port 80: its SYN, as sent. */
    byte[] connect() { return connect(PEER_IP, 0); }

    /** An active open to {@code ip}:80 (reached through the gateway when off-link) at {@code nowNs}: its SYN, as sent. */
    byte[] connect(int ip, long nowNs) {
        if (ip == PEER_IP) h.learnPeer(nowNs);
        else h.run(nowNs, arp(Mac.BROADCAST, GW_MAC, ArpRepr.request(GW_MAC, GW_IP, OUR_IP))); // the gateway's MAC
        h.dev.drain();
        h.stack.tcpConnect(ip, 80, TcpOptions.defaults(), recorder);
        List<byte[]> out = h.run(nowNs + MS);
        assertEquals(SYN, tcpOf(out.getFirst()).flags());
        return out.getFirst();
    }

    /** Completes the handshake of {@link #connect}'s SYN, the peer offering an MSS of 1460. */
    void establish(byte[] syn) { establish(syn, 2 * MS); }

    /** {@link #establish(byte[])} at {@code nowNs}, the SYN-ACK from the SYN's destination. */
    void establish(byte[] syn, long nowNs) {
        TcpRepr s = tcpOf(syn);
        TcpRepr synAck = new TcpRepr(80, s.srcPort(), PEER_ISS, s.seq() + 1, SYN | ACK, 65535, 0, TcpOptionsRepr.EMPTY.withMss(1460), 0);
        int from = ipOf(syn).dst();
        h.run(nowNs, from == PEER_IP ? fromPeer(synAck) : fromVia(from, synAck));
        assertEquals(List.of("accepted"), events);
        events.clear();
    }

    /** The application writes {@code n} bytes at {@code nowNs}; returns the frames sent. */
    List<byte[]> write(int n, long nowNs) {
        assertEquals(n, conn.write(MemorySegment.ofArray(new byte[n]), 0, n));
        return h.run(nowNs);
    }

    /** The peer (at {@link Frames#PEER_IP}) acknowledges everything up to the sequence number {@code ack}. */
    List<byte[]> ack(int srcPort, int ack, long nowNs) {
        return h.run(nowNs, fromPeer(segment(80, srcPort, PEER_ISS + 1, ack, ACK, 0)));
    }
}

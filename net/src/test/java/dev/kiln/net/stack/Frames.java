package dev.kiln.net.stack;

import dev.kiln.net.Ipv4;
import dev.kiln.net.wire.*;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Builds test frames from reprs, and takes transmitted frames apart. */
public final class Frames {
    private Frames() {}

    public static final long OUR_MAC = Mac.parse("02:00:00:00:00:02");
    public static final int OUR_IP = Ipv4.parse("192.0.2.2");
    public static final long PEER_MAC = Mac.parse("02:00:00:00:00:10");
    public static final int PEER_IP = Ipv4.parse("192.0.2.10");
    public static final long GW_MAC = Mac.parse("02:00:00:00:00:01");
    public static final int GW_IP = Ipv4.parse("192.0.2.1");
    public static final int FAR_IP = Ipv4.parse("203.0.113.5");

    public static byte[] arp(long frameDst, long frameSrc, ArpRepr r) {
        MemorySegment s = MemorySegment.ofArray(new byte[14 + 28]);
        new EthernetRepr(frameDst, frameSrc, EthernetFrame.ETHERTYPE_ARP).emit(new EthernetFrame().wrap(s, 0, 42));
        r.emit(new ArpPacket().wrap(s, 14));
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    /** Ethernet + IPv4 (unfragmented, ident 7) + the given transport bytes. */
    public static byte[] ipv4(long frameDst, long frameSrc, int src, int dst, int proto, byte[] l4) {
        return ipv4(frameDst, frameSrc, new Ipv4Repr(src, dst, proto, 64, 7, 0, false, false, 0, l4.length), l4);
    }

    public static byte[] ipv4(long frameDst, long frameSrc, Ipv4Repr ip, byte[] l4) {
        MemorySegment s = MemorySegment.ofArray(new byte[14 + 20 + l4.length]);
        new EthernetRepr(frameDst, frameSrc, EthernetFrame.ETHERTYPE_IPV4).emit(new EthernetFrame().wrap(s, 0, (int) s.byteSize()));
        ip.emit(new Ipv4Packet().wrap(s, 14));
        MemorySegment.copy(l4, 0, s, ValueLayout.JAVA_BYTE, 34, l4.length);
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    /** A UDP header + payload with a correct checksum. */
    public static byte[] udp(int src, int dst, int srcPort, int dstPort, byte[] payload) {
        MemorySegment s = MemorySegment.ofArray(new byte[8 + payload.length]);
        MemorySegment.copy(payload, 0, s, ValueLayout.JAVA_BYTE, 8, payload.length);
        new UdpRepr(srcPort, dstPort, payload.length).emit(new UdpPacket().wrap(s, 0), src, dst);
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    public static byte[] icmp(IcmpRepr r) {
        MemorySegment s = MemorySegment.ofArray(new byte[r.bufferLen()]);
        r.emit(new IcmpPacket().wrap(s, 0, r.bufferLen()));
        return s.toArray(ValueLayout.JAVA_BYTE);
    }

    /** A UDP datagram from the peer to us, in a frame to our MAC. */
    public static byte[] udpFromPeer(int srcPort, int dstPort, byte[] payload) {
        return ipv4(OUR_MAC, PEER_MAC, PEER_IP, OUR_IP, Ipv4Packet.PROTO_UDP, udp(PEER_IP, OUR_IP, srcPort, dstPort, payload));
    }

    /** Fragments of one IPv4 datagram carrying {@code l4}: [offset, length] pairs (offsets multiples of 8). */
    public static byte[] fragment(int ident, byte[] l4, int off, int len, boolean last) {
        byte[] part = java.util.Arrays.copyOfRange(l4, off, off + len);
        Ipv4Repr ip = new Ipv4Repr(PEER_IP, OUR_IP, Ipv4Packet.PROTO_UDP, 64, ident, 0, false, !last, off, len);
        return ipv4(OUR_MAC, PEER_MAC, ip, part);
    }

    public static MemorySegment seg(byte[] b) { return MemorySegment.ofArray(b); }

    public static EthernetRepr eth(byte[] f) {
        EthernetFrame v = new EthernetFrame();
        if (v.wrapChecked(seg(f), 0, f.length) != WireError.OK) throw new AssertionError("bad frame");
        return EthernetRepr.parse(v);
    }

    public static ArpRepr arpOf(byte[] f) {
        ArpPacket p = new ArpPacket();
        if (p.wrapChecked(seg(f), 14, f.length - 14) != WireError.OK) throw new AssertionError("bad ARP");
        return ArpRepr.parse(p);
    }

    public static Ipv4Repr ipOf(byte[] f) {
        Ipv4Packet p = new Ipv4Packet();
        if (p.wrapChecked(seg(f), 14, f.length - 14) != WireError.OK) throw new AssertionError("bad IPv4");
        return Ipv4Repr.parse(p);
    }

    public static IcmpRepr icmpOf(byte[] f) {
        Ipv4Packet p = new Ipv4Packet();
        if (p.wrapChecked(seg(f), 14, f.length - 14) != WireError.OK) throw new AssertionError("bad IPv4");
        IcmpPacket i = new IcmpPacket();
        if (i.wrapChecked(seg(f), p.payloadOffset(), p.payloadLen()) != WireError.OK) throw new AssertionError("bad ICMP");
        return IcmpRepr.parse(i);
    }

    /** The UDP payload of a transmitted frame, checking the UDP checksum. */
    public static byte[] udpPayloadOf(byte[] f) {
        Ipv4Packet p = new Ipv4Packet();
        if (p.wrapChecked(seg(f), 14, f.length - 14) != WireError.OK) throw new AssertionError("bad IPv4");
        UdpPacket u = new UdpPacket();
        if (u.wrapChecked(seg(f), p.payloadOffset(), p.payloadLen()) != WireError.OK) throw new AssertionError("bad UDP");
        if (UdpRepr.parse(u, p.src(), p.dst()) == null) throw new AssertionError("bad UDP checksum");
        return seg(f).asSlice(u.payloadOffset(), u.payloadLen()).toArray(ValueLayout.JAVA_BYTE);
    }

    public static UdpRepr udpOf(byte[] f) {
        Ipv4Packet p = new Ipv4Packet();
        p.wrapChecked(seg(f), 14, f.length - 14);
        UdpPacket u = new UdpPacket();
        if (u.wrapChecked(seg(f), p.payloadOffset(), p.payloadLen()) != WireError.OK) throw new AssertionError("bad UDP");
        return UdpRepr.parse(u, p.src(), p.dst());
    }

    public static byte[] bytes(int n, int first) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (first + i);
        return b;
    }
}

package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;

import dev.kiln.net.wire.Ipv4Packet;
import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpPacket;
import dev.kiln.net.wire.TcpRepr;
import dev.kiln.net.wire.WireError;
import java.lang.foreign.MemorySegment;

/** TCP segments from the scripted peer (192.0.2.10) to the stack under test, and back. */
final class TcpFrames {
    private TcpFrames() {}

    static TcpRepr segment(int srcPort, int dstPort, int seq, int ack, int flags, int payloadLen) {
        return new TcpRepr(srcPort, dstPort, seq, ack, flags, 65535, 0, TcpOptionsRepr.EMPTY, payloadLen);
    }

    /** A frame carrying {@code r} (checksum right) and {@code payload}. */
    static byte[] fromPeer(TcpRepr r, byte[] payload) {
        byte[] l4 = new byte[r.bufferLen() + payload.length];
        System.arraycopy(payload, 0, l4, r.bufferLen(), payload.length);
        r.emit(new TcpPacket().wrap(MemorySegment.ofArray(l4), 0, l4.length), PEER_IP, OUR_IP);
        return ipv4(OUR_MAC, PEER_MAC, PEER_IP, OUR_IP, Ipv4Packet.PROTO_TCP, l4);
    }

    static byte[] fromPeer(TcpRepr r) { return fromPeer(r, new byte[0]); }

    /** A frame carrying {@code r} from {@code src}, off-link, through the gateway. */
    static byte[] fromVia(int src, TcpRepr r) {
        byte[] l4 = new byte[r.bufferLen()];
        r.emit(new TcpPacket().wrap(MemorySegment.ofArray(l4), 0, l4.length), src, OUR_IP);
        return ipv4(OUR_MAC, GW_MAC, src, OUR_IP, Ipv4Packet.PROTO_TCP, l4);
    }

    /** The segment in a transmitted frame, checksum verified. */
    static TcpRepr tcpOf(byte[] f) {
        Ipv4Packet p = new Ipv4Packet();
        if (p.wrapChecked(seg(f), 14, f.length - 14) != WireError.OK || p.protocol() != Ipv4Packet.PROTO_TCP) throw new AssertionError("not TCP/IPv4");
        TcpPacket t = new TcpPacket();
        if (t.wrapChecked(seg(f), p.payloadOffset(), p.payloadLen()) != WireError.OK) throw new AssertionError("bad TCP header");
        TcpRepr r = TcpRepr.parse(t, p.src(), p.dst());
        if (r == null) throw new AssertionError("bad TCP checksum or options");
        return r;
    }
}

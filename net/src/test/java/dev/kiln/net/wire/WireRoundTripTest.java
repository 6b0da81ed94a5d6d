package dev.kiln.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import net.jqwik.api.*;
import net.jqwik.api.constraints.*;

/** repr → emit → checked wrap → parse gives the repr back. */
class WireRoundTripTest {

    @Property
    void ethernet(@ForAll @LongRange(max = 0xFFFF_FFFF_FFFFL) long dst, @ForAll @LongRange(max = 0xFFFF_FFFF_FFFFL) long src,
                  @ForAll @IntRange(max = 0xFFFF) int type) {
        EthernetRepr r = new EthernetRepr(dst, src, type);
        MemorySegment s = MemorySegment.ofArray(new byte[r.bufferLen()]);
        r.emit(new EthernetFrame().wrap(s, 0, r.bufferLen()));
        EthernetFrame v = new EthernetFrame();
        assertEquals(WireError.OK, v.wrapChecked(s, 0, (int) s.byteSize()));
        assertEquals(r, EthernetRepr.parse(v));
    }

    @Property
    void arp(@ForAll @IntRange(min = 1, max = 2) int op, @ForAll @LongRange(max = 0xFFFF_FFFF_FFFFL) long sha, @ForAll int spa,
             @ForAll @LongRange(max = 0xFFFF_FFFF_FFFFL) long tha, @ForAll int tpa) {
        ArpRepr r = new ArpRepr(op, sha, spa, tha, tpa);
        MemorySegment s = MemorySegment.ofArray(new byte[r.bufferLen()]);
        r.emit(new ArpPacket().wrap(s, 0));
        ArpPacket v = new ArpPacket();
        assertEquals(WireError.OK, v.wrapChecked(s, 0, 28));
        assertEquals(r, ArpRepr.parse(v));
    }

    @Property
    void ipv4(@ForAll int src, @ForAll int dst, @ForAll @IntRange(max = 255) int proto, @ForAll @IntRange(max = 255) int ttl,
              @ForAll @IntRange(max = 0xFFFF) int ident, @ForAll @IntRange(max = 255) int dscp, @ForAll boolean df,
              @ForAll boolean mf, @ForAll @IntRange(max = 0x1FFF) int frag8, @ForAll @IntRange(max = 2000) int payloadLen) {
        Ipv4Repr r = new Ipv4Repr(src, dst, proto, ttl, ident, dscp, df, mf, frag8 * 8, payloadLen);
        MemorySegment s = MemorySegment.ofArray(new byte[r.bufferLen() + payloadLen]);
        r.emit(new Ipv4Packet().wrap(s, 0));
        Ipv4Packet v = new Ipv4Packet();
        assertEquals(WireError.OK, v.wrapChecked(s, 0, (int) s.byteSize()));
        assertEquals(r, Ipv4Repr.parse(v));
    }

    @Property
    void icmpEcho(@ForAll boolean request, @ForAll @IntRange(max = 0xFFFF) int ident, @ForAll @IntRange(max = 0xFFFF) int seq,
                  @ForAll @Size(max = 1472) byte[] data) {
        IcmpRepr r = request ? IcmpRepr.echoRequest(ident, seq, data) : IcmpRepr.echoReply(ident, seq, data);
        MemorySegment s = MemorySegment.ofArray(new byte[r.bufferLen()]);
        r.emit(new IcmpPacket().wrap(s, 0, r.bufferLen()));
        IcmpPacket v = new IcmpPacket();
        assertEquals(WireError.OK, v.wrapChecked(s, 0, (int) s.byteSize()));
        assertEquals(r, IcmpRepr.parse(v));
    }

    @Property
    void icmpUnreachable(@ForAll @IntRange(max = 15) int code, @ForAll @Size(min = 28, max = 576) byte[] data) {
        IcmpRepr r = IcmpRepr.destUnreachable(code, data);
        MemorySegment s = MemorySegment.ofArray(new byte[r.bufferLen()]);
        r.emit(new IcmpPacket().wrap(s, 0, r.bufferLen()));
        IcmpPacket v = new IcmpPacket();
        assertEquals(WireError.OK, v.wrapChecked(s, 0, (int) s.byteSize()));
        assertEquals(r, IcmpRepr.parse(v));
    }

    @Property
    void udp(@ForAll @IntRange(max = 0xFFFF) int sp, @ForAll @IntRange(max = 0xFFFF) int dp, @ForAll @Size(max = 1472) byte[] payload,
             @ForAll int srcIp, @ForAll int dstIp) {
        UdpRepr r = new UdpRepr(sp, dp, payload.length);
        MemorySegment s = MemorySegment.ofArray(new byte[r.bufferLen() + payload.length]);
        MemorySegment.copy(MemorySegment.ofArray(payload), 0, s, 8, payload.length);
        r.emit(new UdpPacket().wrap(s, 0), srcIp, dstIp);
        UdpPacket v = new UdpPacket();
        assertEquals(WireError.OK, v.wrapChecked(s, 0, (int) s.byteSize()));
        assertNotEquals(0, v.checksum());
        assertEquals(r, UdpRepr.parse(v, srcIp, dstIp));
    }
}

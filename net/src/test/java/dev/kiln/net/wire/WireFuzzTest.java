package dev.kiln.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;

/**
 * Hostile bytes into every view's checked wrap and every repr's parse: nothing throws, and
 * whatever parses re-emits to bytes that parse to the same repr. Saved inputs live under
 * src/test/resources/dev/kiln/net/wire/WireFuzzTestInputs/.
 */
class WireFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void everyViewAndReprSurvivesAnyBytes(byte[] data) {
        MemorySegment s = MemorySegment.ofArray(data);
        int len = data.length;
        for (int off = 0; off <= Math.min(len, 3); off++) {
            int n = len - off;
            EthernetFrame eth = new EthernetFrame();
            if (eth.wrapChecked(s, off, n).ok()) {
                EthernetRepr r = EthernetRepr.parse(eth);
                assertEquals(n - 14, eth.payloadLen());
                MemorySegment out = MemorySegment.ofArray(new byte[14]);
                r.emit(new EthernetFrame().wrap(out, 0, 14));
                assertEquals(r, EthernetRepr.parse(new EthernetFrame().wrap(out, 0, 14)));
            }
            ArpPacket arp = new ArpPacket();
            if (arp.wrapChecked(s, off, n).ok()) {
                ArpRepr r = ArpRepr.parse(arp);
                if (r != null) {
                    MemorySegment out = MemorySegment.ofArray(new byte[28]);
                    r.emit(new ArpPacket().wrap(out, 0));
                    assertEquals(r, ArpRepr.parse(new ArpPacket().wrap(out, 0)));
                }
            }
            Ipv4Packet ip = new Ipv4Packet();
            if (ip.wrapChecked(s, off, n).ok()) {
                assertTrue(ip.payloadOffset() + ip.payloadLen() <= off + n);
                ip.ttl();
                ip.fragOffset();
                ip.isFragment();
                Ipv4Repr r = Ipv4Repr.parse(ip);
                if (r != null) {
                    MemorySegment out = MemorySegment.ofArray(new byte[20 + r.payloadLen()]);
                    r.emit(new Ipv4Packet().wrap(out, 0));
                    Ipv4Packet back = new Ipv4Packet();
                    assertEquals(WireError.OK, back.wrapChecked(out, 0, (int) out.byteSize()));
                    assertEquals(r, Ipv4Repr.parse(back));
                }
                UdpPacket udp = new UdpPacket();
                if (udp.wrapChecked(s, ip.payloadOffset(), ip.payloadLen()).ok()) {
                    assertTrue(udp.payloadLen() >= 0);
                    UdpRepr.parse(udp, ip.src(), ip.dst());
                }
                IcmpPacket icmp = new IcmpPacket();
                if (icmp.wrapChecked(s, ip.payloadOffset(), ip.payloadLen()).ok()) {
                    IcmpRepr r2 = IcmpRepr.parse(icmp);
                    if (r2 != null) {
                        MemorySegment out = MemorySegment.ofArray(new byte[r2.bufferLen()]);
                        r2.emit(new IcmpPacket().wrap(out, 0, r2.bufferLen()));
                        assertEquals(r2, IcmpRepr.parse(new IcmpPacket().wrap(out, 0, r2.bufferLen())));
                    }
                }
            }
            UdpPacket udp = new UdpPacket();
            if (udp.wrapChecked(s, off, n).ok()) {
                assertTrue(udp.payloadOffset() + udp.payloadLen() <= off + n);
                UdpRepr.parse(udp, 0x01020304, 0x05060708);
            }
            IcmpPacket icmp = new IcmpPacket();
            if (icmp.wrapChecked(s, off, n).ok()) IcmpRepr.parse(icmp);
            Checksum.of(s, off, n);
        }
    }
}

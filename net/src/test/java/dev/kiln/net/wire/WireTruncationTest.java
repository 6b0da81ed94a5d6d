package dev.kiln.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Short, overlong and inconsistent inputs are refused with a named reason, never an exception. */
class WireTruncationTest {

    @Test
    void everyPrefixOfGoldenFramesIsRefusedOrConsistent() {
        for (String hex : new String[] {WireGoldenTest.ICMP_ECHO, WireGoldenTest.UDP_DNS}) {
            MemorySegment full = Hex.seg(hex);
            for (int n = 0; n < full.byteSize(); n++) {
                MemorySegment s = full.asSlice(0, n);
                EthernetFrame eth = new EthernetFrame();
                if (n < 14) {
                    assertEquals(WireError.TRUNCATED, eth.wrapChecked(s, 0, n));
                    continue;
                }
                assertEquals(WireError.OK, eth.wrapChecked(s, 0, n));
                Ipv4Packet ip = new Ipv4Packet();
                assertEquals(WireError.TRUNCATED, ip.wrapChecked(s, 14, n - 14), "prefix " + n);
            }
        }
    }

    @Test
    void arpShorterThan28IsTruncated() {
        MemorySegment s = Hex.seg(WireGoldenTest.ARP_REQUEST);
        assertEquals(WireError.TRUNCATED, new ArpPacket().wrapChecked(s, 14, 27));
        assertEquals(WireError.OK, new ArpPacket().wrapChecked(s, 14, 28));
    }

    @Test
    void arpWithOtherHardwareIsUnsupported() {
        MemorySegment s = Hex.seg(WireGoldenTest.ARP_REQUEST);
        ArpPacket p = new ArpPacket();
        p.wrapChecked(s, 14, 46);
        p.setHardwareType(6); // IEEE 802
        assertEquals(WireError.UNSUPPORTED_HARDWARE, ArpRepr.check(p));
        assertNull(ArpRepr.parse(p));
        p.setHardwareType(1);
        p.setProtocolLen(16);
        assertEquals(WireError.UNSUPPORTED_PROTOCOL, ArpRepr.check(p));
        p.setProtocolLen(4);
        p.setOperation(3);
        assertEquals(WireError.UNSUPPORTED_OPERATION, ArpRepr.check(p));
    }

    @Test
    void ipv4HeaderFieldErrorsAreNamed() {
        MemorySegment s = Hex.seg(WireGoldenTest.UDP_DNS);
        Ipv4Packet p = new Ipv4Packet();
        s.set(Be.U16.withName("x"), 14, (short) 0x6500);
        assertEquals(WireError.BAD_VERSION, p.wrapChecked(s, 14, 57));
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 14, (byte) 0x44);
        assertEquals(WireError.BAD_IHL, p.wrapChecked(s, 14, 57));
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 14, (byte) 0x4F); // 60-byte header > 57 bytes
        assertEquals(WireError.TRUNCATED, p.wrapChecked(s, 14, 57));
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 14, (byte) 0x45);
        s.set(Be.U16, 16, (short) 19);
        assertEquals(WireError.BAD_TOTAL_LEN, p.wrapChecked(s, 14, 57));
        s.set(Be.U16, 16, (short) 58);
        assertEquals(WireError.TRUNCATED, p.wrapChecked(s, 14, 57));
        s.set(Be.U16, 16, (short) 0x39);
        assertEquals(WireError.OK, p.wrapChecked(s, 14, 57));
        s.set(Be.U16, 16 + 8, (short) 0); // break the checksum
        assertEquals(WireError.BAD_CHECKSUM, Ipv4Repr.check(p));
        assertNull(Ipv4Repr.parse(p));
    }

    @Test
    void ipv4TrailingPaddingIsIgnored() {
        MemorySegment s = Hex.seg(WireGoldenTest.UDP_DNS + "000000");
        Ipv4Packet p = new Ipv4Packet();
        assertEquals(WireError.OK, p.wrapChecked(s, 14, 60));
        assertEquals(57, p.totalLen());
    }

    @Test
    void udpLengthFieldOutOfRange() {
        MemorySegment s = Hex.seg(WireGoldenTest.UDP_DNS);
        UdpPacket u = new UdpPacket();
        s.set(Be.U16, 38, (short) 7);
        assertEquals(WireError.BAD_LENGTH, u.wrapChecked(s, 34, 37));
        s.set(Be.U16, 38, (short) 38);
        assertEquals(WireError.TRUNCATED, u.wrapChecked(s, 34, 37));
        assertEquals(WireError.TRUNCATED, u.wrapChecked(s, 34, 7));
    }

    @Test
    void icmpShortOrUnknownIsRefused() {
        MemorySegment s = Hex.seg(WireGoldenTest.ICMP_ECHO);
        IcmpPacket p = new IcmpPacket();
        assertEquals(WireError.TRUNCATED, p.wrapChecked(s, 34, 7));
        assertEquals(WireError.OK, p.wrapChecked(s, 34, 64));
        p.setType(13); // timestamp
        p.fillChecksum();
        assertEquals(WireError.UNSUPPORTED_TYPE, IcmpRepr.check(p));
        p.setType(8);
        assertEquals(WireError.BAD_CHECKSUM, IcmpRepr.check(p));
        // destination unreachable needs the original header + 8 bytes
        p.wrap(s, 34, 8 + 27);
        p.setType(3);
        p.setCode(3);
        p.fillChecksum();
        assertEquals(WireError.TRUNCATED, IcmpRepr.check(p));
    }

    @Test
    void wrapBeyondSegmentIsTruncatedNotThrown() {
        MemorySegment s = MemorySegment.ofArray(new byte[20]);
        assertEquals(WireError.TRUNCATED, new EthernetFrame().wrapChecked(s, 10, 14));
        assertEquals(WireError.TRUNCATED, new Ipv4Packet().wrapChecked(s, 1, 20));
        assertEquals(WireError.TRUNCATED, new UdpPacket().wrapChecked(s, -1, 8));
        assertEquals(WireError.TRUNCATED, new ArpPacket().wrapChecked(s, 0, 28));
        assertEquals(WireError.TRUNCATED, new IcmpPacket().wrapChecked(s, 13, 8));
    }
}

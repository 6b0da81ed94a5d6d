package dev.kiln.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.Ipv4;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** Golden bytes, both ways: deconstruct captured-style frames, construct them from reprs. */
class WireGoldenTest {
    static final long MAC_A = Mac.parse("02:00:00:00:00:01");
    static final long MAC_B = Mac.parse("02:00:00:00:00:5b");
    static final int IP_A = Ipv4.parse("192.0.2.1");
    static final int IP_B = Ipv4.parse("192.0.2.53");

    /** Who has 192.0.2.53? Tell 192.0.2.1 — broadcast, padded to the 60-byte Ethernet minimum. */
    static final String ARP_REQUEST =
            "ffffffffffff 020000000001 0806"
            + "0001 0800 06 04 0001 020000000001 c0000201 000000000000 c0000235"
            + "000000000000000000000000000000000000";

    /** ping 192.0.2.53: echo request id 0x1234 seq 1, 56 data bytes 0x10..0x47, IP id 0xabcd. */
    static final String ICMP_ECHO =
            "02000000005b 020000000001 0800"
            + "45000054abcd000040014aa5c0000201c0000235"
            + "08002cf612340001"
            + "101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f4041424344454647";

    /** dig example.com A from port 53000: DNS id 0xbeef, RD. */
    static final String UDP_DNS =
            "02000000005b 020000000001 0800"
            + "450000390001000040 11 f67c c0000201 c0000235"
            + "cf08 0035 0025 1dd2"
            + "beef01000001000000000000076578616d706c6503636f6d0000010001";

    @Test
    void arpRequestDeconstructs() {
        MemorySegment s = Hex.seg(ARP_REQUEST);
        EthernetFrame eth = new EthernetFrame();
        assertEquals(WireError.OK, eth.wrapChecked(s, 0, (int) s.byteSize()));
        assertEquals(new EthernetRepr(Mac.BROADCAST, MAC_A, EthernetFrame.ETHERTYPE_ARP), EthernetRepr.parse(eth));
        ArpPacket arp = new ArpPacket();
        assertEquals(WireError.OK, arp.wrapChecked(s, eth.payloadOffset(), eth.payloadLen()));
        assertEquals(ArpRepr.request(MAC_A, IP_A, IP_B), ArpRepr.parse(arp));
    }

    @Test
    void arpRequestConstructs() {
        MemorySegment s = MemorySegment.ofArray(new byte[60]);
        new EthernetRepr(Mac.BROADCAST, MAC_A, EthernetFrame.ETHERTYPE_ARP).emit(new EthernetFrame().wrap(s, 0, 60));
        ArpRepr.request(MAC_A, IP_A, IP_B).emit(new ArpPacket().wrap(s, 14));
        assertEquals(Hex.hex(Hex.seg(ARP_REQUEST)), Hex.hex(s));
    }

    @Test
    void icmpEchoDeconstructs() {
        MemorySegment s = Hex.seg(ICMP_ECHO);
        EthernetFrame eth = new EthernetFrame();
        assertEquals(WireError.OK, eth.wrapChecked(s, 0, (int) s.byteSize()));
        assertEquals(EthernetFrame.ETHERTYPE_IPV4, eth.etherType());
        Ipv4Packet ip = new Ipv4Packet();
        assertEquals(WireError.OK, ip.wrapChecked(s, eth.payloadOffset(), eth.payloadLen()));
        assertEquals(new Ipv4Repr(IP_A, IP_B, 1, 64, 0xabcd, 0, false, false, 0, 64), Ipv4Repr.parse(ip));
        IcmpPacket icmp = new IcmpPacket();
        assertEquals(WireError.OK, icmp.wrapChecked(s, ip.payloadOffset(), ip.payloadLen()));
        IcmpRepr r = IcmpRepr.parse(icmp);
        assertEquals(IcmpRepr.echoRequest(0x1234, 1, data(0x10, 56)), r);
        assertEquals(0x1234, r.echoIdent());
        assertEquals(1, r.echoSeq());
    }

    @Test
    void icmpEchoConstructs() {
        MemorySegment s = MemorySegment.ofArray(new byte[14 + 20 + 64]);
        new EthernetRepr(MAC_B, MAC_A, EthernetFrame.ETHERTYPE_IPV4).emit(new EthernetFrame().wrap(s, 0, 98));
        IcmpRepr icmp = IcmpRepr.echoRequest(0x1234, 1, data(0x10, 56));
        Ipv4Repr.of(IP_A, IP_B, 1, 0xabcd, icmp.bufferLen()).emit(new Ipv4Packet().wrap(s, 14));
        icmp.emit(new IcmpPacket().wrap(s, 34, icmp.bufferLen()));
        assertEquals(Hex.hex(Hex.seg(ICMP_ECHO)), Hex.hex(s));
    }

    @Test
    void udpDnsQueryDeconstructs() {
        MemorySegment s = Hex.seg(UDP_DNS);
        EthernetFrame eth = new EthernetFrame();
        assertEquals(WireError.OK, eth.wrapChecked(s, 0, (int) s.byteSize()));
        Ipv4Packet ip = new Ipv4Packet();
        assertEquals(WireError.OK, ip.wrapChecked(s, eth.payloadOffset(), eth.payloadLen()));
        assertTrue(ip.checksumValid());
        assertEquals(0xf67c, ip.checksum());
        UdpPacket udp = new UdpPacket();
        assertEquals(WireError.OK, udp.wrapChecked(s, ip.payloadOffset(), ip.payloadLen()));
        assertEquals(new UdpRepr(53000, 53, 29), UdpRepr.parse(udp, IP_A, IP_B));
        assertEquals("beef0100", Hex.hex(s, udp.payloadOffset(), 4));
        // the same bytes with the addresses swapped do not verify
        assertNull(UdpRepr.parse(udp, IP_B, Ipv4.parse("192.0.2.2")));
    }

    @Test
    void udpDnsQueryConstructs() {
        MemorySegment golden = Hex.seg(UDP_DNS);
        MemorySegment s = MemorySegment.ofArray(new byte[(int) golden.byteSize()]);
        MemorySegment.copy(golden, 42, s, 42, 29); // the DNS payload
        new EthernetRepr(MAC_B, MAC_A, EthernetFrame.ETHERTYPE_IPV4).emit(new EthernetFrame().wrap(s, 0, 71));
        Ipv4Repr.of(IP_A, IP_B, 17, 1, 8 + 29).emit(new Ipv4Packet().wrap(s, 14));
        new UdpRepr(53000, 53, 29).emit(new UdpPacket().wrap(s, 34), IP_A, IP_B);
        assertEquals(Hex.hex(golden), Hex.hex(s));
    }

    /** The classic IPv4 header example (RFC 1071 style, widely quoted): checksum 0xb861. */
    @Test
    void ipv4ChecksumOfWellKnownHeader() {
        MemorySegment s = Hex.seg("450000730000400040110000c0a80001c0a800c7");
        assertEquals(0xb861, Checksum.of(s, 0, 20));
        s.set(Be.U16, 10, (short) 0xb861);
        assertTrue(Checksum.verifies(s, 0, 20));
    }

    @Test
    void udpChecksumZeroResultIsSentAsAllOnes() {
        // A datagram whose checksum computes to 0: choose the payload word to make the sum 0xFFFF.
        MemorySegment s = MemorySegment.ofArray(new byte[10]);
        UdpPacket u = new UdpPacket().wrap(s, 0);
        u.setSrcPort(1);
        u.setDstPort(2);
        u.setLength(10);
        long partial = Checksum.sum(s, 0, 10, Checksum.pseudoHeader(IP_A, IP_B, 17, 10));
        int word = ~Checksum.fold(partial) & 0xFFFF; // makes the total sum 0xFFFF, so the checksum would be 0
        s.set(Be.U16, 8, (short) word);
        u.fillChecksum(IP_A, IP_B);
        assertEquals(0xFFFF, u.checksum());
        assertTrue(u.checksumValid(IP_A, IP_B));
    }

    @Test
    void udpZeroChecksumMeansNone() {
        MemorySegment s = Hex.seg(UDP_DNS);
        s.set(Be.U16, 40, (short) 0);
        UdpPacket udp = new UdpPacket();
        assertEquals(WireError.OK, udp.wrapChecked(s, 34, 37));
        assertTrue(udp.checksumValid(0x01020304, 0x05060708));
    }

    @Test
    void ipv4OptionsAreSkipped() {
        // IHL 6 with a 4-byte option (NOP NOP NOP EOL), then 4 bytes payload.
        MemorySegment s = MemorySegment.ofArray(new byte[28]);
        Ipv4Packet p = new Ipv4Packet().wrap(s, 0);
        p.setVersionAndHeaderLen(24);
        p.setTotalLen(28);
        p.setTtl(64);
        p.setProtocol(17);
        p.setSrc(IP_A);
        p.setDst(IP_B);
        s.set(Be.U32, 20, 0x01010100);
        p.fillChecksum();
        Ipv4Packet v = new Ipv4Packet();
        assertEquals(WireError.OK, v.wrapChecked(s, 0, 28));
        assertEquals(24, v.headerLen());
        assertEquals(24, v.payloadOffset());
        assertEquals(4, v.payloadLen());
        assertEquals(4, Ipv4Repr.parse(v).payloadLen());
    }

    @Test
    void macTextRoundTrips() {
        assertEquals("02:00:00:00:00:5b", Mac.format(MAC_B));
        assertTrue(Mac.isGroup(Mac.BROADCAST));
        assertTrue(Mac.isGroup(Mac.parse("01:00:5e:00:00:01")));
        assertFalse(Mac.isGroup(MAC_A));
        assertThrows(IllegalArgumentException.class, () -> Mac.parse("02:00:00:00:00"));
    }

    static byte[] data(int first, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (first + i);
        return b;
    }
}

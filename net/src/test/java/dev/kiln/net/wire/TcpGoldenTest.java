package dev.kiln.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.Ipv4;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** TCP golden bytes both ways, and every malformed-option case as a named WireError. */
class TcpGoldenTest {
    static final int IP_A = Ipv4.parse("192.0.2.1");
    static final int IP_B = Ipv4.parse("192.0.2.53");

    /** A SYN laid out as Linux sends it: MSS 1460, SACK-permitted, timestamps, NOP, window scale 7. */
    static final String LINUX_SYN = "9c40 0050 12345678 00000000 a002 faf0 ad83 0000"
            + "020405b4 0402 080a 0a0b0c0d 00000000 01 030307";
    static final TcpRepr LINUX_SYN_REPR = new TcpRepr(40000, 80, 0x12345678, 0, TcpPacket.SYN, 64240, 0,
            TcpOptionsRepr.EMPTY.withMss(1460).withSackPermitted(true).withTimestamps(0x0a0b0c0d, 0).withWindowScale(7), 0);

    /** An ACK|PSH with NOP NOP timestamps and 5 bytes of data. */
    static final String DATA = "9c40 0050 12345679 9abcdef1 8018 01f6 13a6 0000 0101080a 0a0b0c0e 01020304 68656c6c6f";
    static final TcpRepr DATA_REPR = new TcpRepr(40000, 80, 0x12345679, 0x9abcdef1, TcpPacket.ACK | TcpPacket.PSH, 502, 0,
            TcpOptionsRepr.EMPTY.withTimestamps(0x0a0b0c0e, 0x01020304), 5);

    @Test
    void linuxSynDeconstructs() {
        MemorySegment s = Hex.seg(LINUX_SYN);
        TcpPacket p = new TcpPacket();
        assertEquals(WireError.OK, p.wrapChecked(s, 0, 40));
        assertEquals(40, p.headerLen());
        assertTrue(p.has(TcpPacket.SYN));
        assertEquals(WireError.OK, TcpRepr.check(p, IP_A, IP_B));
        assertEquals(LINUX_SYN_REPR, TcpRepr.parse(p, IP_A, IP_B));
        assertEquals(1, LINUX_SYN_REPR.segLen());
    }

    @Test
    void linuxSynConstructs() {
        MemorySegment s = MemorySegment.ofArray(new byte[40]);
        assertEquals(40, LINUX_SYN_REPR.bufferLen());
        LINUX_SYN_REPR.emit(new TcpPacket().wrap(s, 0, 40), IP_A, IP_B);
        assertEquals(Hex.hex(Hex.seg(LINUX_SYN)), Hex.hex(s));
    }

    @Test
    void dataSegmentBothWays() {
        MemorySegment golden = Hex.seg(DATA);
        TcpPacket p = new TcpPacket();
        assertEquals(WireError.OK, p.wrapChecked(golden, 0, (int) golden.byteSize()));
        assertEquals(DATA_REPR, TcpRepr.parse(p, IP_A, IP_B));
        assertEquals("hello", new String(golden.asSlice(p.payloadOffset(), p.payloadLen()).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE)));
        MemorySegment s = MemorySegment.ofArray(new byte[(int) golden.byteSize()]);
        MemorySegment.copy(golden, 32, s, 32, 5);
        DATA_REPR.emit(new TcpPacket().wrap(s, 0, 0), IP_A, IP_B);
        assertEquals(Hex.hex(golden), Hex.hex(s));
        assertNull(TcpRepr.parse(p, IP_A + 1, IP_B), "other addresses do not verify");
    }

    /**
     * A real Linux 6.x handshake captured with tcpdump on loopback (127.0.0.1:35532 → :47123). Loopback
     * leaves the checksum partial (pseudo-header only), so everything but the checksum is compared.
     */
    static final String[] LINUX_LO_HANDSHAKE = {
            "8acc b813 89b94d88 00000000 a002 ffd7 fe30 0000 0204ffd7 0402 080a d379e2aa 00000000 01 03030a",
            "b813 8acc 34b8a3c7 89b94d89 a012 ffcb fe30 0000 0204ffd7 0402 080a 9d987f21 d379e2aa 01 03030a",
            "8acc b813 89b94d89 34b8a3c8 8010 0040 fe28 0000 0101 080a d379e2aa 9d987f21"};

    @Test
    void realLinuxHandshakeLaysOutOptionsAsWeDo() {
        TcpRepr[] expected = {
                new TcpRepr(35532, 47123, (int) 2310622600L, 0, TcpPacket.SYN, 65495, 0,
                        TcpOptionsRepr.EMPTY.withMss(65495).withSackPermitted(true).withTimestamps((int) 3547980458L, 0).withWindowScale(10), 0),
                new TcpRepr(47123, 35532, 884515783, (int) 2310622601L, TcpPacket.SYN | TcpPacket.ACK, 65483, 0,
                        TcpOptionsRepr.EMPTY.withMss(65495).withSackPermitted(true).withTimestamps((int) 2644016929L, (int) 3547980458L).withWindowScale(10), 0),
                new TcpRepr(35532, 47123, (int) 2310622601L, 884515784, TcpPacket.ACK, 64, 0,
                        TcpOptionsRepr.EMPTY.withTimestamps((int) 3547980458L, (int) 2644016929L), 0)};
        for (int i = 0; i < 3; i++) {
            MemorySegment s = Hex.seg(LINUX_LO_HANDSHAKE[i]);
            TcpPacket p = new TcpPacket();
            assertEquals(WireError.OK, p.wrapChecked(s, 0, (int) s.byteSize()));
            assertEquals(WireError.OK, TcpOptionsRepr.check(s, p.optionsOffset(), p.optionsLen()));
            TcpOptionsRepr o = TcpOptionsRepr.parse(s, p.optionsOffset(), p.optionsLen());
            assertEquals(expected[i], new TcpRepr(p.srcPort(), p.dstPort(), p.seq(), p.ack(), p.flags(), p.window(), p.urgent(), o, p.payloadLen()));
            MemorySegment out = MemorySegment.ofArray(new byte[(int) s.byteSize()]);
            expected[i].emit(new TcpPacket().wrap(out, 0, 0), 0x7f000001, 0x7f000001);
            out.set(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 16, s.get(java.lang.foreign.ValueLayout.JAVA_SHORT_UNALIGNED, 16));
            assertEquals(Hex.hex(s), Hex.hex(out), "segment " + i);
        }
    }

    @Test
    void sackBlocksEmitAfterTwoNops() {
        TcpOptionsRepr o = TcpOptionsRepr.EMPTY.withTimestamps(1, 2).withSack(List.of(new TcpSackBlock(100, 200), new TcpSackBlock(300, 400)));
        MemorySegment s = MemorySegment.ofArray(new byte[o.bufferLen()]);
        o.emit(s, 0);
        assertEquals("0101080a0000000100000002" + "0101051200000064000000c80000012c00000190", Hex.hex(s));
        assertEquals(o, TcpOptionsRepr.parse(s, 0, o.bufferLen()));
    }

    @Test
    void crowdedOptionsArePackedToFit() {
        // timestamps + 3 SACK blocks + MSS need 40 bytes packed but 44 word-aligned
        TcpOptionsRepr o = TcpOptionsRepr.EMPTY.withMss(1460).withTimestamps(1, 2)
                .withSack(List.of(new TcpSackBlock(1, 2), new TcpSackBlock(3, 4), new TcpSackBlock(5, 6)));
        assertEquals(40, o.bufferLen());
        MemorySegment s = MemorySegment.ofArray(new byte[40]);
        o.emit(s, 0);
        assertEquals(o, TcpOptionsRepr.parse(s, 0, 40));
        assertThrows(IllegalArgumentException.class, () -> o.withWindowScale(7), "41 bytes do not fit");
    }

    @Test
    void unknownOptionsAreSkippedAndEolEnds() {
        // kind 30 (MPTCP) length 4, then MSS, then EOL followed by junk
        assertEquals(TcpOptionsRepr.EMPTY.withMss(1400), TcpOptionsRepr.parse(Hex.seg("1e04abcd 02040578 00ff ffff"), 0, 12));
    }

    @Test
    void malformedOptionsAreWireErrors() {
        assertEquals(WireError.BAD_OPTION_LENGTH, opts("020305b4"), "MSS of length 3");
        assertEquals(WireError.BAD_OPTION_LENGTH, opts("1e01 0000"), "length below 2");
        assertEquals(WireError.BAD_OPTION_LENGTH, opts("1e00 0000"), "length 0 would loop forever");
        assertEquals(WireError.OPTION_OVERRUN, opts("0101 080a 0000"), "timestamps past the end");
        assertEquals(WireError.OPTION_OVERRUN, opts("010101 02"), "kind without a length byte");
        assertEquals(WireError.DUPLICATE_OPTION, opts("020405b4 020405b4"), "MSS twice");
        assertEquals(WireError.DUPLICATE_OPTION, opts("0402 0402"), "SACK-permitted twice");
        assertEquals(WireError.BAD_OPTION_LENGTH, opts("050c 00000000 00000000 0000"), "SACK of 1 block plus 2 bytes");
        assertEquals(WireError.BAD_OPTION_LENGTH, opts("0402 0502"), "SACK with no block");
        assertEquals(WireError.BAD_OPTION_LENGTH, opts("010104 03 0000"), "SACK-permitted of length 3");
    }

    @Test
    void badDataOffsetAndTruncation() {
        MemorySegment s = Hex.seg(LINUX_SYN);
        TcpPacket p = new TcpPacket();
        assertEquals(WireError.TRUNCATED, p.wrapChecked(s, 0, 19));
        assertEquals(WireError.BAD_DATA_OFFSET, p.wrapChecked(s, 0, 39), "data offset 40 past 39 bytes");
        s.set(java.lang.foreign.ValueLayout.JAVA_BYTE, 12, (byte) 0x40);
        assertEquals(WireError.BAD_DATA_OFFSET, p.wrapChecked(s, 0, 40), "data offset 4 words");
        assertEquals(WireError.TRUNCATED, p.wrapChecked(s, 30, 20), "beyond the segment");
    }

    private static WireError opts(String hex) {
        MemorySegment s = Hex.seg(hex);
        WireError e = TcpOptionsRepr.check(s, 0, (int) s.byteSize());
        assertEquals(e == WireError.OK, TcpOptionsRepr.parse(s, 0, (int) s.byteSize()) != null);
        return e;
    }
}

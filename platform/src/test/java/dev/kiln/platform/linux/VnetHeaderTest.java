package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.platform.FrameMeta;
import dev.kiln.platform.Offload;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VnetHeaderTest {
    final Arena arena = Arena.ofAuto();

    @Test
    void layoutIsLittleEndianVirtioNetHdrV1() {
        MemorySegment h = arena.allocate(12);
        h.fill((byte) 0x55);
        VnetHeader.write(h, new FrameMeta().partialChecksum(34, 16).tcp4Segmentation(1460, 54));
        // flags 1, gso TCPv4, hdr_len 54, gso_size 1460 (0x05b4), csum_start 34, csum_offset 16, num_buffers 0
        assertEquals("0101" + "3600" + "b405" + "2200" + "1000" + "0000", HexFormat.of().formatHex(h.toArray(JAVA_BYTE)));
        FrameMeta back = new FrameMeta();
        VnetHeader.read(h, back);
        assertEquals(back.toString(), "FrameMeta[flags 1, gso 1, gsoSize 1460, headerBytes 54, csum 34+16]");
        VnetHeader.write(h, back.clear());
        assertArrayEquals(new byte[12], h.toArray(JAVA_BYTE));
    }

    @Test
    void completesAPartialChecksumAsTheKernelWould() {
        // A UDP datagram 192.0.2.1:53 -> 192.0.2.2:1024, payload "abc"; its checksum, by hand (and by Python), is 0xb33c
        MemorySegment f = arena.allocate(14 + 20 + 11);
        byte[] ip = HexFormat.of().parseHex("4500001f000040004011" + "0000" + "c0000201c0000202");
        MemorySegment.copy(ip, 0, f, JAVA_BYTE, 14, 20);
        byte[] udp = HexFormat.of().parseHex("00350400000b" + "0000" + "616263");
        MemorySegment.copy(udp, 0, f, JAVA_BYTE, 34, udp.length);
        int pseudo = Tcp4Frames.pseudoSum(f, 14, 11);
        f.set(Tcp4Frames.BE_U16, 34 + 6, (short) pseudo);
        FrameMeta m = new FrameMeta().set(FrameMeta.F_NEEDS_CSUM, 0, 0, 0, 34, 6);
        assertTrue(VnetHeader.checksumFits(m, 45));
        assertFalse(VnetHeader.checksumFits(m, 41));
        VnetHeader.completeChecksum(f, 45, m);
        assertEquals(0xb33c, Tcp4Frames.u16(f, 40));
        assertEquals(0xFFFF, Tcp4Frames.sum(f, 34, 45, Tcp4Frames.pseudoSum(f, 14, 11)), "verifies");
    }

    @Test
    void transmitChecksNameTheProblem() {
        FrameMeta m = new FrameMeta().partialChecksum(34, 16).tcp4Segmentation(1460, 54);
        VnetHeader.checkTransmit(m, 60_000, Offload.ALL, 1514, TapDevice.SUPER_FRAME_BYTES);
        var e = assertThrows(IllegalArgumentException.class, () -> VnetHeader.checkTransmit(m, 60_000, Offload.TX_CSUM, 1514, 1514));
        assertTrue(e.getMessage().startsWith("the device does not offload tx-tso4 (it offloads tx-csum)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> VnetHeader.checkTransmit(
                new FrameMeta().partialChecksum(34, 16).tcp4Segmentation(0, 54), 60_000, Offload.ALL, 1514, 65549));
        assertTrue(e.getMessage().contains("needs 0 < mss"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> VnetHeader.checkTransmit(
                new FrameMeta().partialChecksum(10, 16), 60, Offload.ALL, 1514, 65549));
        assertTrue(e.getMessage().contains("outside the 60-byte frame"), e.getMessage());
    }
}

package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Test helper: builds and checks Ethernet + IPv4 (20 bytes, no options) + TCP frames by hand,
 * with checksums computed here, independently of the code under test.
 */
final class Tcp4Frames {
    static final ValueLayout.OfShort BE_U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt BE_U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final int IP = 14, TCP = 34;
    static final int FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10;

    private Tcp4Frames() {}

    /**
     * Writes the headers of a frame whose TCP payload ({@code payloadLen} bytes) the caller put at
     * {@code 34 + 20 + options.length}. The IPv4 checksum is final; the TCP checksum field holds
     * the pseudo-header sum (folded, not inverted), as a partial checksum wants it.
     *
     * @return the frame length
     */
    static int write(MemorySegment f, long dstMac, long srcMac, int src, int dst, int ipId, int sport, int dport,
            long seq, long ack, int flags, int window, byte[] options, int payloadLen) {
        TapDeviceTest.putMac(f, 0, dstMac);
        TapDeviceTest.putMac(f, 6, srcMac);
        f.set(BE_U16, 12, (short) 0x0800);
        int tcpLen = 20 + options.length + payloadLen;
        f.set(JAVA_BYTE, IP, (byte) 0x45);
        f.set(JAVA_BYTE, IP + 1, (byte) 0);
        f.set(BE_U16, IP + 2, (short) (20 + tcpLen));
        f.set(BE_U16, IP + 4, (short) ipId);
        f.set(BE_U16, IP + 6, (short) 0x4000); // DF
        f.set(JAVA_BYTE, IP + 8, (byte) 64);
        f.set(JAVA_BYTE, IP + 9, (byte) 6);
        f.set(BE_U16, IP + 10, (short) 0);
        f.set(BE_U32, IP + 12, src);
        f.set(BE_U32, IP + 16, dst);
        f.set(BE_U16, IP + 10, (short) ~sum(f, IP, IP + 20, 0));
        f.set(BE_U16, TCP, (short) sport);
        f.set(BE_U16, TCP + 2, (short) dport);
        f.set(BE_U32, TCP + 4, (int) seq);
        f.set(BE_U32, TCP + 8, (int) ack);
        f.set(JAVA_BYTE, TCP + 12, (byte) (((20 + options.length) / 4) << 4));
        f.set(JAVA_BYTE, TCP + 13, (byte) flags);
        f.set(BE_U16, TCP + 14, (short) window);
        f.set(BE_U16, TCP + 18, (short) 0);
        MemorySegment.copy(options, 0, f, JAVA_BYTE, TCP + 20, options.length);
        f.set(BE_U16, TCP + 16, (short) pseudoSum(f, IP, tcpLen));
        return 14 + 20 + tcpLen;
    }

    /** The folded one's-complement sum of the IPv4 pseudo-header of the packet at {@code ip}, for {@code l4Len} bytes. */
    static int pseudoSum(MemorySegment f, long ip, int l4Len) {
        long s = sum(f, ip + 12, ip + 20, 0) + (f.get(JAVA_BYTE, ip + 9) & 0xFF) + l4Len;
        return fold(s);
    }

    /** The folded one's-complement sum of {@code [from, to)} plus {@code initial}. */
    static int sum(MemorySegment f, long from, long to, long initial) {
        long s = initial;
        long i = from;
        for (; i + 1 < to; i += 2) s += Short.toUnsignedInt(f.get(BE_U16, i));
        if (i < to) s += (f.get(JAVA_BYTE, i) & 0xFF) << 8;
        return fold(s);
    }

    static int fold(long s) {
        while ((s >>> 16) != 0) s = (s & 0xFFFF) + (s >>> 16);
        return (int) s;
    }

    /** True if the IPv4 header checksum of the packet at {@code ip} verifies. */
    static boolean ipChecksumOk(MemorySegment f, long ip) {
        int ihl = (f.get(JAVA_BYTE, ip) & 0x0F) * 4;
        return sum(f, ip, ip + ihl, 0) == 0xFFFF;
    }

    /** True if the TCP checksum of the IPv4 packet at {@code ip} verifies (over its total length). */
    static boolean tcpChecksumOk(MemorySegment f, long ip) {
        int ihl = (f.get(JAVA_BYTE, ip) & 0x0F) * 4;
        int l4Len = u16(f, ip + 2) - ihl;
        return sum(f, ip + ihl, ip + ihl + l4Len, pseudoSum(f, ip, l4Len)) == 0xFFFF;
    }

    static boolean isTcp4(MemorySegment f, int len) {
        return len >= 54 && u16(f, 12) == 0x0800 && (f.get(JAVA_BYTE, IP) & 0xFF) == 0x45 && f.get(JAVA_BYTE, IP + 9) == 6;
    }

    static int u16(MemorySegment f, long off) {
        return Short.toUnsignedInt(f.get(BE_U16, off));
    }

    static long u32(MemorySegment f, long off) {
        return Integer.toUnsignedLong(f.get(BE_U32, off));
    }

    static int src(MemorySegment f) { return f.get(BE_U32, IP + 12); }

    static int dst(MemorySegment f) { return f.get(BE_U32, IP + 16); }

    static int sport(MemorySegment f) { return u16(f, TCP); }

    static int dport(MemorySegment f) { return u16(f, TCP + 2); }

    static long seq(MemorySegment f) { return u32(f, TCP + 4); }

    static int flags(MemorySegment f) { return f.get(JAVA_BYTE, TCP + 13) & 0x3F; }

    /** Where the TCP payload starts (IPv4 header of 20 bytes). */
    static int payloadAt(MemorySegment f) { return TCP + ((f.get(JAVA_BYTE, TCP + 12) & 0xF0) >> 2); }

    /** TCP payload length from the IPv4 total length. */
    static int payloadLen(MemorySegment f) { return u16(f, IP + 2) + IP - payloadAt(f); }

    /** The test pattern: byte i of a flow is {@code i * 7 + 3}. */
    static byte pattern(long i) { return (byte) (i * 7 + 3); }
}

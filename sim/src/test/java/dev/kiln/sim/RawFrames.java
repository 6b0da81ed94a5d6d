package dev.kiln.sim;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.zip.CRC32;

/**
 * Test frames: Ethernet header (ethertype 0x88B5, local experimental), then
 * seq (8) | sentNs (8) | kind (1) | CRC-32 over everything before it (4). 35 bytes.
 */
final class RawFrames {
    private RawFrames() {}

    static final int LEN = 35;
    static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt BE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    static int write(MemorySegment f, long dstMac, long srcMac, long seq, long sentNs, int kind) {
        putMac(f, 0, dstMac);
        putMac(f, 6, srcMac);
        f.set(ValueLayout.JAVA_BYTE, 12, (byte) 0x88);
        f.set(ValueLayout.JAVA_BYTE, 13, (byte) 0xB5);
        f.set(BE_LONG, 14, seq);
        f.set(BE_LONG, 22, sentNs);
        f.set(ValueLayout.JAVA_BYTE, 30, (byte) kind);
        f.set(BE_INT, 31, crc(f, 31));
        return LEN;
    }

    /** Whether the frame of {@code len} bytes is intact. */
    static boolean intact(MemorySegment f, int len) {
        return len == LEN && f.get(BE_INT, 31) == crc(f, 31);
    }

    static long seq(MemorySegment f) { return f.get(BE_LONG, 14); }

    static long sentNs(MemorySegment f) { return f.get(BE_LONG, 22); }

    static int kind(MemorySegment f) { return f.get(ValueLayout.JAVA_BYTE, 30); }

    static long srcMac(MemorySegment f) { return getMac(f, 6); }

    static long dstMac(MemorySegment f) { return getMac(f, 0); }

    static int crc(MemorySegment f, int len) {
        CRC32 c = new CRC32();
        c.update(f.asSlice(0, len).asByteBuffer());
        return (int) c.getValue();
    }

    static void putMac(MemorySegment f, int off, long mac) {
        for (int i = 0; i < 6; i++) f.set(ValueLayout.JAVA_BYTE, off + i, (byte) (mac >>> (8 * (5 - i))));
    }

    static long getMac(MemorySegment f, int off) {
        long m = 0;
        for (int i = 0; i < 6; i++) m = (m << 8) | (f.get(ValueLayout.JAVA_BYTE, off + i) & 0xff);
        return m;
    }
}

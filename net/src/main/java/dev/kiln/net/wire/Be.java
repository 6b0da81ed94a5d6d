package dev.kiln.net.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Big-endian (network order) accessors shared by the views. */
final class Be {
    private Be() {}

    static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    static int u8(MemorySegment s, long off) { return Byte.toUnsignedInt(s.get(ValueLayout.JAVA_BYTE, off)); }

    static void u8(MemorySegment s, long off, int v) { s.set(ValueLayout.JAVA_BYTE, off, (byte) v); }

    static int u16(MemorySegment s, long off) { return Short.toUnsignedInt(s.get(U16, off)); }

    static void u16(MemorySegment s, long off, int v) { s.set(U16, off, (short) v); }

    static int u32(MemorySegment s, long off) { return s.get(U32, off); }

    static void u32(MemorySegment s, long off, int v) { s.set(U32, off, v); }

    /** A 48-bit MAC address in the low bits of a long, first octet most significant. */
    static long mac(MemorySegment s, long off) {
        return ((long) u16(s, off) << 32) | Integer.toUnsignedLong(u32(s, off + 2));
    }

    static void mac(MemorySegment s, long off, long mac) {
        u16(s, off, (int) (mac >>> 32));
        u32(s, off + 2, (int) mac);
    }
}

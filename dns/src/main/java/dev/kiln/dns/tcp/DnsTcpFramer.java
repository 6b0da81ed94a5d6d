package dev.kiln.dns.tcp;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The 2-byte length framing of DNS over TCP (RFC 1035 §4.2.2, RFC 7766 §8). Hostile input: every
 * byte sequence gives one of the results below, never an exception or a read out of bounds.
 */
public final class DnsTcpFramer {
    /** {@link #frame} results below zero. */
    public static final int NEED_MORE = -1, TOO_SHORT = -2, TOO_LONG = -3;

    private DnsTcpFramer() {}

    /**
     * The message starting at {@code off} in {@code data}: its length (without the prefix) when all of
     * it is there; {@link #NEED_MORE} when the prefix or the message is incomplete; {@link #TOO_SHORT}
     * or {@link #TOO_LONG} when the prefix announces less than a DNS header or more than {@code max}
     * (both fatal: the stream cannot be resynchronised).
     */
    public static int frame(MemorySegment data, long off, int max) {
        long have = data.byteSize() - off;
        if (off < 0 || have < DnsTcpConfig.PREFIX_LEN) return NEED_MORE;
        int len = (Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, off)) << 8) | Byte.toUnsignedInt(data.get(ValueLayout.JAVA_BYTE, off + 1));
        if (len < DnsTcpConfig.HEADER_LEN) return TOO_SHORT;
        if (len > max) return TOO_LONG;
        return have - DnsTcpConfig.PREFIX_LEN >= len ? len : NEED_MORE;
    }

    /** Writes the prefix for a message of {@code len} bytes at {@code off}. */
    public static void prefix(MemorySegment out, long off, int len) {
        out.set(ValueLayout.JAVA_BYTE, off, (byte) (len >>> 8));
        out.set(ValueLayout.JAVA_BYTE, off + 1, (byte) len);
    }
}

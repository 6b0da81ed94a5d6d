package dev.kiln.net.wire;

import java.lang.foreign.MemorySegment;

/**
 * The Internet checksum (RFC 1071): the 16-bit one's-complement of the one's-complement sum
 * of the data as big-endian 16-bit words, an odd last byte padded with zero.
 *
 * <p>{@link #sum} is the fast path: it reads 8 bytes at a time as a big-endian long and adds
 * both 32-bit halves into a 64-bit accumulator (deferring the carries, RFC 1071 §2(B)), then
 * {@link #fold} wraps the carries back in. Partial sums of separate pieces may be added
 * together (e.g. the UDP pseudo-header and the datagram) as long as every piece but the last
 * has an even length. {@link #update16}/{@link #update32} patch a checksum after changing a
 * field (RFC 1624 eqn. 3).
 */
public final class Checksum {
    private Checksum() {}

    /**
     * The unfolded one's-complement sum of {@code len} bytes at {@code off}, added to {@code acc}.
     * {@code acc} must be below 2^62 (any value from this class is).
     */
    public static long sum(MemorySegment seg, long off, long len, long acc) {
        long i = off;
        long end = off + len;
        // 8 bytes at a time; each step adds at most 2^33, so no overflow below 2^29 steps.
        while (end - i >= 8) {
            long v = seg.get(Be.U64, i);
            acc += (v >>> 32) + (v & 0xFFFF_FFFFL);
            i += 8;
        }
        if (end - i >= 4) {
            acc += Integer.toUnsignedLong(seg.get(Be.U32, i));
            i += 4;
        }
        if (end - i >= 2) {
            acc += Short.toUnsignedInt(seg.get(Be.U16, i));
            i += 2;
        }
        if (i < end) acc += Be.u8(seg, i) << 8;
        return foldTo32(acc);
    }

    /** Keeps a running sum small enough to keep adding to; the value stays congruent mod 0xFFFF. */
    private static long foldTo32(long acc) {
        acc = (acc & 0xFFFF_FFFFL) + (acc >>> 32);
        return (acc & 0xFFFF_FFFFL) + (acc >>> 32);
    }

    /** Folds a sum to 16 bits (end-around carry). */
    public static int fold(long acc) {
        acc = (acc & 0xFFFF_FFFFL) + (acc >>> 32);
        acc = (acc & 0xFFFF_FFFFL) + (acc >>> 32);
        acc = (acc & 0xFFFF) + (acc >>> 16);
        acc = (acc & 0xFFFF) + (acc >>> 16);
        acc = (acc & 0xFFFF) + (acc >>> 16);
        return (int) acc;
    }

    /** The checksum field value for data whose sum is {@code acc}: {@code ~fold(acc) & 0xFFFF}. */
    public static int finish(long acc) { return ~fold(acc) & 0xFFFF; }

    /** The checksum of {@code len} bytes at {@code off}. */
    public static int of(MemorySegment seg, long off, long len) { return finish(sum(seg, off, len, 0)); }

    /** Whether data that includes its own checksum field verifies (its sum folds to 0xFFFF). */
    public static boolean verifies(MemorySegment seg, long off, long len) { return fold(sum(seg, off, len, 0)) == 0xFFFF; }

    /** The sum of the IPv4 pseudo-header (RFC 768, RFC 9293 §3.1): addresses, protocol, upper-layer length. */
    public static long pseudoHeader(int src, int dst, int protocol, int length) {
        return Integer.toUnsignedLong(src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + protocol + length;
    }

    /** A checksum after one 16-bit word of the data changed from {@code oldWord} to {@code newWord} (RFC 1624 eqn. 3). */
    public static int update16(int checksum, int oldWord, int newWord) {
        long s = (~checksum & 0xFFFF) + (~oldWord & 0xFFFF) + (newWord & 0xFFFF);
        return ~fold(s) & 0xFFFF;
    }

    /** A checksum after a 32-bit field (two aligned words, e.g. an address) changed. */
    public static int update32(int checksum, int oldValue, int newValue) {
        return update16(update16(checksum, oldValue >>> 16, newValue >>> 16), oldValue & 0xFFFF, newValue & 0xFFFF);
    }
}

package dev.kiln.net.tcp;

/**
 * TCP sequence-number arithmetic (RFC 9293 §3.4): 32-bit numbers compared modulo 2^32, held in a
 * Java {@code int}. {@code a} is before {@code b} when {@code (a - b)} as a signed 32-bit value is
 * negative, which is meaningful while the two are less than 2^31 apart (windows are far smaller).
 */
public final class Seq {
    private Seq() {}

    /** {@code a < b} modulo 2^32. */
    public static boolean lt(int a, int b) {
        return a - b < 0;
    }

    /** {@code a <= b} modulo 2^32. */
    public static boolean le(int a, int b) {
        return a - b <= 0;
    }

    /** {@code a > b} modulo 2^32. */
    public static boolean gt(int a, int b) {
        return a - b > 0;
    }

    /** {@code a >= b} modulo 2^32. */
    public static boolean ge(int a, int b) {
        return a - b >= 0;
    }

    /** {@code b - a} as a signed distance (negative if {@code b} is before {@code a}). */
    public static int diff(int a, int b) {
        return b - a;
    }

    /** The later of the two. */
    public static int max(int a, int b) {
        return gt(a, b) ? a : b;
    }

    /** The earlier of the two. */
    public static int min(int a, int b) {
        return lt(a, b) ? a : b;
    }

    /** {@code start <= s < start + len} modulo 2^32 ({@code len} unsigned, below 2^31). */
    public static boolean inWindow(int s, int start, int len) {
        return Integer.compareUnsigned(s - start, len) < 0;
    }

    /** The unsigned value, for logs and tests. */
    public static long unsigned(int s) {
        return Integer.toUnsignedLong(s);
    }
}

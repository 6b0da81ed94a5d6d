package dev.kiln.dns.wire;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Domain names in wire form (RFC 1035 §3.1, §4.1.4): length-prefixed labels ending in the root's 0.
 * Reading follows compression pointers with bounded work; every helper is allocation-free.
 */
public final class DnsNames {
    private DnsNames() {}

    /** Longest name in wire form, RFC 1035 §3.1. */
    public static final int NAME_MAX = 255;
    /** Most compression pointers followed in one name (a 255-byte name has at most 127 labels). */
    public static final int POINTER_HOPS_MAX = 127;

    /**
     * Reads a possibly compressed name at {@code off} from {@code msg[0, msgLen)} into {@code dst}
     * (uncompressed wire form, at least 255 bytes of room), ASCII-lowercased if {@code lower}.
     *
     * <p>A pointer must point strictly before the start of the run of labels that led to it
     * (so positions strictly decrease and loops are impossible); at most
     * {@link #POINTER_HOPS_MAX} pointers are followed.
     *
     * @return {@code (nextOffset << 32) | nameLength} on success, where nextOffset is just past the
     *         name's bytes at {@code off}; or {@code -error.ordinal()} (negative) on error
     */
    public static long read(MemorySegment msg, int msgLen, int off, byte[] dst, boolean lower) {
        int pos = off, out = 0, next = -1, hops = 0, runStart = off;
        while (true) {
            if (pos >= msgLen) return -DnsError.TRUNCATED_NAME.ordinal();
            int b = msg.get(ValueLayout.JAVA_BYTE, pos) & 0xFF;
            if (b == 0) {
                if (out + 1 > NAME_MAX) return -DnsError.NAME_TOO_LONG.ordinal();
                dst[out++] = 0;
                if (next < 0) next = pos + 1;
                return ((long) next << 32) | out;
            }
            int kind = b & 0xC0;
            if (kind == 0xC0) {
                if (pos + 1 >= msgLen) return -DnsError.TRUNCATED_NAME.ordinal();
                int target = ((b & 0x3F) << 8) | (msg.get(ValueLayout.JAVA_BYTE, pos + 1) & 0xFF);
                if (next < 0) next = pos + 2;
                if (target >= runStart) return -DnsError.BAD_POINTER.ordinal();
                if (++hops > POINTER_HOPS_MAX) return -DnsError.TOO_MANY_POINTERS.ordinal();
                pos = target;
                runStart = target;
                continue;
            }
            if (kind != 0) return -DnsError.BAD_LABEL_TYPE.ordinal();
            if (pos + 1 + b > msgLen) return -DnsError.TRUNCATED_NAME.ordinal();
            if (out + 1 + b + 1 > NAME_MAX) return -DnsError.NAME_TOO_LONG.ordinal();
            dst[out++] = (byte) b;
            for (int i = 1; i <= b; i++) {
                byte c = msg.get(ValueLayout.JAVA_BYTE, pos + i);
                dst[out++] = lower ? toLower(c) : c;
            }
            pos += 1 + b;
        }
    }

    /** Decoded error of a negative {@link #read} result. */
    public static DnsError error(long result) { return DnsError.values()[(int) -result]; }
    /** Offset just past the name, from a non-negative {@link #read} result. */
    public static int next(long result) { return (int) (result >>> 32); }
    /** Length of the decoded name, from a non-negative {@link #read} result. */
    public static int length(long result) { return (int) result; }

    /** ASCII lowercase of one byte (RFC 4343: only A-Z fold). */
    public static byte toLower(byte c) { return (c >= 'A' && c <= 'Z') ? (byte) (c + 32) : c; }

    /**
     * Length of the uncompressed wire name at {@code off} in {@code b[0, end)}, or -1 if it is not a
     * well-formed uncompressed name (pointer, bad label type, overrun, over 255 bytes).
     */
    public static int wireLength(byte[] b, int off, int end) {
        int p = off;
        while (true) {
            if (p >= end) return -1;
            int n = b[p] & 0xFF;
            if (n == 0) { int len = p + 1 - off; return len > NAME_MAX ? -1 : len; }
            if (n > 63) return -1;
            p += 1 + n;
            if (p - off > NAME_MAX) return -1;
        }
    }

    /** Lowercased copy of an uncompressed wire name. */
    public static byte[] lower(byte[] name) {
        byte[] r = name.clone();
        int p = 0;
        while (p < r.length && r[p] != 0) {
            int n = r[p] & 0xFF;
            for (int i = 1; i <= n && p + i < r.length; i++) r[p + i] = toLower(r[p + i]);
            p += 1 + n;
        }
        return r;
    }

    /** Case-insensitive equality of two uncompressed wire names (regions). */
    public static boolean equalsIgnoreCase(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        if (aLen != bLen) return false;
        for (int i = 0; i < aLen; i++) if (toLower(a[aOff + i]) != toLower(b[bOff + i])) return false;
        return true;
    }

    /** Number of labels (the root not counted) of an uncompressed wire name. */
    public static int labelCount(byte[] name, int off) {
        int c = 0, p = off;
        while (p < name.length && name[p] != 0) { c++; p += 1 + (name[p] & 0xFF); }
        return c;
    }

    /** Offset of the suffix that drops the first {@code k} labels. */
    public static int skipLabels(byte[] name, int off, int k) {
        int p = off;
        for (int i = 0; i < k && name[p] != 0; i++) p += 1 + (name[p] & 0xFF);
        return p;
    }

    /** Presentation form ("www.example.com.") of an uncompressed wire name; for logs and banners. */
    public static String toText(byte[] name) {
        StringBuilder sb = new StringBuilder();
        int p = 0;
        if (name.length == 0 || name[0] == 0) return ".";
        while (p < name.length && name[p] != 0) {
            int n = name[p] & 0xFF;
            for (int i = 1; i <= n && p + i < name.length; i++) {
                int c = name[p + i] & 0xFF;
                if (c == '.' || c == '\\') sb.append('\\').append((char) c);
                else if (c > 0x20 && c < 0x7F) sb.append((char) c);
                else sb.append('\\').append(String.format("%03d", c));
            }
            sb.append('.');
            p += 1 + n;
        }
        return sb.toString();
    }

    /** Wire form of a presentation name like "www.example.com." (no escapes); for tests and tools. */
    public static byte[] fromText(String text) {
        String t = text.endsWith(".") ? text.substring(0, text.length() - 1) : text;
        if (t.isEmpty()) return new byte[] {0};
        byte[] out = new byte[t.length() + 2];
        int o = 0;
        for (String label : t.split("\\.", -1)) {
            byte[] l = label.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            if (l.length == 0 || l.length > 63) throw new IllegalArgumentException("bad label in " + text);
            out[o++] = (byte) l.length;
            System.arraycopy(l, 0, out, o, l.length);
            o += l.length;
        }
        out[o++] = 0;
        if (o > NAME_MAX) throw new IllegalArgumentException("name too long: " + text);
        return java.util.Arrays.copyOf(out, o);
    }
}

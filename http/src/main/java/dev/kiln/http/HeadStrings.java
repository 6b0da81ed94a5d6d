package dev.kiln.http;

import java.util.Arrays;

/**
 * The strings of the head being parsed, in order (method, target, then each field's name and value): made from
 * its bytes, or the previous head's where the same bytes stand at the same place. A keep-alive client repeats most
 * of its head (method, Host, User-Agent, Accept …) request after request, so those lines cost nothing again, and
 * when every field repeats, neither does the {@link Fields} object. Only a head of at most
 * {@link RequestParser#MEMO_BYTES_MAX} bytes is remembered: what a session keeps stays small.
 */
final class HeadStrings {
    private String[] last = new String[8], next = new String[8];
    private int lastCount, count;
    private Fields lastFields;

    /** A head starts (the strings of one that failed before are dropped). */
    void start() {
        Arrays.fill(next, 0, count, null);
        count = 0;
    }

    /** {@code b[off, off + len)} as ISO-8859-1 text (one char per byte). */
    String latin1(byte[] b, int off, int len) { return take(b, off, len, false); }

    /** As {@link #latin1}, ASCII letters lowercased (a field name). */
    String lower(byte[] b, int off, int len) { return take(b, off, len, true); }

    private String take(byte[] b, int off, int len, boolean lower) {
        String s = count < lastCount ? last[count] : null;
        if (s == null || !same(s, b, off, len, lower)) s = lower ? Ascii.lower(Ascii.latin1(b, off, len)) : Ascii.latin1(b, off, len);
        if (count == next.length) next = Arrays.copyOf(next, 2 * count); // up to 2 + 2 × the field count limit
        next[count++] = s;
        return s;
    }

    private static boolean same(String s, byte[] b, int off, int len, boolean lower) {
        if (s.length() != len) return false;
        for (int i = 0; i < len; i++) {
            int c = b[off + i] & 0xFF;
            if (lower && c >= 'A' && c <= 'Z') c += 32;
            if (s.charAt(i) != c) return false;
        }
        return true;
    }

    /** The fields taken so far (the strings after method and target, name and value by turns): the previous head's if all repeat. */
    Fields fields() {
        boolean repeat = lastFields != null && count == lastCount;
        for (int i = 2; repeat && i < count; i++) repeat = next[i] == last[i];
        if (repeat) return lastFields;
        Fields f = new Fields();
        for (int i = 2; i + 1 < count; i += 2) f.add(next[i], next[i + 1]);
        return f;
    }

    /** The head of {@code headBytes} bytes was complete, with {@code fields}: the next head may repeat it. */
    void done(int headBytes, Fields fields) {
        String[] t = last;
        last = next;
        next = t;
        Arrays.fill(next, 0, lastCount, null); // the head before: not kept
        lastCount = count;
        lastFields = fields;
        count = 0;
        if (headBytes > RequestParser.MEMO_BYTES_MAX) { // not remembered: a large head is not kept per session
            Arrays.fill(last, 0, lastCount, null);
            lastCount = 0;
            lastFields = null;
        }
    }
}

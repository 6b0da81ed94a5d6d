package dev.kiln.http;

/** ASCII character classes of RFC 9110 §5.6 and RFC 5234; locale-free case folding. */
final class Ascii {
    private Ascii() {}

    private static final boolean[] TCHAR = new boolean[256];
    static {
        for (int c = '0'; c <= '9'; c++) TCHAR[c] = true;
        for (int c = 'a'; c <= 'z'; c++) TCHAR[c] = true;
        for (int c = 'A'; c <= 'Z'; c++) TCHAR[c] = true;
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) TCHAR[c] = true;
    }

    /** tchar (RFC 9110 §5.6.2). */
    static boolean tchar(int b) { return TCHAR[b & 0xFF]; }

    /** field-vchar or SP/HTAB: VCHAR, obs-text (RFC 9110 §5.5). CTLs, DEL, CR, LF and NUL are not. */
    static boolean fieldByte(int b) {
        b &= 0xFF;
        return b == '\t' || (b >= 0x20 && b != 0x7F);
    }

    static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                char[] a = s.toCharArray();
                for (int j = i; j < a.length; j++) if (a[j] >= 'A' && a[j] <= 'Z') a[j] += 32;
                return new String(a);
            }
        }
        return s;
    }

    /** Bytes as ISO-8859-1 text: one char per byte, so obs-text survives and lengths stay equal. */
    static String latin1(byte[] b, int off, int len) {
        return new String(b, off, len, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}

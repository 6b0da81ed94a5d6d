package dev.kiln.http;

import java.util.ArrayList;
import java.util.List;

/** A request's header fields in arrival order; names are lowercased, values trimmed of OWS (RFC 9110 §5.5). */
public final class Fields {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    void add(String lowerName, String value) { names.add(lowerName); values.add(value); }

    public int size() { return names.size(); }
    public String name(int i) { return names.get(i); }
    public String value(int i) { return values.get(i); }

    /** The first value of field {@code name} (any case), or null. */
    public String get(String name) {
        String n = Ascii.lower(name);
        for (int i = 0; i < names.size(); i++) if (names.get(i).equals(n)) return values.get(i);
        return null;
    }

    /** How many lines carry field {@code name}. */
    public int count(String name) {
        String n = Ascii.lower(name);
        int c = 0;
        for (String s : names) if (s.equals(n)) c++;
        return c;
    }

    /**
     * The comma-separated list elements of every line of field {@code name} (RFC 9110 §5.3, §5.6.1),
     * trimmed, empty elements dropped; quoted strings are not split.
     */
    public List<String> list(String name) {
        String n = Ascii.lower(name);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) if (names.get(i).equals(n)) split(values.get(i), out);
        return out;
    }

    /** Whether list field {@code name} holds {@code token} (case-insensitive), e.g. Connection: close. As {@link #list}, without allocating. */
    public boolean hasToken(String name, String token) {
        String n = Ascii.lower(name);
        for (int i = 0; i < names.size(); i++) if (names.get(i).equals(n) && scan(values.get(i), token, null)) return true;
        return false;
    }

    static void split(String v, List<String> out) { scan(v, null, out); }

    /**
     * The list elements of {@code v}, trimmed, empty ones dropped, quoted strings not split: added to {@code out},
     * or (with {@code out} null) looked for {@code token} ignoring case, nothing allocated. Returns whether it was found.
     */
    private static boolean scan(String v, String token, List<String> out) {
        int start = 0;
        boolean quoted = false;
        for (int i = 0; i <= v.length(); i++) {
            char c = i < v.length() ? v.charAt(i) : ',';
            if (c == '"' && (i == 0 || v.charAt(i - 1) != '\\')) quoted = !quoted;
            if (c == ',' && (!quoted || i == v.length())) {
                int s = start, e = i;
                while (s < e && Character.isWhitespace(v.charAt(s))) s++; // as String.strip
                while (e > s && Character.isWhitespace(v.charAt(e - 1))) e--;
                if (out != null && e > s) out.add(v.substring(s, e));
                if (out == null && e - s == token.length() && v.regionMatches(true, s, token, 0, e - s)) return true;
                start = i + 1;
            }
        }
        return false;
    }
}

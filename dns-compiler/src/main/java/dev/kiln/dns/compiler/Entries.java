package dev.kiln.dns.compiler;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits master-file text into entries (RFC 1035 §5.1): one line, or several joined by
 * parentheses, each with the line it starts on. Quotes, backslash escapes and comments are
 * honoured so that a {@code (} or {@code ;} inside a string does not count. Splitting first
 * lets each entry be parsed on its own, so that one bad entry cannot swallow the next and
 * every error gets its own line number.
 *
 * <p>Bytes from 0x80 up (UTF-8 text) are passed on as {@code \DDD} escapes (RFC 1035 §5.1),
 * which dnsjava turns back into exactly those bytes in names and strings.
 *
 * <p>Line ends are normalised first: CR LF and lone CR become LF. A newline inside a quoted
 * string ends the entry (the parser then reports the unterminated string on that line).
 */
final class Entries {

    /**
     * One entry: its text (without the final newline) and its 1-based first line.
     * {@code unclosed} is set when the file ends inside parentheses.
     */
    record Entry(int line, byte[] text, boolean unclosed) {}

    private Entries() {}

    private static void writeDecimal(ByteArrayOutputStream out, int b, boolean backslash) {
        if (backslash) {
            out.write('\\');
        }
        out.write('0' + b / 100);
        out.write('0' + b / 10 % 10);
        out.write('0' + b % 10);
    }

    static List<Entry> split(byte[] in) {
        List<Entry> out = new ArrayList<>();
        ByteArrayOutputStream cur = new ByteArrayOutputStream();
        int line = 1;
        int start = 1;
        int depth = 0;
        boolean quoted = false;
        boolean comment = false;
        for (int i = 0; i < in.length; i++) {
            int c = in[i] & 0xFF;
            if (c == '\r') {
                if (i + 1 < in.length && in[i + 1] == '\n') {
                    continue;
                }
                c = '\n';
            }
            if (c == '\n') {
                line++;
                comment = false;
                if (quoted || depth == 0) {
                    quoted = false;
                    depth = 0;
                    out.add(new Entry(start, cur.toByteArray(), false));
                    cur.reset();
                    start = line;
                    continue;
                }
                cur.write('\n');
                continue;
            }
            if (comment) {
                cur.write(c);
                continue;
            }
            if (c >= 0x80) {
                // dnsjava's tokenizer reads bytes as chars and later re-encodes them as UTF-8,
                // which would double-encode UTF-8 text: hand it each such byte as \DDD instead.
                writeDecimal(cur, c, true);
                continue;
            }
            cur.write(c);
            if (c == '\\') {
                // An escape takes the next character literally, unless that is a line end.
                if (i + 1 < in.length && in[i + 1] != '\n' && in[i + 1] != '\r') {
                    int next = in[++i] & 0xFF;
                    if (next >= 0x80) {
                        writeDecimal(cur, next, false);
                    } else {
                        cur.write(next);
                    }
                }
            } else if (quoted) {
                if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ';') {
                comment = true;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && depth > 0) {
                depth--;
            }
        }
        if (cur.size() > 0) {
            out.add(new Entry(start, cur.toByteArray(), depth > 0));
        }
        return out;
    }
}

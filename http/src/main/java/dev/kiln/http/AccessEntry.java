package dev.kiln.http;

/**
 * One access-log entry.
 *
 * @param peer         the client's address as the transport named it
 * @param epochSeconds when the response was queued, or -1 without a {@link WallClock}
 * @param method       request method, or "-" when the request line could not be parsed
 * @param target       request-target as received, or "-"
 * @param version      "HTTP/1.1", "HTTP/1.0" or "-"
 * @param status       the status sent
 * @param bodyBytes    body bytes sent (0 for HEAD and 304)
 * @param note         why a request was refused (parser reason), or null
 * @param serverName   over TLS: the server_name the client sent (SNI, RFC 6066 §3), "" if it sent none;
 *                     null for plain HTTP
 */
public record AccessEntry(String peer, long epochSeconds, String method, String target, String version,
                          int status, long bodyBytes, String note, String serverName) {
    /** An entry of a plain HTTP connection (no TLS, so no server name). */
    public AccessEntry(String peer, long epochSeconds, String method, String target, String version, int status, long bodyBytes, String note) {
        this(peer, epochSeconds, method, target, version, status, bodyBytes, note, null);
    }

    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /**
     * NCSA Common Log Format: {@code 127.0.0.1 - - [10/Oct/2026:13:55:36 +0000] "GET / HTTP/1.1" 200 2326};
     * the target is cut at 512 characters and quotes and control bytes in it are escaped. Over TLS one
     * field follows, the client's server_name: {@code sni=example.com}, or {@code sni=-} without one.
     */
    public String commonLogFormat() {
        StringBuilder s = new StringBuilder(96).append(peer).append(" - - ");
        if (epochSeconds < 0) s.append('-');
        else {
            long days = Math.floorDiv(epochSeconds, 86400), secs = Math.floorMod(epochSeconds, 86400);
            long[] ymd = HttpDate.civil(days);
            s.append('[').append(pad(ymd[2])).append('/').append(MONTHS[(int) ymd[1] - 1]).append('/').append(ymd[0])
                    .append(':').append(pad(secs / 3600)).append(':').append(pad(secs / 60 % 60)).append(':')
                    .append(pad(secs % 60)).append(" +0000]");
        }
        s.append(" \"");
        if (method.equals("-")) s.append('-');
        else {
            s.append(method).append(' ');
            escaped(s, target.length() > 512 ? target.substring(0, 512) + "..." : target);
            s.append(' ').append(version);
        }
        s.append("\" ").append(status).append(' ').append(bodyBytes == 0 ? "-" : Long.toString(bodyBytes));
        if (serverName != null) escaped(s.append(" sni="), serverName.isEmpty() ? "-" : serverName.length() > 255 ? serverName.substring(0, 255) : serverName);
        return s.toString();
    }

    /** Appends {@code t} with quotes, backslashes, control bytes and non-ASCII escaped as \xNN. */
    private static void escaped(StringBuilder s, String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c == '"' || c == '\\' || c < 0x20 || c >= 0x7F) s.append(String.format("\\x%02x", (int) c & 0xFF));
            else s.append(c);
        }
    }

    private static String pad(long v) { return v < 10 ? "0" + v : Long.toString(v); }
}

package dev.kiln.http;

/** IMF-fixdate (RFC 9110 §5.6.7), e.g. {@code Sun, 06 Nov 1994 08:49:37 GMT}: format, and parse (that form only). */
public final class HttpDate {
    private HttpDate() {}

    private static final String[] DAYS = {"Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"};
    private static final String[] MONTHS = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    /** Formats seconds since the epoch (0 .. year 9999) as the 29-character IMF-fixdate. */
    public static String format(long epochSeconds) {
        long days = Math.floorDiv(epochSeconds, 86400), secs = Math.floorMod(epochSeconds, 86400);
        long[] ymd = civil(days);
        StringBuilder s = new StringBuilder(29);
        s.append(DAYS[(int) Math.floorMod(days, 7)]).append(", ");
        two(s, ymd[2]).append(' ').append(MONTHS[(int) ymd[1] - 1]).append(' ').append(ymd[0]).append(' ');
        two(s, secs / 3600).append(':');
        two(s, secs / 60 % 60).append(':');
        return two(s, secs % 60).append(" GMT").toString();
    }

    /** Parses an IMF-fixdate; -1 if the text is not one (RFC 9110 §13.1.3: such a field is ignored). */
    public static long parse(String t) {
        if (t == null || t.length() != 29 || t.charAt(3) != ',' || t.charAt(4) != ' ' || t.charAt(7) != ' '
                || t.charAt(11) != ' ' || t.charAt(16) != ' ' || t.charAt(19) != ':' || t.charAt(22) != ':'
                || !t.endsWith(" GMT")) return -1;
        int month = -1;
        for (int m = 0; m < 12; m++) if (t.regionMatches(8, MONTHS[m], 0, 3)) month = m + 1;
        long day = num(t, 5, 2), year = num(t, 12, 4), h = num(t, 17, 2), mi = num(t, 20, 2), s = num(t, 23, 2);
        if (month < 0 || day < 1 || day > 31 || year < 0 || h > 23 || mi > 59 || s > 60 || h < 0 || mi < 0 || s < 0) return -1;
        return days(year, month, day) * 86400 + h * 3600 + mi * 60 + s;
    }

    private static long num(String t, int off, int len) {
        long v = 0;
        for (int i = off; i < off + len; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static StringBuilder two(StringBuilder s, long v) { return s.append((char) ('0' + v / 10)).append((char) ('0' + v % 10)); }

    /** Days since the epoch → {year, month, day} (H. Hinnant's civil_from_days). */
    static long[] civil(long z) {
        z += 719468;
        long era = Math.floorDiv(z, 146097), doe = z - era * 146097;
        long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
        return new long[] {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
    }

    /** {year, month, day} → days since the epoch (days_from_civil). */
    static long days(long y, long m, long d) {
        y -= m <= 2 ? 1 : 0;
        long era = Math.floorDiv(y, 400), yoe = y - era * 400;
        long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
        return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
    }
}

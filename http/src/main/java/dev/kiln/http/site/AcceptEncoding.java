package dev.kiln.http.site;

import java.util.List;

/** Chooses a content coding from Accept-Encoding (RFC 9110 §12.5.3) with q-values (§12.4.2). */
final class AcceptEncoding {
    private AcceptEncoding() {}

    /**
     * The index into {@code codings} (SiteImageFormat codings, identity first) to send: the highest
     * q above 0, ties going to the later (smaller) variant. Without the field: identity. If nothing
     * is acceptable we still send identity (the representation is then "not acceptable", but a body
     * beats a 406 for a static file).
     */
    static int choose(List<String> field, int[] codings) {
        if (field == null) return 0;
        int[] q = new int[3];                                  // per coding, in thousandths; -1 = not named
        int star = -1;
        q[0] = q[1] = q[2] = -1;
        for (String element : field) {
            int semi = element.indexOf(';');
            String name = (semi < 0 ? element : element.substring(0, semi)).strip().toLowerCase(java.util.Locale.ROOT);
            int weight = semi < 0 ? 1000 : qvalue(element.substring(semi + 1));
            if (weight < 0) continue;
            switch (name) {
                case "identity" -> q[SiteImageFormat.IDENTITY] = weight;
                case "gzip", "x-gzip" -> q[SiteImageFormat.GZIP] = weight;
                case "br" -> q[SiteImageFormat.BR] = weight;
                case "*" -> star = weight;
                default -> { }
            }
        }
        for (int c = 0; c < 3; c++) if (q[c] < 0) q[c] = star >= 0 ? star : c == SiteImageFormat.IDENTITY ? 1000 : 0;
        int best = 0, bestQ = 0;
        for (int i = 0; i < codings.length; i++) {
            int w = q[codings[i]];
            if (w > 0 && w >= bestQ) { best = i; bestQ = w; }
        }
        return best;
    }

    /** "q=0.5" (weight, §12.4.2) → 500; -1 if malformed (the element is then ignored). */
    static int qvalue(String params) {
        for (String p : params.split(";", 8)) {
            p = p.strip();
            if (!(p.startsWith("q=") || p.startsWith("Q="))) continue;
            String v = p.substring(2);
            if (v.equals("1") || v.matches("1\\.0{0,3}")) return 1000;
            if (!v.matches("0(\\.[0-9]{0,3})?")) return -1;
            String frac = v.length() > 2 ? v.substring(2) : "";
            return frac.isEmpty() ? 0 : Integer.parseInt((frac + "00").substring(0, 3));
        }
        return 1000;
    }
}

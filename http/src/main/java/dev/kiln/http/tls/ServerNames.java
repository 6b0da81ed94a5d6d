package dev.kiln.http.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The host names a certificate is for, to judge a client's server_name (RFC 6066 §3): its
 * subjectAltName DNS names. The subject's CN is not read (RFC 6125 §6.4.4 leaves it to clients that
 * still fall back to it; browsers no longer do): a certificate without DNS names names no host. Matching is
 * case-insensitive, ignores one trailing dot, and a wildcard {@code *.example.com} stands for exactly
 * one leftmost label (RFC 6125 §6.4.3), so it matches {@code a.example.com} but not
 * {@code example.com} or {@code a.b.example.com}.
 */
public record ServerNames(List<String> names) {
    public ServerNames {
        names = names.stream().map(ServerNames::normalise).toList();
    }

    /** The names {@code leaf} is for (empty if it names none, e.g. a certificate for an IP address only). */
    public static ServerNames of(X509Certificate leaf) {
        List<String> names = new ArrayList<>();
        try {
            if (leaf.getSubjectAlternativeNames() != null) {
                for (List<?> san : leaf.getSubjectAlternativeNames()) {
                    if (san.size() == 2 && Integer.valueOf(2).equals(san.get(0)) && san.get(1) instanceof String dns) names.add(dns);
                }
            }
        } catch (CertificateParsingException e) {
            names.clear(); // an unreadable extension names no host
        }
        return new ServerNames(names);
    }

    /** Whether the certificate names any host (without names, no server_name can be judged). */
    public boolean known() { return !names.isEmpty(); }

    /** Whether {@code host} (a client's server_name) is one of these names. */
    public boolean matches(String host) {
        String h = normalise(host);
        for (String n : names) {
            if (n.equals(h)) return true;
            if (n.startsWith("*.") && h.endsWith(n.substring(1)) && h.length() > n.length() - 1
                    && h.indexOf('.') == h.length() - (n.length() - 1)) return true;
        }
        return false;
    }

    private static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    @Override
    public String toString() { return names.isEmpty() ? "(none)" : String.join(", ", names); }
}

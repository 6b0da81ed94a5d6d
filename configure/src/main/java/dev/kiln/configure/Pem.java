package dev.kiln.configure;

import java.util.Base64;

/** PEM text (RFC 7468): {@code -----BEGIN TYPE-----}, base64 in 64-character lines, {@code -----END TYPE-----}. */
public final class Pem {
    private Pem() {}

    /** {@code encode("CERTIFICATE", der)}, {@code encode("PRIVATE KEY", pkcs8)}. */
    public static String encode(String type, byte[] der) {
        String b64 = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + b64 + "\n-----END " + type + "-----\n";
    }
}

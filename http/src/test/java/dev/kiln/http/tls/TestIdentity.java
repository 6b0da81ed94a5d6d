package dev.kiln.http.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A self-signed identity for the tests, made once per key algorithm with the JDK's keytool (a temp PKCS#12, then loaded). */
final class TestIdentity {
    private static final java.util.Map<String, TlsIdentity> MADE = new java.util.HashMap<>();

    private TestIdentity() {}

    static synchronized TlsIdentity of(String keyAlg) {
        return MADE.computeIfAbsent(keyAlg, TestIdentity::make);
    }

    private static TlsIdentity make(String keyAlg) {
        try {
            Path dir = Files.createTempDirectory("kiln-tls-test");
            Path p12 = dir.resolve("id.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "k", "-keyalg", keyAlg, "-dname", "CN=localhost",
                    "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-keystore", p12.toString(), "-storetype", "PKCS12",
                    "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("keytool failed: " + out);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                ks.load(in, "changeit".toCharArray());
            }
            PrivateKey key = (PrivateKey) ks.getKey("k", "changeit".toCharArray());
            X509Certificate cert = (X509Certificate) ks.getCertificate("k");
            Files.delete(p12);
            Files.delete(dir);
            return new TlsIdentity(key, List.of(cert));
        } catch (IOException | InterruptedException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

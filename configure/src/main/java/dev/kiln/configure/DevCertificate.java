package dev.kiln.configure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed development certificate and key ({@code kiln cert}): ECDSA P-256, subject
 * {@code CN=HOST}, subjectAltName HOST (a DNS name or an IP address; {@code localhost} also gets
 * 127.0.0.1), made by the JDK's own {@code keytool} into a throwaway PKCS#12 file and written out as
 * {@code cert.pem} and {@code key.pem} (PKCS#8, mode 600) — the pair {@code certificate=} and
 * {@code key=} take. For development only: nothing trusts it unless told to ({@code curl --cacert cert.pem}).
 */
public final class DevCertificate {
    /** The two files written. */
    public record Written(Path certificate, Path key, X509Certificate cert) {}

    private DevCertificate() {}

    /**
     * @param startDays when validity starts, in days from today (negative: in the past; tests make expired pairs with it)
     * @throws ConfigureException if keytool is missing or fails, or the files cannot be written
     */
    public static Written make(String host, int days, int startDays, Path dir) {
        if (!host.matches("[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            throw new ConfigureException(new Problem(Path.of("--host"), 0, "'" + host + "' is not a host name or IPv4 address",
                    "give the name clients will use, e.g. --host localhost or --host www.example.test"));
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        if (!Files.isExecutable(keytool)) {
            throw new ConfigureException(new Problem(keytool, 0, "no keytool in this Java runtime", "run kiln with a full JDK 25 (JAVA_HOME)"));
        }
        boolean ip = host.matches("[0-9.]+");
        String san = (ip ? "ip:" : "dns:") + host + (host.equals("localhost") ? ",ip:127.0.0.1" : "");
        String pass = HexFormat.of().formatHex(new SecureRandom().generateSeed(12));
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempDirectory("kiln-cert");
            Path p12 = tmp.resolve("dev.p12");
            Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "kiln", "-keyalg", "EC", "-groupname", "secp256r1",
                    "-sigalg", "SHA256withECDSA", "-dname", "CN=" + host, "-ext", "san=" + san, "-ext", "eku=serverAuth",
                    "-startdate", (startDays >= 0 ? "+" : "-") + Math.abs(startDays) + "d", "-validity", Integer.toString(days),
                    "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", pass, "-keypass", pass)
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new ConfigureException(new Problem(keytool, 0, "keytool failed: " + out.strip(), "check the host name and the JDK"));
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(p12)) {
                ks.load(in, pass.toCharArray());
            }
            PrivateKey key = (PrivateKey) ks.getKey("kiln", pass.toCharArray());
            X509Certificate cert = (X509Certificate) ks.getCertificate("kiln");
            Path certFile = dir.resolve("cert.pem"), keyFile = dir.resolve("key.pem");
            Files.writeString(certFile, Pem.encode("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
            Files.deleteIfExists(keyFile);
            Files.createFile(keyFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, Pem.encode("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            return new Written(certFile, keyFile, cert);
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigureException(new Problem(dir, 0, "cannot make the certificate: " + e.getMessage(), "check that the directory is writable"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigureException(new Problem(dir, 0, "interrupted while making the certificate", ""));
        } finally {
            if (tmp != null) {
                try (var s = Files.list(tmp)) {
                    for (Path f : s.toList()) Files.deleteIfExists(f);
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // a temp directory: nothing more to do
                }
            }
        }
    }
}

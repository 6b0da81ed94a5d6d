package dev.kiln.configure;

import dev.kiln.http.tls.TlsIdentity;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;

/**
 * The configure step for TLS: the descriptor's {@code certificate=} (PEM chain, leaf first) and
 * {@code key=} (PEM, PKCS#8) → checked → the baked {@link TlsIdentity} ({@code tls.ktls}). A
 * certificate that does not parse, a key that is not the certificate's, or a certificate out of
 * date fails the build here, naming the file and the fix, rather than the appliance at boot.
 */
public final class TlsBake {
    /** What was baked: the file, its size, the leaf's subject and its end of validity. */
    public record Baked(Path image, long bytes, String subject, Date notAfter) {}

    static final int PEM_BYTES_MAX = 256 << 10;
    private static final String RENEW = "make a new development pair with kiln cert --host NAME -o DIR, or renew the certificate";

    private TlsBake() {}

    public static Baked bake(Path certFile, Path keyFile, Path out, Date now) {
        TlsIdentity id = read(certFile, keyFile, now);
        byte[] image = id.encode();
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.write(out, image);
        } catch (IOException e) {
            throw new ConfigureException(new Problem(out, 0, "cannot write the baked TLS identity: " + e.getMessage(), "check the directory"));
        }
        X509Certificate leaf = id.certificate();
        return new Baked(out, image.length, leaf.getSubjectX500Principal().getName(), leaf.getNotAfter());
    }

    /** Reads and checks the pair: it parses, the key is the leaf certificate's, the leaf is valid at {@code now}. */
    public static TlsIdentity read(Path certFile, Path keyFile, Date now) {
        List<X509Certificate> chain = certificates(certFile);
        X509Certificate leaf = chain.getFirst();
        try {
            leaf.checkValidity(now);
        } catch (CertificateExpiredException e) {
            throw problem(certFile, "the certificate expired on " + leaf.getNotAfter().toInstant(), RENEW);
        } catch (CertificateNotYetValidException e) {
            throw problem(certFile, "the certificate is not valid before " + leaf.getNotBefore().toInstant(), "check the machine's clock or the certificate");
        }
        PrivateKey key = key(keyFile, leaf.getPublicKey().getAlgorithm());
        if (!matches(key, leaf)) {
            throw problem(keyFile, "this key is not the private key of the certificate in " + certFile.getFileName()
                    + " (" + leaf.getSubjectX500Principal().getName() + ")", "give the key the certificate was made for, or " + RENEW);
        }
        return new TlsIdentity(key, chain);
    }

    private static List<X509Certificate> certificates(Path f) {
        byte[] pem = readSmall(f);
        String text = new String(pem, StandardCharsets.US_ASCII);
        if (!text.contains("-----BEGIN CERTIFICATE-----")) {
            throw problem(f, "no PEM certificate in this file (no -----BEGIN CERTIFICATE----- line)", "give the certificate chain in PEM, leaf first");
        }
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) chain.add((X509Certificate) c);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw problem(f, "the certificate does not parse: " + e.getMessage(), "give a PEM X.509 certificate chain, leaf first");
        }
        if (chain.isEmpty() || chain.size() > 10) throw problem(f, chain.size() + " certificates", "give 1-10 certificates, leaf first");
        return chain;
    }

    private static PrivateKey key(Path f, String algorithm) {
        String text = new String(readSmall(f), StandardCharsets.US_ASCII);
        if (text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw problem(f, "the private key is encrypted", "decrypt it for the build: openssl pkcs8 -in " + f.getFileName() + " -nocrypt -out key.pem");
        }
        int begin = text.indexOf("-----BEGIN PRIVATE KEY-----"), end = text.indexOf("-----END PRIVATE KEY-----");
        if (begin < 0 || end < begin) {
            String fix = text.contains("-----BEGIN EC PRIVATE KEY-----") || text.contains("-----BEGIN RSA PRIVATE KEY-----")
                    ? "convert it to PKCS#8: openssl pkcs8 -topk8 -nocrypt -in " + f.getFileName() + " -out key.pem"
                    : "give the certificate's private key as PEM PKCS#8 (-----BEGIN PRIVATE KEY-----)";
            throw problem(f, "no PKCS#8 private key in this file", fix);
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(text.substring(begin + 27, end));
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw problem(f, "the private key does not parse as a " + algorithm + " key: " + e.getMessage(),
                    "give the private key of the certificate (its type is " + algorithm + ")");
        }
    }

    /** Signs a fixed message with the key and verifies it with the certificate's public key. */
    static boolean matches(PrivateKey key, X509Certificate cert) {
        String alg = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA
        };
        try {
            byte[] msg = "kiln: does this key belong to this certificate?".getBytes(StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(alg);
            if (alg.equals("RSASSA-PSS")) s.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1",
                    java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
            s.initSign(key);
            s.update(msg);
            byte[] sig = s.sign();
            s.initVerify(cert.getPublicKey());
            s.update(msg);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static byte[] readSmall(Path f) {
        try {
            if (Files.size(f) > PEM_BYTES_MAX) throw problem(f, "larger than " + (PEM_BYTES_MAX >> 10) + " KiB", "give a PEM file");
            return Files.readAllBytes(f);
        } catch (IOException e) {
            throw problem(f, "cannot read it: " + e.getMessage(), "check the path and the file's permissions");
        }
    }

    private static ConfigureException problem(Path f, String message, String fix) {
        return new ConfigureException(new Problem(f, 0, message, fix));
    }
}

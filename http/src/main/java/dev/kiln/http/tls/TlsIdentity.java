package dev.kiln.http.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;

/**
 * A server's TLS identity: its private key and certificate chain (leaf first), as baked into an
 * appliance image by {@code kiln build} from the descriptor's {@code certificate=} and {@code key=}
 * (validated there: the key matches, the certificate is in date). The baked form, read by
 * {@link #load} without any PEM or file handling at boot:
 * <pre>
 *   "KILNTLS1"  magic (8 bytes)
 *   u8  n, n ASCII bytes         key algorithm (EC, RSA, Ed25519, …)
 *   u32 n, n bytes               the private key, PKCS#8 DER
 *   u8  count                    certificates in the chain (1-10), then each:
 *   u32 n, n bytes                 X.509 DER
 * </pre>
 * Integers are big-endian; every length is checked, and trailing bytes are refused.
 */
public record TlsIdentity(PrivateKey key, List<X509Certificate> chain) {
    static final byte[] MAGIC = "KILNTLS1".getBytes(StandardCharsets.US_ASCII);
    static final int CHAIN_MAX = 10;

    public TlsIdentity {
        if (key == null || chain == null || chain.isEmpty() || chain.size() > CHAIN_MAX) {
            throw new IllegalArgumentException("a TLS identity needs a private key and 1-" + CHAIN_MAX + " certificates");
        }
        chain = List.copyOf(chain);
    }

    /** The leaf certificate: the one the key belongs to. */
    public X509Certificate certificate() { return chain.getFirst(); }

    /** The baked form (see the class comment). */
    public byte[] encode() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.write(MAGIC);
            byte[] alg = key.getAlgorithm().getBytes(StandardCharsets.US_ASCII);
            out.writeByte(alg.length);
            out.write(alg);
            byte[] der = key.getEncoded();
            if (der == null || !"PKCS#8".equals(key.getFormat())) throw new IllegalArgumentException("the private key has no PKCS#8 encoding");
            out.writeInt(der.length);
            out.write(der);
            out.writeByte(chain.size());
            for (X509Certificate c : chain) {
                byte[] d = c.getEncoded();
                out.writeInt(d.length);
                out.write(d);
            }
            return bytes.toByteArray();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot encode the TLS identity: " + e.getMessage(), e);
        }
    }

    /**
     * Loads the baked form.
     *
     * @throws IllegalArgumentException if the bytes are not a baked identity (truncated, corrupt, an unknown key type)
     */
    public static TlsIdentity load(byte[] image) {
        ByteBuffer b = ByteBuffer.wrap(image);
        if (image.length < MAGIC.length || !java.util.Arrays.equals(image, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw bad("not a Kiln TLS identity (bad magic)");
        }
        b.position(MAGIC.length);
        String alg = new String(bytes(b, u8(b)), StandardCharsets.US_ASCII);
        byte[] keyDer = bytes(b, u32(b));
        int count = u8(b);
        if (count < 1 || count > CHAIN_MAX) throw bad(count + " certificates (1-" + CHAIN_MAX + " expected)");
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (int i = 0; i < count; i++) {
                chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(bytes(b, u32(b)))));
            }
            if (b.hasRemaining()) throw bad(b.remaining() + " trailing bytes");
            PrivateKey key = KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(keyDer));
            return new TlsIdentity(key, chain);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw bad(e.getMessage());
        }
    }

    private static int u8(ByteBuffer b) {
        need(b, 1);
        return b.get() & 0xFF;
    }

    private static int u32(ByteBuffer b) {
        need(b, 4);
        int n = b.getInt();
        if (n < 0) throw bad("a length of " + Integer.toUnsignedString(n));
        return n;
    }

    private static byte[] bytes(ByteBuffer b, int n) {
        need(b, n);
        byte[] r = new byte[n];
        b.get(r);
        return r;
    }

    private static void need(ByteBuffer b, int n) {
        if (b.remaining() < n) throw bad("truncated at byte " + b.position());
    }

    private static IllegalArgumentException bad(String why) {
        return new IllegalArgumentException("the baked TLS identity is corrupt: " + why + " — build the image again with kiln build");
    }
}

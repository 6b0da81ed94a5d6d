package dev.kiln.net.tcp;

import dev.kiln.platform.Entropy;

/**
 * Initial sequence numbers per RFC 6528 §3: {@code ISN = M + F(localip, localport, remoteip, remoteport, secretkey)},
 * where M is a clock ticking every 4 µs (taken from {@code nowNs}) and F is SipHash-2-4 keyed with 128 bits
 * drawn once from {@link Entropy}. Different 4-tuples get unrelated sequence spaces; one 4-tuple's ISNs advance
 * with time, so a new incarnation starts beyond an old one's numbers.
 */
public final class Isn {
    private final long k0, k1;

    public Isn(Entropy entropy) { this(entropy.nextLong(), entropy.nextLong()); }

    Isn(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** The ISN for a connection at {@code nowNs}. */
    public int isn(TcpTuple t, long nowNs) {
        return (int) (nowNs / 4_000) + (int) hash(t);
    }

    /** F: SipHash-2-4 of the 12 bytes local ip, remote ip, local port, remote port. */
    long hash(TcpTuple t) {
        long m0 = (Integer.toUnsignedLong(t.localIp()) << 32) | Integer.toUnsignedLong(t.remoteIp());
        long m1 = ((long) t.localPort() << 16) | t.remotePort() | (12L << 56);
        return sipHash24(k0, k1, m0, m1);
    }

    /** A keyed hash of the 4-tuple, a counter and a tag, for SYN cookies ({@link SynCookies}); unrelated to {@link #hash} by the tag. */
    long cookieHash(TcpTuple t, int counter, int tag) {
        long m0 = (Integer.toUnsignedLong(t.localIp()) << 32) | Integer.toUnsignedLong(t.remoteIp());
        long m1 = ((long) t.localPort() << 16) | t.remotePort() | (Integer.toUnsignedLong(counter) << 32) ^ ((long) tag << 62);
        return sipHash24(k0, k1, m0, m1);
    }

    /** SipHash-2-4 (Aumasson and Bernstein) over two message words, the second already carrying the length byte. */
    static long sipHash24(long k0, long k1, long m0, long m1) {
        long[] v = {k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL, k0 ^ 0x6c7967656e657261L, k1 ^ 0x7465646279746573L};
        for (long m : new long[] {m0, m1}) {
            v[3] ^= m;
            round(v);
            round(v);
            v[0] ^= m;
        }
        v[2] ^= 0xff;
        for (int i = 0; i < 4; i++) round(v);
        return v[0] ^ v[1] ^ v[2] ^ v[3];
    }

    private static void round(long[] v) {
        v[0] += v[1]; v[1] = Long.rotateLeft(v[1], 13); v[1] ^= v[0]; v[0] = Long.rotateLeft(v[0], 32);
        v[2] += v[3]; v[3] = Long.rotateLeft(v[3], 16); v[3] ^= v[2];
        v[0] += v[3]; v[3] = Long.rotateLeft(v[3], 21); v[3] ^= v[0];
        v[2] += v[1]; v[1] = Long.rotateLeft(v[1], 17); v[1] ^= v[2]; v[2] = Long.rotateLeft(v[2], 32);
    }
}

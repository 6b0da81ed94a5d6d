package dev.kiln.sim.apps;

import dev.kiln.platform.Agent;
import dev.kiln.platform.Entropy;
import dev.kiln.sim.SimNetDevice;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A client without a stack that speaks IPv4 itself, to exercise a server's reassembly: it sends each
 * request as a UDP datagram cut into IPv4 fragments of random sizes (multiples of 8), in a random
 * order, sometimes with a fragment repeated, and a fresh IP identification on every retransmission.
 * It answers ARP requests for its own address and knows the server's MAC (a static neighbour entry).
 * Replies are checked like {@link UdpRequestClient}: each must be exactly the expected response of
 * one of the requests; header and UDP checksums are verified first (a corrupted reply is dropped).
 * One exception: a reply that differs from an expected one only by bit flips that keep the 16-bit
 * one's-complement sum is counted as a checksum collision, not as wrong (see {@link #onFrame}).
 * Built by hand from RFC 791 / RFC 768 / RFC 826 so that it shares no code with the stack under test.
 */
public final class FragmentingUdpClient implements Agent {
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private final SimNetDevice dev;
    private final Entropy entropy;
    private final int myAddr, serverAddr, myPort, serverPort;
    private final long serverMac;
    private final List<byte[]> requests;
    private final Map<ByteBuffer, Integer> expected = new HashMap<>();
    private final long[] retryAt, rto;
    private final boolean[] done;
    private final long rtoInitialNs, rtoMaxNs;
    private final MemorySegment rx = Arena.ofAuto().allocate(1514);
    private int ipId;
    private int answered;
    private long wrong, fragmentsSent, datagramsSent, droppedReplies, arpReplies, checksumCollisions;
    private String firstWrong;

    public FragmentingUdpClient(SimNetDevice dev, Entropy entropy, int myAddr, int myPort, long serverMac, int serverAddr, int serverPort,
                                List<byte[]> requests, List<byte[]> responses, long startNs, long spacingNs, long rtoInitialNs, long rtoMaxNs) {
        this.dev = dev;
        this.entropy = entropy;
        this.myAddr = myAddr;
        this.myPort = myPort;
        this.serverMac = serverMac;
        this.serverAddr = serverAddr;
        this.serverPort = serverPort;
        this.requests = requests;
        this.rtoInitialNs = rtoInitialNs;
        this.rtoMaxNs = rtoMaxNs;
        int n = requests.size();
        retryAt = new long[n];
        rto = new long[n];
        done = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (requests.get(i).length > 1472) throw new IllegalArgumentException("request " + i + " is longer than 1472 bytes: the echo would not fit one frame");
            expected.put(ByteBuffer.wrap(responses.get(i)), i);
            retryAt[i] = startNs + i * spacingNs;
            rto[i] = rtoInitialNs;
        }
        ipId = (int) (entropy.nextLong() & 0xffff);
    }

    @Override
    public int doWork(long nowNs) {
        int work = 0, len;
        while ((len = dev.receive(rx)) > 0) {
            work++;
            onFrame(len);
        }
        for (int i = 0; i < requests.size(); i++) {
            if (done[i] || retryAt[i] > nowNs) continue;
            sendFragmented(requests.get(i));
            retryAt[i] = nowNs + rto[i];
            rto[i] = Math.min(rto[i] * 2, rtoMaxNs);
            work++;
        }
        return work;
    }

    @Override
    public long pollAtNs() {
        long at = NEVER;
        for (int i = 0; i < requests.size(); i++) if (!done[i] && retryAt[i] < at) at = retryAt[i];
        return at;
    }

    private void onFrame(int len) {
        if (len < 14) return;
        int type = Short.toUnsignedInt(rx.get(BE16, 12));
        if (type == 0x0806) {
            onArp(len);
            return;
        }
        if (type != 0x0800 || len < 14 + 20) return;
        int vihl = rx.get(ValueLayout.JAVA_BYTE, 14) & 0xff;
        int ihl = (vihl & 0xf) * 4;
        int total = Short.toUnsignedInt(rx.get(BE16, 16));
        if (vihl >> 4 != 4 || ihl < 20 || total < ihl + 8 || 14 + total > len || checksum(rx, 14, ihl, 0) != 0) { droppedReplies++; return; }
        int fragField = Short.toUnsignedInt(rx.get(BE16, 20));
        if ((fragField & 0x3fff) != 0 || rx.get(ValueLayout.JAVA_BYTE, 23) != 17) { droppedReplies++; return; }
        int src = rx.get(BE32, 26), dst = rx.get(BE32, 30);
        if (dst != myAddr) return;
        int u = 14 + ihl;
        int ulen = Short.toUnsignedInt(rx.get(BE16, u + 4));
        if (ulen < 8 || ulen > total - ihl) { droppedReplies++; return; }
        if (rx.get(BE16, u + 6) != 0 && udpChecksum(rx, u, ulen, src, dst) != 0) { droppedReplies++; return; }
        if (Short.toUnsignedInt(rx.get(BE16, u + 2)) != myPort) return;
        byte[] got = rx.asSlice(u + 8, ulen - 8).toArray(ValueLayout.JAVA_BYTE);
        Integer i = src == serverAddr && Short.toUnsignedInt(rx.get(BE16, u)) == serverPort ? expected.get(ByteBuffer.wrap(got)) : null;
        if (i == null && checksumCollision(got)) {
            // Each fragment may get a bit flipped; two flips of the same bit of a 16-bit word in opposite
            // directions leave the one's-complement sum unchanged, so the UDP checksum cannot catch them
            // (RFC 1071's known blind spot). The stack is right to deliver such a datagram.
            checksumCollisions++;
            return;
        }
        if (i == null) {
            wrong++;
            if (firstWrong == null) firstWrong = got.length + "-byte reply matches no expected response" + closest(got);
        } else if (!done[i]) {
            done[i] = true;
            answered++;
        }
    }

    /** Whether {@code got} is an expected response with a few bits changed that keep its one's-complement sum. */
    private boolean checksumCollision(byte[] got) {
        MemorySegment g = MemorySegment.ofArray(got);
        int sum = checksum(g, 0, got.length, 0);
        for (ByteBuffer key : expected.keySet()) {
            byte[] want = key.array();
            if (want.length != got.length) continue;
            int bits = 0;
            for (int k = 0; k < got.length && bits <= 8; k++) bits += Integer.bitCount((got[k] ^ want[k]) & 0xff);
            if (bits <= 8 && checksum(MemorySegment.ofArray(want), 0, want.length, 0) == sum) return true;
        }
        return false;
    }

    /** Which expected response the reply is nearest to, and how the bits differ (for diagnosis). */
    private String closest(byte[] got) {
        for (Map.Entry<ByteBuffer, Integer> e : expected.entrySet()) {
            byte[] want = e.getKey().array();
            if (want.length != got.length) continue;
            StringBuilder bits = new StringBuilder();
            int n = 0;
            for (int k = 0; k < got.length; k++) {
                int x = (got[k] ^ want[k]) & 0xff;
                for (int b = 7; b >= 0; b--) {
                    if (((x >>> b) & 1) == 0) continue;
                    n++;
                    int bit = (8 + k) * 8 + (7 - b); // bit index within the UDP datagram, MSB first
                    if (bits.length() < 120) bits.append(bits.length() == 0 ? "" : ", ").append("bit ").append(bit).append(" (word bit ").append(15 - (bit % 16))
                            .append(want[k] < got[k] ? "" : "").append(((want[k] >>> b) & 1) == 0 ? " 0->1" : " 1->0").append(")");
                }
            }
            if (n <= 8) return " (request #" + e.getValue() + "'s echo with " + n + " bits flipped: " + bits + ")";
        }
        return "";
    }

    private void onArp(int len) {
        if (ArpReply.requestedIp(rx, len) != myAddr) return;
        ArpReply.send(dev, rx, myAddr);
        arpReplies++;
    }

    private void sendFragmented(byte[] payload) {
        int udpLen = 8 + payload.length;
        byte[] udp = new byte[udpLen];
        MemorySegment u = MemorySegment.ofArray(udp);
        u.set(BE16, 0, (short) myPort);
        u.set(BE16, 2, (short) serverPort);
        u.set(BE16, 4, (short) udpLen);
        System.arraycopy(payload, 0, udp, 8, payload.length);
        int c = udpChecksum(u, 0, udpLen, myAddr, serverAddr);
        u.set(BE16, 6, (short) (c == 0 ? 0xffff : c));
        // cut into pieces of 8..(8*64) bytes, the last one takes the rest
        List<int[]> pieces = new ArrayList<>();
        int off = 0;
        while (off < udpLen) {
            int size = 8 * (1 + (int) Math.floorMod(entropy.nextLong(), 64L));
            if (off + size >= udpLen) size = udpLen - off;
            pieces.add(new int[] {off, size});
            off += size;
        }
        if (pieces.size() > 1 && (entropy.nextLong() & 3) == 0) pieces.add(pieces.get((int) Math.floorMod(entropy.nextLong(), (long) pieces.size())));
        for (int i = pieces.size() - 1; i > 0; i--) { // Fisher-Yates
            int j = (int) Math.floorMod(entropy.nextLong(), (long) (i + 1));
            int[] t = pieces.get(i);
            pieces.set(i, pieces.get(j));
            pieces.set(j, t);
        }
        int id = ipId++ & 0xffff;
        for (int[] p : pieces) {
            boolean more = p[0] + p[1] < udpLen;
            MemorySegment f = dev.txBuffer();
            putMac(f, 0, serverMac);
            putMac(f, 6, dev.mac());
            f.set(BE16, 12, (short) 0x0800);
            f.set(ValueLayout.JAVA_BYTE, 14, (byte) 0x45);
            f.set(ValueLayout.JAVA_BYTE, 15, (byte) 0);
            f.set(BE16, 16, (short) (20 + p[1]));
            f.set(BE16, 18, (short) id);
            f.set(BE16, 20, (short) ((more ? 0x2000 : 0) | (p[0] / 8)));
            f.set(ValueLayout.JAVA_BYTE, 22, (byte) 64);
            f.set(ValueLayout.JAVA_BYTE, 23, (byte) 17);
            f.set(BE16, 24, (short) 0);
            f.set(BE32, 26, myAddr);
            f.set(BE32, 30, serverAddr);
            f.set(BE16, 24, (short) checksum(f, 14, 20, 0));
            MemorySegment.copy(udp, p[0], f, ValueLayout.JAVA_BYTE, 34, p[1]);
            dev.transmit(34 + p[1]);
            fragmentsSent++;
        }
        datagramsSent++;
    }

    private static int udpChecksum(MemorySegment s, int off, int len, int src, int dst) {
        long sum = ((src >>> 16) & 0xffff) + (src & 0xffff) + ((dst >>> 16) & 0xffff) + (dst & 0xffff) + 17 + len;
        return checksum(s, off, len, sum);
    }

    /** RFC 1071 one's-complement sum over {@code len} bytes at {@code off}, plus {@code initial}; returns the complement. */
    private static int checksum(MemorySegment s, int off, int len, long initial) {
        long sum = initial;
        int i = 0;
        for (; i + 1 < len; i += 2) sum += Short.toUnsignedInt(s.get(BE16, off + i));
        if (i < len) sum += (s.get(ValueLayout.JAVA_BYTE, off + i) & 0xff) << 8;
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) (~sum & 0xffff);
    }

    private static void putMac(MemorySegment f, int off, long mac) {
        for (int i = 0; i < 6; i++) f.set(ValueLayout.JAVA_BYTE, off + i, (byte) (mac >>> (8 * (5 - i))));
    }

    public int answered() { return answered; }

    public boolean allAnswered() { return answered == requests.size(); }

    public int outstanding() { return requests.size() - answered; }

    public long wrong() { return wrong; }

    public long checksumCollisions() { return checksumCollisions; }

    /** For {@code Simulation.invariant}: null while every reply was right. */
    public String firstWrong() { return wrong == 0 ? null : wrong + " wrong replies; first: " + firstWrong; }

    @Override
    public String toString() {
        StringBuilder waiting = new StringBuilder();
        for (int i = 0; i < requests.size() && waiting.length() < 200; i++) {
            if (!done[i]) waiting.append(waiting.length() == 0 ? "" : ", ").append('#').append(i).append(" (").append(requests.get(i).length).append(" B)");
        }
        return "fragmenting client: answered " + answered + "/" + requests.size() + ", datagrams " + datagramsSent + " in "
                + fragmentsSent + " fragments, replies dropped " + droppedReplies + ", ARP replies " + arpReplies
                + ", checksum collisions tolerated " + checksumCollisions + ", wrong " + wrong
                + (waiting.length() == 0 ? "" : ", waiting for " + waiting);
    }

}

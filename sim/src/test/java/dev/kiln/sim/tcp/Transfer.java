package dev.kiln.sim.tcp;

import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.sim.SimSeeds;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One connection's two streams as the application sees them: it sends {@code prefix} then
 * {@code sendLen} bytes of a seeded pattern, and checks every byte it receives against the pattern it
 * expects (so a wrong byte is caught at its offset, at once), keeping SHA-256 digests of both streams
 * for the end-of-run comparison. Close choreography: {@code shutdownOutput} once everything is
 * written; {@code close} once the peer's FIN came and our side is done.
 */
final class Transfer {
    private static final int CHUNK = 16 * 1024;
    final String name;
    private final byte[] prefix;
    private final long sendKey, sendLen, recvKey, recvLen;
    private final byte[] buf = new byte[CHUNK];
    private final MemorySegment bufSeg = MemorySegment.ofArray(buf);
    private final MessageDigest sentDigest = sha256(), recvDigest = sha256();
    long sent, received, shortWrites, writableCalls, unsentMax;
    private boolean outDone, peerFin, closeCalled;
    /** Half-close when all is written ({@code shutdownOutput}), else close once both streams are complete. */
    boolean halfClose = true;
    TcpCloseReason closed;
    String wrong;

    Transfer(String name, byte[] prefix, long sendKey, long sendLen, long recvKey, long recvLen) {
        this.name = name;
        this.prefix = prefix;
        this.sendKey = sendKey;
        this.sendLen = sendLen;
        this.recvKey = recvKey;
        this.recvLen = recvLen;
    }

    /** Byte {@code off} of the pattern stream {@code key}: any offset, without state. */
    static byte at(long key, long off) {
        return (byte) (SimSeeds.mix64(key + (off >>> 3)) >>> ((off & 7) * 8));
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The whole stream made once, in native memory, when sending with {@code writeImmutable} ({@link #lend}); else null. */
    private MemorySegment lent;

    /** Sends with {@link TcpConnection#writeImmutable}: the stream is made up front and lent, not copied in chunks. */
    void lend() {
        long total = prefix.length + sendLen;
        lent = java.lang.foreign.Arena.ofAuto().allocate(Math.max(1, total)); // reachable from here while the connection lives
        for (long off = 0; off < total; off += CHUNK) {
            int n = (int) Math.min(CHUNK, total - off);
            fill(off, n);
            MemorySegment.copy(bufSeg, 0, lent, off, n);
        }
    }

    /** The stream's bytes [sent, sent + n) into {@link #buf}. */
    private void fill(long sent, int n) {
        long key = SimSeeds.mix64(sendKey + (sent >>> 3)); // the word at the chunk's start
        for (int i = 0; i < n; i++) {
            long off = sent + i;
            if (off < prefix.length) { buf[i] = prefix[(int) off]; continue; }
            long p = off - prefix.length;
            if ((p & 7) == 0 || i == 0) key = SimSeeds.mix64(sendKey + (p >>> 3));
            buf[i] = (byte) (key >>> ((p & 7) * 8));
        }
    }

    /** Writes as much as the connection takes; half-closes when all is written. */
    void pump(TcpConnection c) {
        long total = prefix.length + sendLen;
        while (sent < total && !outDone) {
            int n = (int) Math.min(CHUNK, total - sent), w;
            if (lent != null) {
                w = c.writeImmutable(lent, sent, n);
                if (w > 0 && w <= n) MemorySegment.copy(lent, sent, bufSeg, 0, w);
            } else {
                fill(sent, n);
                w = c.write(bufSeg, 0, n);
            }
            if (w < 0 || w > n) { wrong(name + ": write returned " + w + " for " + n + " bytes offered"); return; }
            int skip = (int) Math.min(w, Math.max(0, prefix.length - sent)); // the digest covers the pattern, not the prefix
            sentDigest.update(buf, skip, w - skip);
            sent += w;
            unsentMax = Math.max(unsentMax, c.unsent());
            if (w < n) { shortWrites++; return; } // onWritable follows
        }
        if (sent == total && !outDone) {
            outDone = true;
            if (peerFin || (!halfClose && received == recvLen)) close(c);
            else if (halfClose) c.shutdownOutput();
        }
    }

    void onWritable(TcpConnection c) {
        writableCalls++;
        pump(c);
    }

    /** Checks and consumes everything offered. @return bytes consumed */
    int consume(TcpConnection c, MemorySegment data, long from) {
        int n = (int) (data.byteSize() - from);
        if (received + n > recvLen) { wrong(name + ": received " + (received + n) + " bytes, more than the " + recvLen + " sent"); return n; }
        byte[] in = new byte[n];
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, from, in, 0, n);
        long word = 0;
        for (int i = 0; i < n; i++) {
            long off = received + i;
            if (i == 0 || (off & 7) == 0) word = SimSeeds.mix64(recvKey + (off >>> 3));
            byte want = (byte) (word >>> ((off & 7) * 8));
            if (in[i] != want && wrong == null) {
                wrong(name + ": byte " + off + " is 0x" + Integer.toHexString(in[i] & 0xff) + ", sent 0x" + Integer.toHexString(want & 0xff));
            }
        }
        recvDigest.update(in);
        received += n;
        if (!halfClose && outDone && received == recvLen && c != null) close(c);
        return n;
    }

    void onPeerClosed(TcpConnection c) {
        if (received != recvLen) wrong(name + ": peer closed after " + received + " of " + recvLen + " bytes");
        peerFin = true;
        if (outDone) close(c);
    }

    private void close(TcpConnection c) {
        if (!closeCalled) { closeCalled = true; c.close(); }
    }

    void onClosed(TcpCloseReason reason) {
        closed = reason;
        if (reason != TcpCloseReason.CLOSED) wrong(name + ": ended " + reason + " after sending " + sent + " and receiving " + received + " bytes");
        else if ((halfClose && !peerFin) || received != recvLen) wrong(name + ": closed with " + received + " of " + recvLen + " bytes received");
    }

    private void wrong(String what) {
        if (wrong == null) wrong = what;
    }

    boolean done() {
        return closed == TcpCloseReason.CLOSED && wrong == null && received == recvLen && sent == prefix.length + sendLen;
    }

    String sentDigest() { return HexFormat.of().formatHex(sentDigest.digest()); }

    String receivedDigest() { return HexFormat.of().formatHex(recvDigest.digest()); }

    @Override
    public String toString() {
        return name + "[sent " + sent + "/" + (prefix.length + sendLen) + ", received " + received + "/" + recvLen
                + (closed != null ? ", " + closed : "") + (wrong != null ? ", WRONG " + wrong : "") + "]";
    }
}

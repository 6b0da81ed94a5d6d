package dev.kiln.sim.tcp;

import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.stack.KilnStack;
import dev.kiln.sim.SimSeeds;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Bulk transfers both ways at once over several connections: client {@code i} sends a 4-byte header
 * (its index) then {@code up[i]} pattern bytes, the server answers with {@code down[i]} bytes from
 * the moment it knows {@code i}; both check every byte as it arrives ({@link Transfer}).
 * At the end, each stream's digest at the sender equals the digest at the receiver.
 */
final class Bulk {
    final long seed;
    final long[] up, down;
    final Transfer[] clientSide, serverSide;
    final List<String> errors = new ArrayList<>();
    /** See {@link Transfer#halfClose}. */
    boolean halfClose = true;
    /** Both ends send with {@code writeImmutable} ({@link Transfer#lend}). */
    boolean lend;

    Bulk(long seed, long[] up, long[] down) {
        this.seed = seed;
        this.up = up;
        this.down = down;
        clientSide = new Transfer[up.length];
        serverSide = new Transfer[up.length];
    }

    long key(int i, int dir) { return SimSeeds.derive(seed, 50_000L + 2L * i + dir); }

    /** The server's handler: one {@link Transfer} per connection, created when the header is in. */
    TcpHandler server() {
        return new TcpHandler() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { }

            @Override
            public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
                Transfer t = (Transfer) c.attachment();
                if (t != null) return t.consume(c, data, 0);
                if (data.byteSize() < 4) return 0; // wait for the whole header
                int i = data.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN), 0);
                if (i < 0 || i >= up.length || serverSide[i] != null) {
                    errors.add("server: bad or repeated header " + i);
                    c.abort();
                    return (int) data.byteSize();
                }
                t = new Transfer("server#" + i, new byte[0], key(i, 1), down[i], key(i, 0), up[i]);
                t.halfClose = halfClose;
                if (lend) t.lend();
                serverSide[i] = t;
                c.attach(t);
                t.pump(c);
                return 4 + t.consume(c, data, 4);
            }

            @Override public void onWritable(TcpConnection c, long nowNs) { ((Transfer) c.attachment()).onWritable(c); }

            @Override
            public void onPeerClosed(TcpConnection c, long nowNs) {
                Transfer t = (Transfer) c.attachment();
                if (t == null) { errors.add("server: peer closed before its header"); c.close(); }
                else t.onPeerClosed(c);
            }

            @Override
            public void onClosed(TcpConnection c, TcpCloseReason reason, long nowNs) {
                Transfer t = (Transfer) c.attachment();
                if (t != null) t.onClosed(reason);
                else if (reason != TcpCloseReason.CLOSED) errors.add("server: a connection ended " + reason + " before its header");
            }
        };
    }

    /** Opens client connection {@code i} from {@code stack} to {@code ip:port}. */
    TcpConnection connect(KilnStack stack, int ip, int port, TcpOptions options, int i) {
        byte[] header = {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
        Transfer t = new Transfer("client#" + i, header, key(i, 0), up[i], key(i, 1), down[i]);
        t.halfClose = halfClose;
        if (lend) t.lend();
        clientSide[i] = t;
        return stack.tcpConnect(ip, port, options, new TcpHandler() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { t.pump(c); }

            @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return t.consume(c, data, 0); }

            @Override public void onWritable(TcpConnection c, long nowNs) { t.onWritable(c); }

            @Override public void onPeerClosed(TcpConnection c, long nowNs) { t.onPeerClosed(c); }

            @Override public void onClosed(TcpConnection c, TcpCloseReason reason, long nowNs) { t.onClosed(reason); }
        });
    }

    /** The first thing wrong, or null: a wrong byte, a short stream, an unexpected end. */
    String firstWrong() {
        if (!errors.isEmpty()) return errors.get(0);
        for (Transfer[] side : List.of(clientSide, serverSide)) {
            for (Transfer t : side) if (t != null && t.wrong != null) return t.wrong;
        }
        return null;
    }

    boolean allDone() {
        for (int i = 0; i < up.length; i++) {
            if (clientSide[i] == null || serverSide[i] == null || !clientSide[i].done() || !serverSide[i].done()) return false;
        }
        return true;
    }

    /** Compares each stream's digest at its sender and its receiver. @return the first mismatch, or null */
    String digestMismatch() {
        for (int i = 0; i < up.length; i++) {
            String a = clientSide[i].sentDigest(), b = serverSide[i].receivedDigest();
            if (!a.equals(b)) return "stream up#" + i + ": sent sha256 " + a + ", received " + b;
            String c = serverSide[i].sentDigest(), d = clientSide[i].receivedDigest();
            if (!c.equals(d)) return "stream down#" + i + ": sent sha256 " + c + ", received " + d;
        }
        return null;
    }

    long bytesMoved() {
        long n = 0;
        for (int i = 0; i < up.length; i++) {
            if (clientSide[i] != null) n += clientSide[i].received;
            if (serverSide[i] != null) n += serverSide[i].received;
        }
        return n;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < up.length; i++) sb.append("\n    ").append(clientSide[i]).append(" / ").append(serverSide[i]);
        return sb.toString();
    }
}

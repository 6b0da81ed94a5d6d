package dev.kiln.examples.bulk;

import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Source: the client sends an 8-byte big-endian count N (0 ≤ N ≤ {@link #COUNT_MAX}); the appliance
 * sends bytes {@code [0, N)} of {@link Pattern} and closes. Bytes after the count are read and ignored;
 * a count out of range, or a FIN before 8 bytes, gets a reset. {@link PatternSender} does the sending.
 */
final class SourceHandler implements TcpHandler {
    /** 2^50 bytes (1 PiB): a bound that no test reaches and that keeps offsets far from overflow. */
    static final long COUNT_MAX = 1L << 50;
    private static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    @Override
    public void onAccepted(TcpConnection c, long nowNs) { }

    @Override
    public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
        if (c.attachment() != null) return (int) data.byteSize(); // after the count: ignored
        if (data.byteSize() < 8) return 0; // wait for the whole count
        long n = data.get(BE_LONG, 0);
        if (n < 0 || n > COUNT_MAX) {
            c.abort();
            return 8;
        }
        PatternSender p = new PatternSender(n);
        c.attach(p);
        if (p.pump(c)) c.close();
        return 8;
    }

    @Override
    public void onWritable(TcpConnection c, long nowNs) {
        if (((PatternSender) c.attachment()).pump(c)) c.close(); // FIN follows once it is sent
    }

    /** A half-close after the count is normal ({@code shutdown(SHUT_WR)}): keep sending. */
    @Override
    public void onPeerClosed(TcpConnection c, long nowNs) {
        if (c.attachment() == null) c.abort();
    }
}

package dev.kiln.examples.bulk;

import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Sink: consumes everything; at the peer's FIN answers the count of bytes received (8 bytes,
 * big-endian) and closes, so a sender knows when all it sent has arrived (a throughput clock that
 * stops at the receiver, not at the sender's socket buffer).
 */
final class SinkHandler implements TcpHandler {
    private static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** 8 bytes, reused by every connection: write copies it into the connection's send buffer. */
    private final MemorySegment reply = MemorySegment.ofArray(new byte[8]);

    /** Bytes received on one connection. */
    static final class Count {
        long bytes;
    }

    @Override
    public void onAccepted(TcpConnection c, long nowNs) { c.attach(new Count()); }

    @Override
    public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
        ((Count) c.attachment()).bytes += data.byteSize();
        return (int) data.byteSize();
    }

    @Override
    public void onPeerClosed(TcpConnection c, long nowNs) {
        reply.set(BE_LONG, 0, ((Count) c.attachment()).bytes);
        c.write(reply, 0, 8); // a fresh connection's send buffer is empty: 8 bytes always fit (TcpOptions ≥ 8, checked at start)
        c.close();
    }
}

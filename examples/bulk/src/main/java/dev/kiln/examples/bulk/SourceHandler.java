package dev.kiln.examples.bulk;

import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Source: the client sends an 8-byte big-endian count N (0 ≤ N ≤ {@link #COUNT_MAX}); the appliance
 * sends bytes {@code [0, N)} of {@link Pattern} and closes. Bytes after the count are read and ignored;
 * a count out of range, or a FIN before 8 bytes, gets a reset. The pattern is generated into one
 * scratch segment shared by all connections (one loop thread), as much as the send buffer takes.
 */
final class SourceHandler implements TcpHandler {
    /** 2^50 bytes (1 PiB): a bound that no test reaches and that keeps offsets far from overflow. */
    static final long COUNT_MAX = 1L << 50;
    private static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private final MemorySegment scratch;

    SourceHandler(MemorySegment scratch) { this.scratch = scratch; }

    /** One connection: -1 until the count came, then the next offset to send and the end. */
    static final class Flow {
        long next = -1;
        long end;
    }

    @Override
    public void onAccepted(TcpConnection c, long nowNs) { c.attach(new Flow()); }

    @Override
    public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
        Flow f = (Flow) c.attachment();
        if (f.next >= 0) return (int) data.byteSize(); // after the count: ignored
        if (data.byteSize() < 8) return 0; // wait for the whole count
        long n = data.get(BE_LONG, 0);
        if (n < 0 || n > COUNT_MAX) {
            c.abort();
            return 8;
        }
        f.next = 0;
        f.end = n;
        pump(c, f);
        return 8;
    }

    @Override
    public void onWritable(TcpConnection c, long nowNs) { pump(c, (Flow) c.attachment()); }

    /** A half-close after the count is normal ({@code shutdown(SHUT_WR)}): keep sending. */
    @Override
    public void onPeerClosed(TcpConnection c, long nowNs) {
        if (((Flow) c.attachment()).next < 0) c.abort();
    }

    private void pump(TcpConnection c, Flow f) {
        while (f.next < f.end) {
            // Offer at least one byte even when the buffer is full: a write that takes less than
            // offered is what schedules onWritable (TcpConnection#write).
            int len = (int) Math.min(Math.min(Math.max(c.writable(), 1), scratch.byteSize()), f.end - f.next);
            Pattern.fill(scratch, f.next, len);
            int taken = c.write(scratch, 0, len);
            f.next += taken;
            if (taken < len) return; // onWritable follows
        }
        c.close(); // all of it written: FIN follows once it is sent
    }
}

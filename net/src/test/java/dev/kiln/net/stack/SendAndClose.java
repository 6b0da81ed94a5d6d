package dev.kiln.net.stack;

import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;

/** A connection's handler that writes {@code data} as room allows, then closes; {@link #ended} completes with how it ended. */
final class SendAndClose implements TcpHandler {
    final byte[] data;
    final CompletableFuture<TcpCloseReason> ended = new CompletableFuture<>();
    int sent;
    /** Retransmission timeouts, fast recoveries and tail loss probes of the connection as it ended (Kiln's stack only; -1 on another). */
    volatile long timeouts = -1, recoveries = -1, lossProbes = -1;

    SendAndClose(byte[] data) { this.data = data; }

    void push(TcpConnection c) {
        sent += c.write(MemorySegment.ofArray(data), sent, data.length - sent);
        if (sent == data.length) c.close();
    }

    @Override public void onAccepted(TcpConnection c, long nowNs) { push(c); }
    @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return (int) d.byteSize(); }
    @Override public void onWritable(TcpConnection c, long nowNs) { push(c); }
    @Override
    public void onClosed(TcpConnection c, TcpCloseReason r, long nowNs) {
        if (c instanceof KilnTcpConnection k) {
            timeouts = k.tcb.timeouts();
            recoveries = k.tcb.recoveries();
            lossProbes = k.tcb.lossProbes();
        }
        ended.complete(r);
    }
}

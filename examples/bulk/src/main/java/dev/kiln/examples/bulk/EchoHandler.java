package dev.kiln.examples.bulk;

import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import java.lang.foreign.MemorySegment;

/**
 * Echo (RFC 862, over TCP): every byte read is written back, in order. When the send buffer is full
 * the connection pauses reading (the peer's window closes behind it) until {@link #onWritable}.
 */
final class EchoHandler implements TcpHandler {
    @Override
    public void onAccepted(TcpConnection c, long nowNs) { }

    @Override
    public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
        int size = (int) data.byteSize();
        int taken = c.write(data, 0, size);
        if (taken < size) c.pauseReading(); // the rest is offered again after onWritable resumes us
        return taken;
    }

    @Override
    public void onWritable(TcpConnection c, long nowNs) { c.resumeReading(); }

    /** The peer is done sending: what it sent is echoed already (or queued), so close after it. */
    @Override
    public void onPeerClosed(TcpConnection c, long nowNs) { c.close(); }
}

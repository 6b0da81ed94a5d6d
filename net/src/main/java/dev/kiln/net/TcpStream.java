package dev.kiln.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connection as blocking streams, for application code on a virtual thread ({@link TcpStreams#listen},
 * {@link TcpStreams#connect}).
 *
 * <p>Bridging: the loop side ({@link TcpStreams}' handler) copies received bytes into {@link #in}'s
 * ring and sends what writers put into {@link #out}'s ring; both rings are as large as the
 * connection's buffers, so memory stays bounded. The two sides share only this object's lock and
 * never wait on each other while holding it; the loop never blocks (when the in-ring is full it
 * pauses reading, and a reader resumes it through the loop's executor: {@link TcpListener#execute} or
 * {@link NetStack#execute}).
 */
public final class TcpStream implements AutoCloseable {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final java.util.concurrent.Executor loop;
    final TcpConnection conn; // loop thread only
    private final Ring rx, tx;
    private boolean eof, ended, outClosed, closeWanted, paused, flushPosted;
    private TcpCloseReason endReason;
    private final InputStream input = new In();
    private final Out output = new Out();

    TcpStream(java.util.concurrent.Executor loop, TcpConnection conn, int rxBytes, int txBytes) {
        this.loop = loop;
        this.conn = conn;
        this.rx = new Ring(rxBytes);
        this.tx = new Ring(txBytes);
    }

    public InputStream input() { return input; }
    public OutputStream output() { return output; }
    public int remoteAddress() { return conn.remoteAddress(); }
    public int remotePort() { return conn.remotePort(); }

    /** Sends what was written, then FIN, and stops reading. */
    @Override
    public void close() {
        lock.lock();
        try {
            eof = true;
            closeWanted = true;
        } finally { lock.unlock(); }
        output.close();
    }

    /** Discards what is buffered and resets the peer. */
    public void abort() {
        lock.lock();
        try {
            eof = true;
            outClosed = true;
        } finally { lock.unlock(); }
        post(() -> { if (!ended) conn.abort(); });
    }

    private void post(Runnable task) {
        try {
            loop.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the listener or stack is closed: onClosed has ended this stream
        }
    }

    // ---- loop side ----

    /** Takes what fits from {@code data}; pauses the connection when the ring is full. */
    int received(MemorySegment data) {
        lock.lock();
        try {
            int n = rx.put(data, (int) data.byteSize());
            if (n < data.byteSize()) { paused = true; conn.pauseReading(); }
            if (n > 0) changed.signalAll();
            return n;
        } finally { lock.unlock(); }
    }

    /** The reader made room (posted): the connection may have ended meanwhile, and its handle is dead then. */
    private void resume() { if (!ended) conn.resumeReading(); }

    void peerClosed() { end(false, null); }

    void closed(TcpCloseReason reason) { end(true, reason); }

    private void end(boolean all, TcpCloseReason reason) {
        lock.lock();
        try {
            eof = true;
            if (all) { ended = true; endReason = reason; }
            changed.signalAll();
        } finally { lock.unlock(); }
    }

    /** Hands what writers queued to the connection; FIN after the output was closed and drained. */
    void flush() {
        if (ended) return;
        lock.lock();
        try {
            flushPosted = false;
            int taken = tx.drainTo(conn);
            if (taken > 0) changed.signalAll();
            if (outClosed && tx.size == 0) {
                if (closeWanted) conn.close();
                else conn.shutdownOutput();
            }
        } finally { lock.unlock(); }
    }

    // ---- application side ----

    private void await() throws InterruptedIOException {
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting on " + conn);
        }
    }

    private final class In extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) return 0;
            lock.lock();
            try {
                while (rx.size == 0 && !eof) await();
                if (rx.size == 0) {
                    if (ended && endReason != TcpCloseReason.CLOSED) throw new IOException("connection " + endReason.name().toLowerCase() + ": " + conn);
                    return -1;
                }
                int n = rx.take(b, off, len);
                if (paused) { paused = false; post(TcpStream.this::resume); }
                return n;
            } finally { lock.unlock(); }
        }

        @Override
        public int available() {
            lock.lock();
            try { return rx.size; } finally { lock.unlock(); }
        }
    }

    private final class Out extends OutputStream {
        @Override
        public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            lock.lock();
            try {
                while (len > 0) {
                    if (ended || outClosed) throw new IOException("connection " + (outClosed ? "output is closed" : "ended") + ": " + conn);
                    int n = tx.put(MemorySegment.ofArray(b).asSlice(off, len), len);
                    off += n;
                    len -= n;
                    if (n > 0 && !flushPosted) { flushPosted = true; post(TcpStream.this::flush); }
                    if (len > 0) await();
                }
            } finally { lock.unlock(); }
        }

        /** Waits until the loop has handed every written byte to the connection. */
        @Override
        public void flush() throws IOException {
            lock.lock();
            try {
                while (tx.size > 0 && !ended) await();
                if (tx.size > 0) throw new IOException("connection ended before the data was sent: " + conn);
            } finally { lock.unlock(); }
        }

        /** Half-close: FIN after what was written. */
        @Override
        public void close() {
            lock.lock();
            try {
                if (outClosed && !closeWanted) return;
                outClosed = true;
                flushPosted = true;
            } finally { lock.unlock(); }
            post(TcpStream.this::flush);
        }
    }

    /** A byte ring; guarded by the stream's lock. */
    private static final class Ring {
        final byte[] buf;
        final MemorySegment seg;
        int head, size;

        Ring(int capacity) { buf = new byte[capacity]; seg = MemorySegment.ofArray(buf); }

        int put(MemorySegment src, int len) {
            int n = Math.min(len, buf.length - size);
            int tail = (head + size) % buf.length;
            int first = Math.min(n, buf.length - tail);
            MemorySegment.copy(src, 0, seg, tail, first);
            MemorySegment.copy(src, first, seg, 0, n - first);
            size += n;
            return n;
        }

        int take(byte[] b, int off, int len) {
            int n = Math.min(len, size);
            int first = Math.min(n, buf.length - head);
            System.arraycopy(buf, head, b, off, first);
            System.arraycopy(buf, 0, b, off + first, n - first);
            head = (head + n) % buf.length;
            size -= n;
            return n;
        }

        /** Writes the ring's bytes into {@code c} until it takes less than offered. */
        int drainTo(TcpConnection c) {
            int total = 0;
            while (size > 0) {
                int chunk = Math.min(size, buf.length - head);
                int n = c.write(seg, head, chunk);
                head = (head + n) % buf.length;
                size -= n;
                total += n;
                if (n < chunk) break;
            }
            return total;
        }
    }
}

package dev.kiln.net.host;

import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpKeepAlive;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * One connection on the host, accepted or opened ({@link HostStack#tcpConnect}: until the kernel
 * finishes the handshake it waits for OP_CONNECT, and written bytes wait in the send buffer):
 * a non-blocking {@link SocketChannel} with a fixed receive
 * buffer (bytes {@code [0, rxBuf.position())} not yet consumed) and a send buffer of up to
 * {@code txBufferBytes} (bytes {@code [txStart, txStart + txLen)} not yet taken by the kernel) that
 * holds direct memory only while it holds bytes: it grows from the stack's {@link DirectBuffers} as
 * writes need room and goes back to them once the kernel took everything, so idle connections cost
 * their receive buffer only. When the stack's limit leaves no room to grow, a write takes less and
 * {@link TcpHandler#onWritable} follows once another connection gives memory back. Methods the application calls only change
 * state and put the connection on the stack's pending list; the stack does the I/O and the
 * callbacks they cause in {@link #settle}, so no callback ever runs inside one of them.
 */
final class HostTcpConnection implements TcpConnection {
    final HostTcpListener listener; // null for an active open
    final HostStack stack;
    final TcpHandler handler;
    private final int localPort;
    final SocketChannel channel;
    final ByteBuffer rxBuf;
    private final MemorySegment rxSeg;
    private final int txCap;
    private ByteBuffer txBuf; // null while empty
    private MemorySegment txSeg;
    private final int remoteAddr, remotePort;
    SelectionKey key;
    private int txStart, txLen;
    private boolean paused, peerClosed, outShut, outShutDone, closing, aborting, wantWritable, offerDue;
    boolean memoryDue, memoryWaiting; // memory was given back while a write waited for it; on the stack's waiting list
    boolean connecting;
    boolean done, pending;
    long timerNs = Long.MAX_VALUE;
    private Object attachment;

    HostTcpConnection(HostTcpListener listener, SocketChannel channel, ByteBuffer rx, int txCap, int remoteAddr, int remotePort) {
        this(listener.stack, listener, listener.handler, listener.port, channel, rx, txCap, remoteAddr, remotePort);
    }

    HostTcpConnection(HostStack stack, HostTcpListener listener, TcpHandler handler, int localPort, SocketChannel channel, ByteBuffer rx, int txCap,
                      int remoteAddr, int remotePort) {
        this.listener = listener;
        this.stack = stack;
        this.handler = handler;
        this.localPort = localPort;
        this.channel = channel;
        this.rxBuf = rx;
        this.rxSeg = MemorySegment.ofBuffer(rx);
        this.txCap = txCap;
        this.remoteAddr = remoteAddr;
        this.remotePort = remotePort;
    }

    @Override public int remoteAddress() { return remoteAddr; }
    @Override public int remotePort() { return remotePort; }
    @Override public int localPort() { return localPort; }
    @Override public Object attachment() { return attachment; }
    @Override public void attach(Object a) { attachment = a; }

    private void live() {
        if (done) throw new IllegalStateException("TCP connection " + this + " is closed");
    }

    @Override
    public int write(MemorySegment src, long offset, int len) {
        live();
        if (len < 0 || offset < 0 || offset + len > src.byteSize()) {
            throw new IndexOutOfBoundsException("write of " + len + " bytes at " + offset + " is outside the source (" + src.byteSize() + " bytes)");
        }
        if (outShut || closing || aborting) return 0;
        int want = Math.min(len, txCap - txLen);
        if (want > 0 && room() < want) grow(txLen + want);
        int n = Math.min(want, room());
        if (n > 0) {
            if (txStart + txLen + n > txBuf.capacity()) { // the free space wraps: move the unsent bytes to the front
                MemorySegment.copy(txSeg, txStart, txSeg, 0, txLen);
                txStart = 0;
            }
            MemorySegment.copy(src, offset, txSeg, txStart + txLen, n);
            txLen += n;
            stack.pending(this);
        }
        if (n < len) wantWritable = true;
        if (n < want) stack.awaitMemory(this);
        return n;
    }

    private int room() { return txBuf == null ? 0 : txBuf.capacity() - txLen; }

    /** A larger send buffer holding the unsent bytes, as large as {@code need} (a power of two, at most txCap) if the stack's limit allows. */
    private void grow(int need) {
        DirectBuffers pool = stack.buffers();
        for (int size = bufferSize(need); size > txLen && size > (txBuf == null ? 0 : txBuf.capacity()); size = bufferSize(size / 2)) {
            ByteBuffer b = pool.take(size);
            if (b == null) {
                if (size <= TX_MIN) return;
                continue;
            }
            MemorySegment seg = MemorySegment.ofBuffer(b);
            if (txLen > 0) MemorySegment.copy(txSeg, txStart, seg, 0, txLen);
            if (txBuf != null) pool.give(txBuf);
            txBuf = b;
            txSeg = seg;
            txStart = 0;
            return;
        }
    }

    /** Send buffers come in powers of two from {@value #TX_MIN} up to txCap (the last one is txCap itself). */
    private int bufferSize(int need) {
        int p = Math.max(TX_MIN, Integer.highestOneBit(Math.max(1, need - 1)) << 1);
        return Math.min(txCap, p);
    }

    static final int TX_MIN = 16 << 10;

    /** The largest send buffer {@code bytes} of direct memory can be (a size {@link #bufferSize} gives), or 0. */
    private int largestBuffer(long bytes) {
        if (bytes >= txCap) return txCap;
        return bytes < TX_MIN ? 0 : Integer.highestOneBit((int) bytes);
    }

    /** What {@link #write} takes now: the send buffer's free space, as far as the stack's direct-memory limit lets it grow. */
    @Override
    public int writable() {
        if (done || outShut || closing) return 0;
        long canHold = Math.max(room() + txLen, largestBuffer(stack.buffers().availableBytes()));
        return (int) Math.max(0, Math.min(txCap, canHold) - txLen);
    }

    @Override public int unsent() { return txLen; }

    @Override
    public void pauseReading() { live(); paused = true; stack.pending(this); }

    @Override
    public void resumeReading() {
        live();
        paused = false;
        offerDue = rxBuf.position() > 0;
        stack.pending(this);
    }

    @Override public void shutdownOutput() { live(); outShut = true; stack.pending(this); }
    @Override public void close() { live(); closing = true; stack.pending(this); }
    @Override public void abort() { live(); aborting = true; stack.pending(this); }

    @Override public void keepAlive(TcpKeepAlive k) { live(); HostKeepAlive.set(channel, k, toString()); }
    @Override public TcpKeepAlive keepAlive() { return done ? null : HostKeepAlive.get(channel); }

    @Override
    public void timerAt(long atNs) {
        live();
        timerNs = atNs;
        stack.timerAt(atNs);
    }

    // ---- driven by the stack, on the loop thread ----

    void callAccepted(long nowNs) {
        try {
            handler.onAccepted(this, nowNs);
        } catch (RuntimeException e) {
            handlerFailed();
        }
        settle(nowNs);
    }

    /** The selector reported the channel ready. */
    void ready(SelectionKey k, long nowNs) {
        if (done) return;
        if (connecting) {
            if (k.isConnectable()) connected(nowNs);
            return;
        }
        if (k.isWritable()) flush(nowNs);
        if (!done && k.isReadable() && readsSocket()) read(nowNs);
        settle(nowNs);
    }

    private boolean readsSocket() { return !paused && !peerClosed && !closing && !aborting && rxBuf.hasRemaining(); }

    private void read(long nowNs) {
        int n;
        try {
            n = channel.read(rxBuf);
        } catch (IOException e) {
            stack.count(HostCounter.DROP_TCP_RESET, 1);
            finish(reasonOf(e), false, nowNs);
            return;
        }
        if (n < 0) {
            peerClosed = true;
            rxBuf.clear(); // an incomplete message left unconsumed is dropped (TcpHandler.onPeerClosed)
            try {
                handler.onPeerClosed(this, nowNs);
            } catch (RuntimeException e) {
                handlerFailed();
            }
            return;
        }
        stack.count(HostCounter.TCP_RX_BYTES, n);
        offer(nowNs);
    }

    private void offer(long nowNs) {
        offerDue = false;
        int have = rxBuf.position();
        if (have == 0 || paused || closing || aborting || done) return;
        int used;
        try {
            used = handler.onReadable(this, rxSeg.asSlice(0, have), nowNs);
        } catch (RuntimeException e) {
            handlerFailed();
            return;
        }
        if (used < 0 || used > have) { handlerFailed(); return; } // a broken handler: consumed bytes it was not given
        if (used > 0) {
            MemorySegment.copy(rxSeg, used, rxSeg, 0, have - used);
            rxBuf.position(have - used);
        }
    }

    /** The kernel finished (or failed) the handshake of an active open. */
    private void connected(long nowNs) {
        try {
            if (!channel.finishConnect()) return;
        } catch (IOException e) {
            finish(reasonOf(e), false, nowNs);
            return;
        }
        connecting = false;
        stack.count(HostCounter.TCP_CONNECTED, 1);
        stack.timerAt(timerNs); // a timer asked for while connecting
        callAccepted(nowNs);
    }

    private void flush(long nowNs) {
        if (txLen == 0 || connecting) return;
        txBuf.limit(txStart + txLen).position(txStart);
        int n;
        try {
            n = channel.write(txBuf);
        } catch (IOException e) {
            stack.count(HostCounter.DROP_TCP_RESET, 1);
            finish(reasonOf(e), false, nowNs);
            return;
        }
        if (n > 0) {
            txStart += n;
            txLen -= n;
            if (txLen == 0) releaseTx(); // the kernel has it all: the memory goes back until the next write
            stack.count(HostCounter.TCP_TX_BYTES, n);
            if (wantWritable && !closing && !aborting && !outShut) {
                wantWritable = false;
                try {
                    handler.onWritable(this, nowNs);
                } catch (RuntimeException e) {
                    handlerFailed();
                }
            }
        }
    }

    /** Gives the send buffer back to the stack (it is empty, or the connection ended). */
    void releaseTx() {
        if (txBuf == null) return;
        stack.buffers().give(txBuf);
        txBuf = null;
        txSeg = null;
        txStart = txLen = 0;
        stack.memoryFreed();
    }

    /** Memory came back while a write waited for it: room to write again. */
    private void memoryReturned(long nowNs) {
        memoryDue = false;
        if (!wantWritable || closing || aborting || outShut || done) return;
        wantWritable = false;
        try {
            handler.onWritable(this, nowNs);
        } catch (RuntimeException e) {
            handlerFailed();
        }
    }

    /** Does the I/O and callbacks the connection's state asks for, then sets its selector interest. */
    void settle(long nowNs) {
        if (connecting && !done) {
            // ended before it was established: onClosed alone, nothing queued is sent (RFC 9293 §3.10.4, SYN-SENT)
            if (aborting || closing) finish(aborting ? TcpCloseReason.ABORTED : TcpCloseReason.CLOSED, true, nowNs);
            else if (key.isValid()) key.interestOps(SelectionKey.OP_CONNECT);
            return;
        }
        for (int round = 0; round < 4 && !done; round++) { // callbacks may change the state again; bounded
            if (aborting) { finish(TcpCloseReason.ABORTED, true, nowNs); return; }
            if (offerDue) offer(nowNs);
            if (memoryDue) memoryReturned(nowNs);
            flush(nowNs);
            if (done) return;
            if ((outShut || closing) && txLen == 0 && !outShutDone) {
                outShutDone = true;
                try {
                    channel.shutdownOutput();
                } catch (IOException e) {
                    // the peer is gone; closing below or the next read reports it
                }
            }
            if (closing && txLen == 0) { finish(TcpCloseReason.CLOSED, false, nowNs); return; }
            if (!offerDue && !memoryDue && !aborting) break;
        }
        if (done) return;
        int ops = (readsSocket() ? SelectionKey.OP_READ : 0) | (txLen > 0 ? SelectionKey.OP_WRITE : 0);
        if (key.isValid() && key.interestOps() != ops) key.interestOps(ops);
    }

    void timer(long nowNs) {
        if (done || connecting || timerNs > nowNs) return; // onTimer only after onAccepted
        timerNs = Long.MAX_VALUE;
        try {
            handler.onTimer(this, nowNs);
        } catch (RuntimeException e) {
            handlerFailed();
        }
        settle(nowNs);
    }

    private void handlerFailed() {
        stack.count(HostCounter.DROP_TCP_HANDLER_ERROR, 1);
        aborting = true;
    }

    /** Ends the connection: closes the channel (with RST if {@code reset}), returns the buffers, reports onClosed once. */
    void finish(TcpCloseReason reason, boolean reset, long nowNs) {
        if (done) return;
        done = true;
        if (key != null) key.cancel();
        stack.cancelled();
        releaseTx();
        if (reset) reset(channel);
        else HostStack.closeQuietly(channel);
        if (listener != null) listener.released(this);
        else stack.released(this);
        stack.count(HostCounter.TCP_CLOSED, 1);
        try {
            handler.onClosed(this, reason, nowNs);
        } catch (RuntimeException e) {
            stack.count(HostCounter.DROP_TCP_HANDLER_ERROR, 1);
        }
    }

    /**
     * What the kernel's error means in the contract's terms (the JDK gives only strerror's text): ECONNREFUSED,
     * ETIMEDOUT (retransmissions or keep-alive probes ran out), EHOSTUNREACH / ENETUNREACH / EHOSTDOWN /
     * ENOPROTOOPT (an ICMP error, as Kiln's UNREACHABLE), else a reset.
     */
    static TcpCloseReason reasonOf(IOException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (m.contains("refused")) return TcpCloseReason.REFUSED;
        if (m.contains("timed out")) return TcpCloseReason.TIMED_OUT;
        if (m.contains("no route") || m.contains("unreachable") || m.contains("host is down") || m.contains("protocol not available"))
            return TcpCloseReason.UNREACHABLE;
        return TcpCloseReason.RESET;
    }

    /** Closes with SO_LINGER 0: the kernel resets the peer instead of sending FIN. */
    static void reset(SocketChannel ch) {
        try {
            ch.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | RuntimeException e) {
            // already closed or reset
        }
        HostStack.closeQuietly(ch);
    }

    @Override
    public String toString() { return "host-tcp:" + dev.kiln.net.Ipv4.format(remoteAddr) + ":" + remotePort + "<->" + localPort; }
}

package dev.kiln.net.host;

import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;

/**
 * A listening TCP port on the host: a non-blocking {@link ServerSocketChannel} on the stack's
 * selector. Accepts within {@link TcpOptions}: a connection over {@code connectionsMax} or
 * {@code buffersBytesMax} is reset at once and counted. Connection buffers are direct and pooled,
 * so a steady stream of connections allocates no buffers.
 */
final class HostTcpListener implements TcpListener {
    final HostStack stack;
    final ServerSocketChannel channel;
    final TcpOptions options;
    final TcpHandler handler;
    final int port;
    final Set<HostTcpConnection> open = new LinkedHashSet<>();
    private long bufferBytes;
    SelectionKey key;
    boolean closed;
    /** After a failed accept (EMFILE, or a seal refusing accept4), accepting pauses until then: no busy loop. */
    long acceptAgainAtNs = Long.MAX_VALUE;
    static final long ACCEPT_BACKOFF_NS = 100_000_000L;

    HostTcpListener(HostStack stack, ServerSocketChannel channel, TcpOptions options, TcpHandler handler, int port) {
        this.stack = stack;
        this.channel = channel;
        this.options = options;
        this.handler = handler;
        this.port = port;
    }

    @Override
    public int port() { return port; }

    @Override
    public int connections() { return open.size(); }

    @Override
    public void execute(Runnable task) {
        if (closed) throw new RejectedExecutionException("TCP listener on port " + port + " is closed");
        stack.post(task);
    }

    /** Accepts what is waiting, up to the turn's budget. */
    void accept(long nowNs) {
        while (!closed && stack.takeBudget()) {
            SocketChannel ch;
            try {
                ch = channel.accept();
            } catch (IOException e) {
                stack.count(HostCounter.DROP_TCP_ACCEPT_ERROR, 1);
                if (key.isValid()) key.interestOps(0);
                acceptAgainAtNs = nowNs + ACCEPT_BACKOFF_NS;
                stack.timerAt(acceptAgainAtNs);
                return;
            }
            if (ch == null) return;
            long need = (long) options.rxBufferBytes() + options.txBufferBytes();
            if (open.size() >= options.connectionsMax()) refuse(ch, HostCounter.DROP_TCP_CONN_LIMIT);
            else if (bufferBytes + need > options.buffersBytesMax()) refuse(ch, HostCounter.DROP_TCP_BUFFER_LIMIT);
            else admit(ch, need, nowNs);
        }
    }

    /** The backoff after a failed accept is over: listen for connections again. */
    void timer(long nowNs) {
        if (acceptAgainAtNs > nowNs || closed) return;
        acceptAgainAtNs = Long.MAX_VALUE;
        if (key.isValid()) key.interestOps(SelectionKey.OP_ACCEPT);
    }

    private void admit(SocketChannel ch, long need, long nowNs) {
        ByteBuffer rx = stack.buffers().take(options.rxBufferBytes()); // the send buffer comes when there is something to send
        if (rx == null) { refuse(ch, HostCounter.DROP_TCP_BUFFER_LIMIT); return; } // the stack's direct memory is spent
        HostTcpConnection c;
        try {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
            c = new HostTcpConnection(this, ch, rx, options.txBufferBytes(), remote.getAddress().hashCode(), remote.getPort());
            c.key = ch.register(stack.selector(), SelectionKey.OP_READ, c);
        } catch (IOException e) {
            stack.count(HostCounter.DROP_TCP_ACCEPT_ERROR, 1);
            stack.buffers().give(rx);
            HostStack.closeQuietly(ch);
            return;
        }
        bufferBytes += need;
        open.add(c);
        stack.count(HostCounter.TCP_ACCEPTED, 1);
        c.callAccepted(nowNs);
    }

    private void refuse(SocketChannel ch, HostCounter why) {
        stack.count(why, 1);
        HostTcpConnection.reset(ch);
    }

    /** A connection ended (its send buffer went back already): its receive buffer goes back to the stack. */
    void released(HostTcpConnection c) {
        if (!open.remove(c)) return;
        bufferBytes -= (long) options.rxBufferBytes() + options.txBufferBytes();
        stack.buffers().give(c.rxBuf);
        stack.memoryFreed();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (HostTcpConnection c : open.toArray(HostTcpConnection[]::new)) c.finish(TcpCloseReason.STACK_CLOSED, true, stack.lastNowNs());
        stack.unlisten(this); // also deregisters the connections' cancelled keys
    }

    @Override
    public String toString() { return "host-tcp-listener:" + port; }
}

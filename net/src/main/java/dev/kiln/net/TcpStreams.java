package dev.kiln.net;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The blocking facade: each accepted connection becomes a {@link TcpStream} handed to
 * {@code session} on a new virtual thread ({@link #connect} gives one for an outgoing connection), for code that wants {@code InputStream}/{@code OutputStream}
 * rather than callbacks. The stack itself stays on its loop thread (DESIGN.md §2.5).
 * The stream is closed (in order) when {@code session} returns, and aborted if it throws.
 */
public final class TcpStreams {
    private TcpStreams() {}

    /** Listens on {@code port} of {@code stack} (call on the loop thread, or before the loop runs). */
    public static TcpListener listen(NetStack stack, int port, TcpOptions options, Consumer<TcpStream> session) {
        Handler h = new Handler(options, session);
        TcpListener l = stack.tcpListen(port, options, h);
        h.loop = l;
        return l;
    }

    /**
     * Connects to {@code remoteIp:remotePort} through {@code stack} ({@link NetStack#tcpConnect}) and
     * blocks until the connection is established. Call from any thread but the loop's (a virtual
     * thread, typically); the stack must be running and have an executor ({@link NetStack#execute}).
     *
     * @throws IOException if the peer refused, did not answer, or the stack closed meanwhile
     */
    public static TcpStream connect(NetStack stack, int remoteIp, int remotePort, TcpOptions options) throws IOException {
        CompletableFuture<TcpStream> established = new CompletableFuture<>();
        Handler h = new Handler(options, null);
        h.loop = stack::execute;
        h.established = established;
        String where = Ipv4.format(remoteIp) + ":" + remotePort;
        stack.execute(() -> {
            try {
                stack.tcpConnect(remoteIp, remotePort, options, h);
            } catch (RuntimeException e) {
                established.completeExceptionally(e);
            }
        });
        try {
            return established.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while connecting to " + where);
        } catch (ExecutionException e) {
            throw new IOException("cannot connect to " + where + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    private static final class Handler implements TcpHandler {
        final TcpOptions options;
        final Consumer<TcpStream> session; // null for a connect: the caller gets the stream
        Executor loop;
        CompletableFuture<TcpStream> established;

        Handler(TcpOptions options, Consumer<TcpStream> session) {
            this.options = options;
            this.session = session;
        }

        @Override
        public void onAccepted(TcpConnection c, long nowNs) {
            TcpStream s = new TcpStream(loop, c, options.rxBufferBytes(), options.txBufferBytes());
            c.attach(s);
            if (established != null) {
                established.complete(s);
                return;
            }
            Thread.ofVirtual().name("tcp-" + Ipv4.format(c.remoteAddress()) + ":" + c.remotePort()).start(() -> {
                try {
                    session.accept(s);
                } catch (RuntimeException | Error e) {
                    s.abort();
                    return;
                }
                s.close();
            });
        }

        @Override
        public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return ((TcpStream) c.attachment()).received(data); }

        @Override
        public void onWritable(TcpConnection c, long nowNs) { ((TcpStream) c.attachment()).flush(); }

        @Override
        public void onPeerClosed(TcpConnection c, long nowNs) { ((TcpStream) c.attachment()).peerClosed(); }

        @Override
        public void onClosed(TcpConnection c, TcpCloseReason reason, long nowNs) {
            if (c.attachment() == null) { // a connect that never got established
                if (established != null) established.completeExceptionally(new IOException("connection " + reason.name().toLowerCase(java.util.Locale.ROOT)));
                return;
            }
            ((TcpStream) c.attachment()).closed(reason);
            c.attach(null);
        }
    }
}

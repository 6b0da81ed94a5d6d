package dev.kiln.net;

import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/**
 * The blocking facade: each accepted connection becomes a {@link TcpStream} handed to
 * {@code session} on a new virtual thread, for code that wants {@code InputStream}/{@code OutputStream}
 * rather than callbacks. The stack itself stays on its loop thread (DESIGN.md §2.5).
 * The stream is closed (in order) when {@code session} returns, and aborted if it throws.
 */
public final class TcpStreams {
    private TcpStreams() {}

    /** Listens on {@code port} of {@code stack} (call on the loop thread, or before the loop runs). */
    public static TcpListener listen(NetStack stack, int port, TcpOptions options, Consumer<TcpStream> session) {
        Handler h = new Handler(options, session);
        h.listener = stack.tcpListen(port, options, h);
        return h.listener;
    }

    private static final class Handler implements TcpHandler {
        final TcpOptions options;
        final Consumer<TcpStream> session;
        TcpListener listener;

        Handler(TcpOptions options, Consumer<TcpStream> session) {
            this.options = options;
            this.session = session;
        }

        @Override
        public void onAccepted(TcpConnection c, long nowNs) {
            TcpStream s = new TcpStream(listener, c, options.rxBufferBytes(), options.txBufferBytes());
            c.attach(s);
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
            ((TcpStream) c.attachment()).closed(reason);
            c.attach(null);
        }
    }
}

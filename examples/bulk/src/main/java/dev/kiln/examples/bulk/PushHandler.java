package dev.kiln.examples.bulk;

import dev.kiln.net.NetStack;
import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpOptions;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Push (the active-open mode), on a control port: the client sends a 2-byte big-endian port P and an
 * 8-byte big-endian count N; the appliance opens a connection ({@link NetStack#tcpConnect}) to the
 * client's own address at port P, sends bytes {@code [0, N)} of {@link Pattern} and closes it. When that
 * connection is over, the control connection gets 9 bytes — a status ({@link #OK} closed in order,
 * {@link #REFUSED}, {@link #TIMED_OUT}, {@link #FAILED} reset or aborted, {@link #UNSUPPORTED} no active
 * open on this target) and the count of bytes handed to the stack (8 bytes big-endian) — and is closed.
 * Only the asking address is ever connected to: the control port cannot aim the appliance elsewhere.
 */
final class PushHandler implements TcpHandler {
    static final byte OK = 0, REFUSED = 1, TIMED_OUT = 2, FAILED = 3, UNSUPPORTED = 4;
    private static final ValueLayout.OfLong BE_LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfShort BE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private final NetStack net;
    private final TcpOptions options;
    /** 9 bytes, reused: write copies it into the control connection's send buffer. */
    private final MemorySegment reply = MemorySegment.ofArray(new byte[9]);

    PushHandler(NetStack net, TcpOptions options) {
        this.net = net;
        this.options = options;
    }

    /** One push: the control connection (null once it closed) and what the outgoing one sent. */
    private static final class Push {
        TcpConnection control;
        PatternSender sender;
    }

    @Override
    public void onAccepted(TcpConnection c, long nowNs) {
        Push p = new Push();
        p.control = c;
        c.attach(p);
    }

    @Override
    public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
        Push p = (Push) c.attachment();
        if (p.sender != null) return (int) data.byteSize(); // after the request: ignored
        if (data.byteSize() < 10) return 0;
        int port = Short.toUnsignedInt(data.get(BE_SHORT, 0));
        long n = data.get(BE_LONG, 2);
        if (port == 0 || n < 0 || n > SourceHandler.COUNT_MAX) {
            c.abort();
            return 10;
        }
        p.sender = new PatternSender(n);
        try {
            net.tcpConnect(c.remoteAddress(), port, options, new Out(p));
        } catch (UnsupportedOperationException e) {
            answer(p, UNSUPPORTED);
        } catch (IllegalStateException e) {
            answer(p, FAILED); // no local port free, or the stack is closing
        }
        return 10;
    }

    /** The control connection is done sending: the push goes on; its result is still written. */
    @Override
    public void onPeerClosed(TcpConnection c, long nowNs) { }

    @Override
    public void onClosed(TcpConnection c, TcpCloseReason reason, long nowNs) { ((Push) c.attachment()).control = null; }

    private void answer(Push p, byte status) {
        if (p.control == null) return; // the client went away
        reply.set(ValueLayout.JAVA_BYTE, 0, status);
        reply.set(BE_LONG, 1, p.sender.next);
        p.control.write(reply, 0, 9); // nothing else was written on it: 9 bytes fit
        p.control.close();
    }

    /** The outgoing connection of one push. */
    private final class Out implements TcpHandler {
        private final Push push;

        Out(Push push) { this.push = push; }

        @Override
        public void onAccepted(TcpConnection c, long nowNs) {
            if (push.sender.pump(c)) c.close();
        }

        @Override
        public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return (int) data.byteSize(); }

        @Override
        public void onWritable(TcpConnection c, long nowNs) {
            if (push.sender.pump(c)) c.close();
        }

        /** The receiver half-closing does not stop the push. */
        @Override
        public void onPeerClosed(TcpConnection c, long nowNs) { }

        @Override
        public void onClosed(TcpConnection c, TcpCloseReason reason, long nowNs) {
            answer(push, switch (reason) {
                case CLOSED -> push.sender.next == push.sender.end ? OK : FAILED;
                case REFUSED -> REFUSED;
                case TIMED_OUT -> TIMED_OUT;
                default -> FAILED;
            });
        }
    }
}

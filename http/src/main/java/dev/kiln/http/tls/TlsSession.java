package dev.kiln.http.tls;

import dev.kiln.http.ByteSession;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;

/**
 * TLS around a {@link ByteSession}, sans-I/O: TLS records in ({@link #receive}), records out
 * ({@link #drain}), with a JSSE {@link SSLEngine} in between and the inner session (HTTP) seeing
 * plaintext only. The engine's delegated tasks run inline, on the caller's (loop) thread.
 *
 * <pre>
 *   receive: src ─▶ netIn ─unwrap─▶ appIn ─▶ inner.receive
 *   drain:   inner.drain ─▶ appOut ─wrap─▶ netOut ─▶ dst
 * </pre>
 * Four fixed buffers, each the engine's record or plaintext size: a connection holds at most one
 * record each way beyond what the inner session and the transport hold, and receives fewer bytes
 * when the inner session stops taking plaintext (back-pressure through to the transport).
 *
 * <p>Hostile bytes: a record the engine refuses (bad record, failed handshake, protocol version,
 * ALPN mismatch) makes it queue a fatal alert; the session sends that alert, counts the failure in
 * its {@link TlsServer} and closes. The engine's exceptions never escape.
 *
 * <p>Closing: when the inner session is done the session sends close_notify (RFC 8446 §6.1) and
 * then asks to close; a peer's close_notify or FIN ends the input (the inner session answers what
 * it already has).
 */
public final class TlsSession implements ByteSession {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final TlsServer server;
    private final SSLEngine engine;
    private final ByteSession inner;
    private final TlsServer.ServerNameCheck sni;
    private final ByteBuffer netIn, appIn;    // write mode: [0, position) held
    private final ByteBuffer netOut, appOut;  // read mode: [position, limit) to send / to wrap
    private boolean handshaken, failed, inputDone, closeSent, closing, named;

    TlsSession(TlsServer server, SSLEngine engine, ByteSession inner, TlsServer.ServerNameCheck sni) {
        this.server = server;
        this.engine = engine;
        this.inner = inner;
        this.sni = sni;
        int packet = engine.getSession().getPacketBufferSize(), app = engine.getSession().getApplicationBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.appIn = ByteBuffer.allocate(app);
        this.netOut = ByteBuffer.allocate(packet).flip();
        this.appOut = ByteBuffer.allocate(app).flip();
    }

    /** True once the handshake completed. */
    public boolean handshaken() { return handshaken; }

    /** The negotiated protocol ({@code TLSv1.3}, {@code TLSv1.2}) after the handshake, else null. */
    public String protocol() { return handshaken ? engine.getSession().getProtocol() : null; }

    /** The server_name the client sent (SNI), "" if none; null before the handshake. */
    public String serverName() { return handshaken ? sni.requested() : null; }

    /** The ALPN protocol chosen ({@code http/1.1}), "" if the client offered none, null before the handshake. */
    public String applicationProtocol() { return handshaken ? engine.getApplicationProtocol() : null; }

    @Override
    public int receive(ByteBuffer src, long nowNs) {
        int start = src.position();
        if (failed || inputDone) {
            src.position(src.limit()); // nothing more is read: discard
            return src.position() - start;
        }
        while (src.hasRemaining()) {
            int k = Math.min(src.remaining(), netIn.remaining());
            netIn.put(netIn.position(), src, src.position(), k);
            netIn.position(netIn.position() + k);
            src.position(src.position() + k);
            unwrap(nowNs);
            if (k == 0 || failed || inputDone) break;
        }
        if (failed || inputDone) src.position(src.limit());
        return src.position() - start;
    }

    /** Unwraps what netIn holds as far as the inner session takes the plaintext. */
    private void unwrap(long nowNs) {
        netIn.flip();
        try {
            while (!failed && !inputDone) {
                feedInner(nowNs);
                SSLEngineResult r = engine.unwrap(netIn, appIn);
                runTasks();
                finished(r.getHandshakeStatus());
                switch (r.getStatus()) {
                    case BUFFER_UNDERFLOW -> { return; }              // a partial record: wait for more bytes
                    case BUFFER_OVERFLOW -> {                         // the inner session holds plaintext it has not taken
                        if (!feedInner(nowNs)) return;
                        continue;
                    }
                    case CLOSED -> {                                  // the peer's close_notify
                        server.count(TlsServer.CLOSE_NOTIFY_RECEIVED);
                        endInput(nowNs);
                        return;
                    }
                    case OK -> { }
                }
                if (r.bytesConsumed() == 0 && r.bytesProduced() == 0) return; // the engine wants to wrap first, or has nothing
            }
        } catch (SSLException | RuntimeException e) {
            fail(e);
        } finally {
            netIn.compact();
            feedInner(nowNs);
        }
    }

    /** Offers held plaintext to the inner session; true if it took some. */
    private boolean feedInner(long nowNs) {
        if (appIn.position() == 0) return false;
        if (!named) {            // plaintext comes after the ClientHello, so its server_name is known: tell the inner session first
            named = true;        // (in TLS 1.3 the request may be unwrapped before the engine reports the handshake FINISHED)
            inner.tlsServerName(sni.requested());
        }
        appIn.flip();
        int took = inner.receive(appIn, nowNs);
        appIn.compact();
        return took > 0;
    }

    private void runTasks() {
        for (Runnable t; (t = engine.getDelegatedTask()) != null; ) t.run();
    }

    private void finished(HandshakeStatus hs) {
        if (hs == HandshakeStatus.FINISHED && !handshaken) {
            handshaken = true;
            server.handshake(engine.getSession().getProtocol(), engine);
        }
    }

    private void fail(Exception e) {
        if (failed) return;
        failed = true;
        closing = true;
        server.failed(handshaken, e);
    }

    private void endInput(long nowNs) {
        inputDone = true;
        closing = true;
        inner.receiveEof(nowNs);
    }

    @Override
    public void receiveEof(long nowNs) {
        if (inputDone || failed) { closing = true; return; }
        try {
            engine.closeInbound(); // without the peer's close_notify: a truncation (RFC 8446 §6.1), counted
        } catch (SSLException e) {
            server.count(TlsServer.TRUNCATED);
        }
        endInput(nowNs);
    }

    @Override
    public int drain(ByteBuffer dst, long nowNs) {
        if (netIn.position() > 0 && !failed && !inputDone) unwrap(nowNs); // output moved: held input may go on now
        else feedInner(nowNs);
        int n = 0;
        while (dst.hasRemaining()) {
            if (!netOut.hasRemaining() && !produce(nowNs)) break;
            int k = Math.min(dst.remaining(), netOut.remaining());
            dst.put(dst.position(), netOut, netOut.position(), k);
            dst.position(dst.position() + k);
            netOut.position(netOut.position() + k);
            n += k;
        }
        return n;
    }

    /** Fills netOut with the next records: handshake, alert, application data or close_notify. False if there is nothing. */
    private boolean produce(long nowNs) {
        if (closeSent || engine.isOutboundDone()) return false;
        netOut.clear();
        try {
            if (failed) {                                     // the engine queued a fatal alert: send it, then nothing more
                engine.closeOutbound();
                closeSent = true;
                engine.wrap(EMPTY, netOut);
            } else if (closing && !handshaken) {              // idle or the peer left during the handshake: end it
                engine.closeOutbound();
                closeSent = true;
                engine.wrap(EMPTY, netOut);
            } else if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                finished(engine.wrap(EMPTY, netOut).getHandshakeStatus());
                runTasks();
            } else if (handshaken || engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                if (!appOut.hasRemaining()) {
                    appOut.clear();
                    inner.drain(appOut, nowNs);
                    appOut.flip();
                }
                if (appOut.hasRemaining()) {
                    engine.wrap(appOut, netOut);
                } else if (inner.shouldClose() || closing) {
                    closing = true;
                    engine.closeOutbound();                   // close_notify
                    closeSent = true;
                    engine.wrap(EMPTY, netOut);
                }
            }
        } catch (SSLException | RuntimeException e) {
            fail(e);
            closeSent = true; // the engine cannot even produce its alert: close without it
        }
        netOut.flip();
        return netOut.hasRemaining();
    }

    @Override
    public long pendingOutput() {
        long n = netOut.remaining() + appOut.remaining();
        if (closeSent) return n;
        if (failed || engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) return n + 1;
        if (handshaken) n += inner.pendingOutput();
        if (closing || inner.shouldClose()) n += 1; // close_notify
        return n;
    }

    @Override
    public boolean shouldClose() {
        return !netOut.hasRemaining() && (closeSent || engine.isOutboundDone());
    }

    @Override
    public long pollAtNs() { return inner.pollAtNs(); }

    @Override
    public void poll(long nowNs) {
        inner.poll(nowNs);
        if (inner.shouldClose()) closing = true;
    }
}

package dev.kiln.http.tls;

import dev.kiln.http.ByteSession;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * Test driver: a JSSE client engine talking to a server {@link ByteSession} (a {@link TlsSession})
 * through memory. Records go to the server in pieces of {@code chunk} bytes, so a record can be cut
 * anywhere; {@link #run} moves bytes both ways until nothing moves.
 */
final class TlsPair {
    final SSLEngine client;
    final ByteSession server;
    final int chunk;
    private final ByteBuffer pendingPlain = ByteBuffer.allocate(1 << 20).flip();
    private final ByteBuffer fromServer = ByteBuffer.allocate(1 << 20);
    private final ByteArrayOutputStream toServer = new ByteArrayOutputStream();
    final ByteArrayOutputStream clientGot = new ByteArrayOutputStream();
    final ByteArrayOutputStream serverSentRaw = new ByteArrayOutputStream();
    SSLException clientError;
    long nowNs = 1_000_000_000L;

    TlsPair(SSLEngine client, ByteSession server, int chunk) {
        this.client = client;
        this.server = server;
        this.chunk = chunk;
        try {
            client.beginHandshake();
        } catch (SSLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Queues plaintext for the client to send once its handshake is done. */
    TlsPair send(String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer n = ByteBuffer.allocate(pendingPlain.remaining() + b.length).put(pendingPlain).put(b).flip();
        pendingPlain.clear().put(n).flip();
        return this;
    }

    String got() { return clientGot.toString(StandardCharsets.ISO_8859_1); }

    /** Moves bytes until nothing moves (bounded). */
    TlsPair run() {
        try {
            for (int round = 0; round < 10_000; round++) {
                boolean moved = clientWrap();
                moved |= deliver();
                moved |= serverDrain();
                moved |= clientUnwrap();
                if (!moved) return this;
            }
            throw new AssertionError("the exchange does not settle");
        } catch (SSLException e) {
            clientError = e;
            return this;
        }
    }

    private boolean clientWrap() throws SSLException {
        if (client.isOutboundDone()) return false;
        ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        boolean app = client.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
        if (!app && client.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NEED_WRAP) return false;
        if (app && !pendingPlain.hasRemaining()) return false;
        client.wrap(app ? pendingPlain : ByteBuffer.allocate(0), out);
        tasks();
        out.flip();
        toServer.write(out.array(), 0, out.limit());
        return out.limit() > 0;
    }

    /** Closes the client's side: its close_notify is delivered at the next {@link #run}. */
    TlsPair closeClient() throws SSLException {
        client.closeOutbound();
        ByteBuffer out = ByteBuffer.allocate(client.getSession().getPacketBufferSize());
        client.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        toServer.write(out.array(), 0, out.limit());
        return this;
    }

    /** Raw bytes for the server, as if from the network. */
    TlsPair raw(byte[] b) {
        toServer.write(b, 0, b.length);
        return this;
    }

    private boolean deliver() {
        byte[] all = toServer.toByteArray();
        if (all.length == 0) return false;
        int off = 0;
        while (off < all.length) {
            ByteBuffer piece = ByteBuffer.wrap(all, off, Math.min(chunk, all.length - off));
            int took = server.receive(piece, nowNs);
            off += took;
            if (took == 0) break;
        }
        toServer.reset();
        toServer.write(all, off, all.length - off);
        return off > 0;
    }

    private boolean serverDrain() {
        int before = fromServer.position();
        ByteBuffer room = fromServer.slice(fromServer.position(), fromServer.remaining()).limit(Math.min(fromServer.remaining(), 5000));
        int n = server.drain(room, nowNs);
        serverSentRaw.write(fromServer.array(), before, n);
        fromServer.position(before + n);
        return n > 0;
    }

    private boolean clientUnwrap() throws SSLException {
        fromServer.flip();
        boolean moved = false;
        ByteBuffer plain = ByteBuffer.allocate(client.getSession().getApplicationBufferSize());
        while (fromServer.hasRemaining() && !client.isInboundDone()) {
            SSLEngineResult r = client.unwrap(fromServer, plain);
            tasks();
            plain.flip();
            clientGot.write(plain.array(), 0, plain.limit());
            plain.clear();
            if (r.bytesConsumed() > 0) moved = true;
            if (r.getStatus() != SSLEngineResult.Status.OK || r.bytesConsumed() == 0) break;
        }
        fromServer.compact();
        return moved;
    }

    private void tasks() {
        for (Runnable t; (t = client.getDelegatedTask()) != null; ) t.run();
    }
}

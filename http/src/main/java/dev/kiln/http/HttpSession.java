package dev.kiln.http;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One HTTP/1.1 connection, sans-I/O: bytes in ({@link #receive}), bytes out ({@link #drain}), time in
 * ({@link #poll}), the next deadline out ({@link #pollAtNs}). Runs on any byte stream: Kiln TCP, a
 * host socket, a test. Requests are answered in order (pipelining, RFC 9112 §9.3.2); the connection
 * persists per RFC 9112 §9.3 (HTTP/1.1 unless "close"; HTTP/1.0 only with "keep-alive"); an error
 * (400, 408, 413, 414, 431, 501, 505) is answered and then the connection closes (§9.6).
 *
 * <p>A head must be complete within {@link HttpLimits#idleNs} of its first byte, however the
 * bytes trickle in (slowloris); a body only needs a byte per idle period.
 *
 * <p>Bounded: input is buffered up to one head plus 4 KiB (starting at 2 KiB) ({@link #receive} takes fewer bytes when
 * full, the transport keeps the rest); queued output above {@link HttpLimits#outputBytesMax} stops
 * reading further requests until the peer drains it.
 */
public final class HttpSession implements ByteSession {
    // only read (OutputQueue reads by absolute index): shared by every session
    private static final ByteBuffer CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");
    private static final ByteBuffer CLOSE = ascii("Connection: close\r\n\r\n");
    private static final ByteBuffer KEEP_ALIVE = ascii("Connection: keep-alive\r\n\r\n");
    private static final ByteBuffer END = ascii("\r\n");
    private static final byte[] NO_BODY = new byte[0];

    private final HttpServer server;
    private final HttpLimits limits;
    private final String peer;
    private String serverName;            // over TLS: the client's SNI ("" for none); null for plain HTTP
    private final RequestParser parser;
    private byte[] in;                    // starts small, grows to HttpLimits.inputBufferBytes
    private int inStart, inEnd;
    private final OutputQueue out = new OutputQueue();
    private RequestHead pending;          // head whose body is still arriving
    private Request last;                 // the last request without a body: a repeated head without one is that request again
    private byte[] body;
    private int bodyLen, bodyTarget;
    private ChunkedDecoder chunked;
    private boolean closing, closed, eof;
    private long deadlineNs;
    private long headStartNs = -1;        // first byte of a head not yet complete (slowloris bound), or -1

    HttpSession(HttpServer server, String peer, long nowNs) {
        this.server = server;
        this.limits = server.limits;
        this.peer = peer;
        this.parser = new RequestParser(limits);
        this.in = new byte[Math.min(2048, limits.inputBufferBytes())];
        this.deadlineNs = nowNs + limits.idleNs();
    }

    /**
     * Takes up to {@code len} received bytes and answers every request they complete. Returns how many
     * bytes it took: fewer than offered while output waits to be drained (offer the rest later).
     * After the session decided to close, input is read and discarded.
     */
    public int receive(byte[] b, int off, int len, long nowNs) {
        if (closing || closed) return len;
        int n = room(len, nowNs);
        System.arraycopy(b, off, in, inEnd, n);
        return received(n, nowNs);
    }

    /** {@link #receive(byte[], int, int, long)} from a buffer: takes bytes from its position on and advances it. */
    @Override
    public int receive(ByteBuffer src, long nowNs) {
        int len = src.remaining();
        if (closing || closed) { src.position(src.limit()); return len; }
        int n = room(len, nowNs);
        src.get(in, inEnd, n);
        return received(n, nowNs);
    }

    /** {@link #receive(ByteBuffer, long)} from a segment (a transport's bytes in place), copied without a wrapper. */
    @Override
    public int receive(MemorySegment src, long nowNs) {
        int len = (int) Math.min(src.byteSize(), Integer.MAX_VALUE);
        if (closing || closed) return len;
        int n = room(len, nowNs);
        MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, in, inEnd, n);
        return received(n, nowNs);
    }

    /** Makes room for up to {@code len} bytes (compacting, growing to the limit); returns how many fit. */
    private int room(int len, long nowNs) {
        if (inStart == inEnd) {
            inStart = inEnd = 0;
            if (pending == null && len > 0) headStartNs = nowNs;
        } else if (inStart > 0 && in.length - inEnd < len) {
            System.arraycopy(in, inStart, in, 0, inEnd - inStart);
            inEnd -= inStart;
            inStart = 0;
        }
        int max = limits.inputBufferBytes();
        if (in.length - inEnd < len && in.length < max) in = Arrays.copyOf(in, Math.min(max, Math.max(2 * in.length, inEnd + len)));
        return Math.min(len, in.length - inEnd);
    }

    private int received(int n, long nowNs) {
        inEnd += n;
        if (n > 0) deadlineNs = nowNs + limits.idleNs();
        process(nowNs);
        return n;
    }

    @Override
    public void tlsServerName(String serverName) { this.serverName = serverName; }

    /** The peer will send no more (FIN): requests already complete are answered, then the session closes. */
    @Override
    public void receiveEof(long nowNs) {
        eof = true;
        process(nowNs);
        if (!closing) closing = true;
    }

    /** Copies queued response bytes into {@code dst}; returns how many. */
    @Override
    public int drain(ByteBuffer dst, long nowNs) {
        int n = out.drainInto(dst);
        drained(n, nowNs);
        return n;
    }

    @Override
    public int drainToLendable(ByteBuffer dst, long nowNs) {
        int n = out.drainInto(dst, PEEK_BYTES_MIN);
        drained(n, nowNs);
        return n;
    }

    /** Queued chunks at least this large are offered by {@link #peekOutput} (headers still go through {@link #drain}, coalesced). */
    static final int PEEK_BYTES_MIN = 8192;

    @Override
    public ByteBuffer peekOutput() {
        return out.firstRemaining() >= PEEK_BYTES_MIN ? out.first() : null;
    }

    @Override
    public void skip(int n, long nowNs) {
        if (n < 0 || n > out.firstRemaining()) throw new IllegalArgumentException("skip of " + n + " bytes, queued chunk has " + out.firstRemaining());
        out.skip(n);
        drained(n, nowNs);
    }

    private void drained(int n, long nowNs) {
        if (n > 0) {
            deadlineNs = nowNs + limits.idleNs();
            if (!closing && out.bytes() <= limits.outputBytesMax()) process(nowNs);
        }
    }

    /** Response bytes waiting for {@link #drain}. */
    @Override
    public long pendingOutput() { return out.bytes(); }

    /** True once everything to send was drained and the connection should be closed (or the idle deadline forced it). */
    @Override
    public boolean shouldClose() { return closed || (closing && out.isEmpty()); }

    /** The monotonic time at which {@link #poll} has work: the idle deadline. */
    @Override
    public long pollAtNs() {
        return headStartNs >= 0 && !closing ? Math.min(deadlineNs, headStartNs + limits.idleNs()) : deadlineNs;
    }

    /**
     * Enforces the idle deadline: a silent connection closes; one silent inside a request gets 408
     * first; one whose peer stopped reading is closed with output dropped.
     */
    @Override
    public void poll(long nowNs) {
        if (nowNs < pollAtNs() || closed) return;
        if (closing) { closed = true; out.clear(); return; }
        if (pending != null || inEnd > inStart) fail(408, "idle inside a request", nowNs);
        else closing = true;
        deadlineNs = nowNs + limits.idleNs();
    }

    private void process(long nowNs) {
        while (!closing && out.bytes() <= limits.outputBytesMax()) {
            if (pending == null) {
                if (inStart == inEnd) return;
                ParseResult r = parser.parse(in, inStart, inEnd - inStart);
                if (r.needMore()) return;
                if (r.error()) { fail(r.status(), r.reason(), nowNs); return; }
                parser.reset();
                headStartNs = -1;
                inStart += r.headBytes();
                pending = r.head();
                startBody();
                if (pending.expectsContinue() && inStart == inEnd) out.add(CONTINUE);
            }
            if (!readBody(nowNs)) return;
            RequestHead h = pending;
            byte[] b = chunked != null ? chunked.body() : body;
            pending = null; body = null; chunked = null;
            dispatch(h, b, nowNs);
            if (inStart < inEnd) headStartNs = nowNs;    // the next pipelined head has begun
        }
    }

    private void startBody() {
        long n = pending.bodyLength();
        if (n == RequestHead.CHUNKED) chunked = new ChunkedDecoder(limits.bodyBytesMax(), limits.headerBytesMax());
        else body = n == 0 ? NO_BODY : new byte[(int) Math.min(n, 16384)]; // grows as bytes arrive: a head alone costs no more
        bodyTarget = (int) n;                                  // n <= bodyBytesMax: the parser checked
        bodyLen = 0;
    }

    /** Moves buffered bytes into the body; true when it is complete. */
    private boolean readBody(long nowNs) {
        int avail = inEnd - inStart;
        if (chunked != null) {
            inStart += chunked.feed(in, inStart, avail);
            if (chunked.error() != 0) { fail(chunked.error(), "malformed or oversized chunked body", nowNs); return false; }
            return chunked.done();
        }
        int k = Math.min(avail, bodyTarget - bodyLen);
        if (bodyLen + k > body.length) body = Arrays.copyOf(body, (int) Math.min(bodyTarget, Math.max(bodyLen + k, 2L * body.length)));
        System.arraycopy(in, inStart, body, bodyLen, k);
        inStart += k;
        bodyLen += k;
        return bodyLen == bodyTarget;
    }

    private void dispatch(RequestHead h, byte[] b, long nowNs) {
        Response r;
        try {
            Request req = last != null && last.head() == h && b.length == 0 ? last : new Request(h, b, peer); // the parser repeats a repeated head
            if (b.length == 0) last = req; // a body is not kept past its dispatch
            r = server.handler.handle(req);
            if (r == null) r = Response.text(500, "the handler returned no response\n").closing();
        } catch (RuntimeException e) {
            r = Response.text(500, "internal error\n").closing();
        }
        boolean keep = h.keepAlive() && !r.close;
        write(h, r, keep, nowNs, null);
        if (!keep) closing = true;
    }

    private void fail(int status, String reason, long nowNs) {
        RequestHead h = pending;
        pending = null; body = null; chunked = null;
        write(h, Response.text(status, Status.reason(status) + "\n"), false, nowNs, reason);
        closing = true;
    }

    private void write(RequestHead h, Response r, boolean keep, long nowNs, String note) {
        boolean bodyAllowed = (h == null || !h.method().equals("HEAD")) && r.status != 204 && r.status != 304;
        if (r.head != null) out.add(r.head);
        else {
            StringBuilder s = new StringBuilder(128).append("HTTP/1.1 ").append(r.status).append(' ').append(Status.reason(r.status)).append("\r\n");
            for (String[] f : r.fields) s.append(f[0]).append(": ").append(f[1]).append("\r\n");
            if (r.status != 204 && r.status != 304) s.append("Content-Length: ").append(r.body.remaining()).append("\r\n");
            out.add(ByteBuffer.wrap(s.toString().getBytes(StandardCharsets.ISO_8859_1)));
        }
        long epoch = server.clock.epochSeconds(nowNs);
        out.add(server.dateLine(epoch));
        out.add(!keep ? CLOSE : h != null && h.minorVersion() == 0 ? KEEP_ALIVE : END);
        long sent = 0;
        if (bodyAllowed && r.body.hasRemaining()) { sent = r.body.remaining(); out.add(r.body); }
        if (server.log != AccessLog.NONE) server.log.log(h == null
                ? new AccessEntry(peer, epoch, "-", "-", "-", r.status, sent, note, serverName)
                : new AccessEntry(peer, epoch, h.method(), h.target(), h.version(), r.status, sent, note, serverName));
    }

    private static ByteBuffer ascii(String s) { return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer(); }
}

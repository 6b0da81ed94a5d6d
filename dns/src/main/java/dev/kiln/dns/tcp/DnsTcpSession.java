package dev.kiln.dns.tcp;

import dev.kiln.dns.tcp.DnsTcpServer.Counter;
import dev.kiln.dns.tcp.DnsTcpServer.Sink;
import java.lang.foreign.MemorySegment;

/**
 * One DNS-over-TCP connection's state, sans-I/O: bytes in ({@link #onBytes}), answers out through
 * a {@link Sink}, time as {@code nowNs}.
 *
 * <ul>
 * <li>Pipelining (RFC 7766 §6.2.1.1): every complete query in the bytes offered is answered, in order.</li>
 * <li>Partial reads: an incomplete prefix or message is left unconsumed until more bytes come.</li>
 * <li>Queued answers: at most one. When the sink takes only part of an answer the rest is kept
 *     ({@link #blocked}) and no further query is read until {@link #onWritable} has sent it — so a
 *     client that does not read its answers holds one answer here and the transport's buffers, no more.</li>
 * <li>Idle timeout (RFC 7766 §6.2.3): {@link #deadlineNs} is the last query or sending progress plus
 *     {@code idleTimeoutNs}.</li>
 * <li>A length below a DNS header or above {@code queryBytesMax}, or {@code queriesMax} reached:
 *     {@link #closeWanted}; what was answered is still sent.</li>
 * </ul>
 */
public final class DnsTcpSession {
    private final DnsTcpServer server;
    private byte[] pending = new byte[0];
    private int pendingOff, pendingLen;
    private long lastActiveNs;
    private int queries;
    private boolean closeWanted;

    DnsTcpSession(DnsTcpServer server, long nowNs) {
        this.server = server;
        this.lastActiveNs = nowNs;
    }

    /**
     * Answers the complete queries at the start of {@code data}, in order, into {@code sink}.
     *
     * @return the bytes consumed (whole prefixed queries); the rest is to be offered again with more bytes
     */
    public int onBytes(MemorySegment data, long nowNs, Sink sink) {
        int off = 0;
        while (!closeWanted && pendingLen == 0) {
            int len = DnsTcpFramer.frame(data, off, server.config.queryBytesMax());
            if (len == DnsTcpFramer.NEED_MORE) break;
            if (len < 0) {
                closeWanted = true;
                server.count(Counter.CLOSED_BAD_LENGTH);
                break;
            }
            lastActiveNs = nowNs;
            MemorySegment query = data.asSlice(off + DnsTcpConfig.PREFIX_LEN, len);
            off += DnsTcpConfig.PREFIX_LEN + len;
            queries++;
            server.count(Counter.QUERIES);
            int n = server.answer(query);
            if (n > 0) send(n + DnsTcpConfig.PREFIX_LEN, sink);
            if (queries >= server.config.queriesMax()) {
                closeWanted = true;
                server.count(Counter.CLOSED_QUERIES_MAX);
            }
        }
        return off;
    }

    private void send(int total, Sink sink) {
        server.count(Counter.ANSWERS);
        int taken = sink.write(server.scratch, 0, total);
        if (taken >= total) return;
        server.count(Counter.ANSWERS_DEFERRED);
        pendingLen = total - taken;
        pendingOff = 0;
        if (pending.length < pendingLen) pending = new byte[total]; // grows to one answer at most
        MemorySegment.copy(server.scratch, taken, MemorySegment.ofArray(pending), 0, pendingLen);
    }

    /**
     * Sends what is left of a deferred answer.
     *
     * @return true when nothing is left (reading may resume)
     */
    public boolean onWritable(long nowNs, Sink sink) {
        if (pendingLen == 0) return true;
        int n = sink.write(MemorySegment.ofArray(pending), pendingOff, pendingLen);
        if (n > 0) lastActiveNs = nowNs;
        pendingOff += n;
        pendingLen -= n;
        return pendingLen == 0;
    }

    /** An answer is partly unsent: stop offering bytes until {@link #onWritable} returns true. */
    public boolean blocked() { return pendingLen > 0; }

    /** The connection should be closed once what was answered is sent. */
    public boolean closeWanted() { return closeWanted; }

    /** When the connection becomes idle unless a query comes or an answer moves. */
    public long deadlineNs() { return lastActiveNs + server.config.idleTimeoutNs(); }

    /** True (and counted) if the connection has been idle past its deadline at {@code nowNs}. */
    public boolean idle(long nowNs) {
        if (nowNs - lastActiveNs < server.config.idleTimeoutNs()) return false;
        server.count(Counter.CLOSED_IDLE);
        return true;
    }

    public int queries() { return queries; }
}

package dev.kiln.dns.tcp;

import dev.kiln.dns.AuthServer;
import java.lang.foreign.MemorySegment;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DNS over TCP (RFC 7766), sans-I/O: one per loop thread, one {@link DnsTcpSession} per connection.
 * Answers are built into one shared scratch buffer behind a 2-byte prefix and handed to the
 * connection's {@link Sink}; only the part a full send buffer did not take is kept, per session.
 */
public final class DnsTcpServer {
    /** Where a session's answers go: a connection's send buffer; returns the bytes it took (like {@code TcpConnection.write}). */
    @FunctionalInterface
    public interface Sink {
        int write(MemorySegment src, long offset, int len);
    }

    /** Answers one query (no prefix) into {@code out}; returns the answer's length, or 0 for none. */
    @FunctionalInterface
    public interface Responder {
        int answer(MemorySegment query, MemorySegment out);
    }

    enum Counter {
        CONNECTIONS("connections"), QUERIES("queries"), ANSWERS("answers"), ANSWERS_DEFERRED("answers_deferred"),
        CLOSED_BAD_LENGTH("closed_bad_length"), CLOSED_IDLE("closed_idle"), CLOSED_QUERIES_MAX("closed_queries_max");

        final String counterName;

        Counter(String n) { counterName = n; }
    }

    final DnsTcpConfig config;
    private final Responder responder;
    final MemorySegment scratch = MemorySegment.ofArray(new byte[DnsTcpConfig.PREFIX_LEN + DnsTcpConfig.MESSAGE_MAX]);
    private final MemorySegment answerOut = scratch.asSlice(DnsTcpConfig.PREFIX_LEN);
    private final long[] counters = new long[Counter.values().length];

    public DnsTcpServer(Responder responder, DnsTcpConfig config) {
        this.responder = responder;
        this.config = config;
    }

    /** The authoritative server over TCP: answers of up to 65535 bytes, never truncated for size. */
    public DnsTcpServer(AuthServer server, DnsTcpConfig config) {
        this((q, out) -> server.answer(q, out, true), config);
    }

    public DnsTcpConfig config() { return config; }

    /** A session for a connection accepted at {@code nowNs}. */
    public DnsTcpSession open(long nowNs) {
        count(Counter.CONNECTIONS);
        return new DnsTcpSession(this, nowNs);
    }

    /** Answers {@code query} into the scratch buffer after the prefix; the answer's length, 0 for none. */
    int answer(MemorySegment query) {
        int n;
        try {
            n = responder.answer(query, answerOut);
        } catch (RuntimeException e) {
            return 0; // a bug in the responder: no answer, the connection carries on
        }
        if (n <= 0 || n > DnsTcpConfig.MESSAGE_MAX) return 0;
        DnsTcpFramer.prefix(scratch, 0, n);
        return n;
    }

    void count(Counter c) { counters[c.ordinal()]++; }

    /** name → value, for the operator (the appliance prints them as {@code dns.tcp.NAME}); names are stable. */
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (Counter c : Counter.values()) m.put(c.counterName, counters[c.ordinal()]);
        return m;
    }
}

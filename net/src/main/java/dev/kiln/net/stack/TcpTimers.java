package dev.kiln.net.stack;

import java.util.PriorityQueue;

/**
 * The connections' deadlines as a min-heap, lazily invalidated: a connection remembers the deadline
 * it is filed under ({@link KilnTcpConnection#scheduledAtNs}); an entry that no longer matches is
 * skipped when it comes up, and one whose connection's deadline moved later is filed again when it
 * reaches the top ({@link #nextAtNs}) or fires as a no-op ({@link #due}). Amortised O(log n) per
 * deadline change; the connections are never scanned.
 */
final class TcpTimers {
    private record Entry(long atNs, KilnTcpConnection conn) { }

    private final PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> Long.compare(a.atNs, b.atNs));

    /** Files {@code c} under {@code atNs} if that is earlier than what it is filed under. */
    void schedule(KilnTcpConnection c, long atNs) {
        if (atNs >= c.scheduledAtNs || atNs == Long.MAX_VALUE) return;
        c.scheduledAtNs = atNs;
        heap.add(new Entry(atNs, c));
    }

    /** The earliest deadline: stale entries at the top are dropped, and one whose connection's deadline moved later is filed again. */
    long nextAtNs() {
        for (Entry e; (e = heap.peek()) != null; ) {
            KilnTcpConnection c = e.conn;
            if (c.gone || c.scheduledAtNs != e.atNs) { heap.poll(); continue; }
            long d = c.deadline();
            if (d <= e.atNs) return e.atNs;
            heap.poll(); // the deadline moved later (an ACK stopped the retransmission timer, a timer was moved)
            c.scheduledAtNs = Long.MAX_VALUE;
            schedule(c, d);
        }
        return Long.MAX_VALUE;
    }

    /** The next connection whose deadline is at or before {@code nowNs}, unfiled; null if none. */
    KilnTcpConnection due(long nowNs) {
        while (!heap.isEmpty() && heap.peek().atNs <= nowNs) {
            Entry e = heap.poll();
            KilnTcpConnection c = e.conn;
            if (c.gone || c.scheduledAtNs != e.atNs) continue; // stale
            c.scheduledAtNs = Long.MAX_VALUE;
            long d = c.deadline();
            if (d > nowNs) { schedule(c, d); continue; } // moved later: file it again, no turn for it now
            return c;
        }
        return null;
    }

    int size() { return heap.size(); }
}

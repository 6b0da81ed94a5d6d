package dev.kiln.net.stack;

import java.util.PriorityQueue;

/**
 * The connections' deadlines as a min-heap, lazily invalidated: a connection remembers the deadline
 * it is filed under ({@link KilnTcpConnection#scheduledAtNs}); an entry that no longer matches is
 * skipped when it comes up, and a deadline that moved later fires early once and is filed again.
 * So {@link #nextAtNs} and {@link #due} cost O(log n) and never scan the connections.
 */
final class TcpTimers {
    private record Entry(long atNs, KilnTcpConnection conn) { }

    private final PriorityQueue<Entry> heap = new PriorityQueue<>((a, b) -> Long.compare(a.atNs, b.atNs));

    /** Files {@code c} under {@code atNs} if that is earlier than what it is filed under. */
    void schedule(KilnTcpConnection c, long atNs) {
        if (atNs >= c.scheduledAtNs) return;
        c.scheduledAtNs = atNs;
        heap.add(new Entry(atNs, c));
    }

    /** The earliest filed deadline (maybe a stale one: at worst an extra turn). */
    long nextAtNs() {
        Entry e = heap.peek();
        return e == null ? Long.MAX_VALUE : e.atNs;
    }

    /** The next connection whose deadline is at or before {@code nowNs}, unfiled; null if none. */
    KilnTcpConnection due(long nowNs) {
        while (!heap.isEmpty() && heap.peek().atNs <= nowNs) {
            Entry e = heap.poll();
            KilnTcpConnection c = e.conn;
            if (c.gone || c.scheduledAtNs != e.atNs) continue; // stale
            c.scheduledAtNs = Long.MAX_VALUE;
            return c;
        }
        return null;
    }

    int size() { return heap.size(); }
}

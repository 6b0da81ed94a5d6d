package dev.kiln.net.stack;

import java.util.Arrays;

/**
 * The connections' deadlines as an indexed binary min-heap: each connection is in it at most once, keyed by
 * the deadline it is filed under ({@link KilnTcpConnection#scheduledAtNs}) and knowing its slot
 * ({@link KilnTcpConnection#timerSlot}), so filing an earlier deadline moves it up in place — nothing is
 * allocated per deadline change and the heap never holds more entries than connections. A deadline that
 * moved later (an ACK stopped the retransmission timer, a timer was moved) is found lazily, when its entry
 * comes to the top ({@link #nextAtNs}) or fires ({@link #due}): it is filed again under the new deadline.
 * O(log n) per change; the connections are never scanned.
 */
final class TcpTimers {
    private KilnTcpConnection[] heap = new KilnTcpConnection[16];
    private int size;

    /** Files {@code c} under {@code atNs} if that is earlier than what it is filed under. */
    void schedule(KilnTcpConnection c, long atNs) {
        if (atNs >= c.scheduledAtNs || atNs == Long.MAX_VALUE) return;
        c.scheduledAtNs = atNs;
        if (c.timerSlot < 0) {
            if (size == heap.length) heap = Arrays.copyOf(heap, size * 2);
            c.timerSlot = size;
            heap[size++] = c;
        }
        up(c.timerSlot);
    }

    /** The earliest deadline: gone connections at the top are dropped, and one whose deadline moved later is filed again. */
    long nextAtNs() {
        while (size > 0) {
            KilnTcpConnection c = heap[0];
            long d = c.gone ? Long.MAX_VALUE : c.deadline();
            if (d <= c.scheduledAtNs) return c.scheduledAtNs;
            refile(c, d);
        }
        return Long.MAX_VALUE;
    }

    /** The next connection whose deadline is at or before {@code nowNs}, unfiled; null if none. */
    KilnTcpConnection due(long nowNs) {
        while (size > 0 && heap[0].scheduledAtNs <= nowNs) {
            KilnTcpConnection c = heap[0];
            long d = c.gone ? Long.MAX_VALUE : c.deadline();
            if (d > nowNs) { refile(c, d); continue; } // moved later (or gone): no turn for it now
            remove(c);
            return c;
        }
        return null;
    }

    int size() { return size; }

    /** The top entry {@code c} now has deadline {@code d} (later than it is filed under): down the heap, or out. */
    private void refile(KilnTcpConnection c, long d) {
        if (d == Long.MAX_VALUE) { remove(c); return; }
        c.scheduledAtNs = d;
        down(c.timerSlot);
    }

    private void remove(KilnTcpConnection c) {
        int i = c.timerSlot;
        KilnTcpConnection last = heap[--size];
        heap[size] = null;
        c.timerSlot = -1;
        c.scheduledAtNs = Long.MAX_VALUE;
        if (last == c) return;
        heap[i] = last;
        last.timerSlot = i;
        down(i);
        up(last.timerSlot);
    }

    private void up(int i) {
        KilnTcpConnection c = heap[i];
        while (i > 0) {
            int p = (i - 1) >>> 1;
            if (heap[p].scheduledAtNs <= c.scheduledAtNs) break;
            place(heap[p], i);
            i = p;
        }
        place(c, i);
    }

    private void down(int i) {
        KilnTcpConnection c = heap[i];
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) break;
            int m = l + 1 < size && heap[l + 1].scheduledAtNs < heap[l].scheduledAtNs ? l + 1 : l;
            if (heap[m].scheduledAtNs >= c.scheduledAtNs) break;
            place(heap[m], i);
            i = m;
        }
        place(c, i);
    }

    private void place(KilnTcpConnection c, int i) {
        heap[i] = c;
        c.timerSlot = i;
    }
}

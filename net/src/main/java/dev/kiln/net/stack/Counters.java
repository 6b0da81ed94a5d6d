package dev.kiln.net.stack;

import java.util.LinkedHashMap;
import java.util.Map;

/** The stack's counters: a plain {@code long[]} indexed by {@link Counter}; counting never allocates. */
public final class Counters {
    private final long[] values = new long[Counter.values().length];

    Counters() {}

    void inc(Counter c) { values[c.ordinal()]++; }

    void add(Counter c, long n) { values[c.ordinal()] += n; }

    /** The current value of one counter. */
    public long get(Counter c) { return values[c.ordinal()]; }

    /** Sum of every {@code drop.*} counter. */
    public long drops() {
        long s = 0;
        for (int i = 0; i < values.length; i++) if (Counter.at(i).counterName.startsWith("drop.")) s += values[i];
        return s;
    }

    /** A snapshot: stable name → value, in declaration order, every counter present. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) m.put(Counter.at(i).counterName, values[i]);
        return m;
    }
}

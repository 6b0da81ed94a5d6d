package dev.kiln.net.stack;

import java.util.Arrays;

/**
 * Neighbour table: IPv4 address → MAC with an expiry time, at most {@code capacity} entries
 * (the entry closest to expiry is evicted when full). Linear scans: the table is small and
 * only client sends look it up (replies go to the requester's source MAC, see {@link UdpLayer}).
 */
final class ArpCache {
    private final int[] ips;
    private final long[] macs;
    private final long[] expiresAtNs;
    private final boolean[] used;
    private final long ttlNs;
    private final Counters counters;
    private int size;
    /** A lower bound of the earliest expiry (may be early after a refresh; never late). */
    private long nextExpiryNs = Long.MAX_VALUE;

    ArpCache(int capacity, long ttlNs, Counters counters) {
        this.ips = new int[capacity];
        this.macs = new long[capacity];
        this.expiresAtNs = new long[capacity];
        this.used = new boolean[capacity];
        this.ttlNs = ttlNs;
        this.counters = counters;
    }

    private int indexOf(int ip) {
        for (int i = 0; i < ips.length; i++) if (used[i] && ips[i] == ip) return i;
        return -1;
    }

    /** The MAC for {@code ip} if known and not expired at {@code nowNs}, else -1. */
    long lookup(int ip, long nowNs) {
        int i = indexOf(ip);
        return i >= 0 && nowNs < expiresAtNs[i] ? macs[i] : -1;
    }

    boolean contains(int ip) { return indexOf(ip) >= 0; }

    /** Refreshes an existing entry (RFC 826 merge step). @return whether there was one */
    boolean update(int ip, long mac, long nowNs) {
        int i = indexOf(ip);
        if (i < 0) return false;
        macs[i] = mac;
        expiresAtNs[i] = saturatingAdd(nowNs, ttlNs);
        return true;
    }

    /** Adds or refreshes an entry, evicting the one closest to expiry when full. */
    void insert(int ip, long mac, long nowNs) {
        if (update(ip, mac, nowNs)) return;
        int slot = -1;
        for (int i = 0; i < used.length; i++) if (!used[i]) { slot = i; break; }
        if (slot < 0) {
            slot = 0;
            for (int i = 1; i < used.length; i++) if (expiresAtNs[i] < expiresAtNs[slot]) slot = i;
            counters.inc(Counter.ARP_EVICTED);
        } else {
            size++;
        }
        used[slot] = true;
        ips[slot] = ip;
        macs[slot] = mac;
        expiresAtNs[slot] = saturatingAdd(nowNs, ttlNs);
        nextExpiryNs = Math.min(nextExpiryNs, expiresAtNs[slot]);
        counters.inc(Counter.ARP_LEARNED);
    }

    /** Removes entries expired at {@code nowNs}. @return how many */
    int expire(long nowNs) {
        if (nowNs < nextExpiryNs) return 0;
        int n = 0;
        long next = Long.MAX_VALUE;
        for (int i = 0; i < used.length; i++) {
            if (!used[i]) continue;
            if (expiresAtNs[i] <= nowNs) {
                used[i] = false;
                size--;
                n++;
            } else {
                next = Math.min(next, expiresAtNs[i]);
            }
        }
        nextExpiryNs = next;
        counters.add(Counter.ARP_EXPIRED, n);
        return n;
    }

    long nextExpiryNs() { return nextExpiryNs; }

    int size() { return size; }

    void clear() {
        Arrays.fill(used, false);
        size = 0;
        nextExpiryNs = Long.MAX_VALUE;
    }

    static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}

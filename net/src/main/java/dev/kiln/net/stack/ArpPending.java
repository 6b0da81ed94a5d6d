package dev.kiln.net.stack;

import java.lang.foreign.MemorySegment;

/**
 * IPv4 packets waiting for their next hop's MAC, and the outstanding resolutions. Bounded:
 * {@code slots} packets of at most {@code mtu} bytes in one preallocated segment; at most as
 * many resolutions as packets (each resolution holds at least one packet).
 */
final class ArpPending {
    private final MemorySegment pool;
    private final int mtu;
    private final int[] nextHop;
    private final int[] len;
    private final long[] seq;
    private final boolean[] used;
    private int count;
    private long nextSeq;

    // Resolutions: address, requests sent so far, time of the next request (or give-up).
    private final int[] resIp;
    private final int[] resSent;
    private final long[] resNextAtNs;
    private final boolean[] resUsed;

    ArpPending(int slots, int mtu, MemorySegment pool) {
        this.pool = pool;
        this.mtu = mtu;
        this.nextHop = new int[slots];
        this.len = new int[slots];
        this.seq = new long[slots];
        this.used = new boolean[slots];
        this.resIp = new int[slots];
        this.resSent = new int[slots];
        this.resNextAtNs = new long[slots];
        this.resUsed = new boolean[slots];
    }

    int count() { return count; }

    /** Copies an IPv4 packet into a free slot. @return false if all slots are taken */
    boolean enqueue(int hop, MemorySegment src, long off, int n) {
        if (n > mtu) return false;
        for (int i = 0; i < used.length; i++) {
            if (used[i]) continue;
            MemorySegment.copy(src, off, pool, (long) i * mtu, n);
            used[i] = true;
            nextHop[i] = hop;
            len[i] = n;
            seq[i] = nextSeq++;
            count++;
            return true;
        }
        return false;
    }

    /** The oldest waiting packet for {@code hop}, or -1. */
    int oldestFor(int hop) {
        int best = -1;
        for (int i = 0; i < used.length; i++)
            if (used[i] && nextHop[i] == hop && (best < 0 || seq[i] < seq[best])) best = i;
        return best;
    }

    void copyOut(int slot, MemorySegment dst, long off) { MemorySegment.copy(pool, (long) slot * mtu, dst, off, len[slot]); }

    int length(int slot) { return len[slot]; }

    void free(int slot) {
        used[slot] = false;
        count--;
    }

    /** Frees every packet for {@code hop}. @return how many */
    int dropAll(int hop) {
        int n = 0;
        for (int i = 0; i < used.length; i++) if (used[i] && nextHop[i] == hop) { free(i); n++; }
        return n;
    }

    // --- resolutions

    int resolutionFor(int ip) {
        for (int i = 0; i < resUsed.length; i++) if (resUsed[i] && resIp[i] == ip) return i;
        return -1;
    }

    /** Starts a resolution (the caller sends the first request now). @return its index, or -1 if none is free */
    int startResolution(int ip) {
        for (int i = 0; i < resUsed.length; i++) {
            if (resUsed[i]) continue;
            resUsed[i] = true;
            resIp[i] = ip;
            resSent[i] = 0;
            resNextAtNs[i] = Long.MIN_VALUE;
            return i;
        }
        return -1;
    }

    int resolutions() { return resUsed.length; }

    boolean resolutionUsed(int r) { return resUsed[r]; }

    int resolutionIp(int r) { return resIp[r]; }

    int requestsSent(int r) { return resSent[r]; }

    long nextAtNs(int r) { return resNextAtNs[r]; }

    void requestSent(int r, long nextAtNs) {
        resSent[r]++;
        resNextAtNs[r] = nextAtNs;
    }

    void endResolution(int r) { resUsed[r] = false; }

    long earliestNs() {
        long t = Long.MAX_VALUE;
        for (int i = 0; i < resUsed.length; i++) if (resUsed[i]) t = Math.min(t, resNextAtNs[i]);
        return t;
    }
}

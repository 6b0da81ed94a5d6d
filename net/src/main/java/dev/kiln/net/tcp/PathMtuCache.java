package dev.kiln.net.tcp;

/**
 * The path MTU learned per destination (RFC 1191 §5: the PMTU belongs to the path to a host, not to one
 * connection), kept as the send MSS it allows (MTU − 40), shared by one stack's connections: a connection to a
 * host for which a smaller path MTU was learned starts with it ({@link PathMtu#established}). Every entry
 * expires {@link #timeoutNs} after it was learned (RFC 1191 §6.3: then the larger MTU is tried again; 10 minutes
 * by default, as Linux's {@code mtu_expires}). The latest report for a destination wins.
 *
 * <p>Bounded: at most {@code entriesMax} destinations (0: nothing is remembered, only the connection that was told
 * lowers its MSS); when full, the entry expiring first is replaced. An entry is only ever made by an ICMP error
 * that named a live connection's segment in flight ({@link IcmpErrors}), so forged errors cannot fill it with
 * arbitrary hosts. Linear scans: the table is small and read only on ICMP errors and new connections.
 */
public final class PathMtuCache {
    /** RFC 1191 §6.3 suggests 10 minutes before trying a larger MTU again. */
    public static final long DEFAULT_TIMEOUT_NS = 600_000_000_000L;
    public static final int DEFAULT_ENTRIES = 64;
    /** Larger tables would want a hash; nobody needs one this size. */
    public static final int ENTRIES_LIMIT = 4096;

    private final int[] dst, mss;
    private final long[] expiresNs;
    private final long timeoutNs;
    private int count;

    /** @throws IllegalArgumentException unless {@code 0 <= entriesMax <= 4096} and {@code timeoutNs > 0} */
    public PathMtuCache(int entriesMax, long timeoutNs) {
        if (entriesMax < 0 || entriesMax > ENTRIES_LIMIT || timeoutNs <= 0)
            throw new IllegalArgumentException("path MTU cache: entries must be 0.." + ENTRIES_LIMIT + " and the timeout positive, got "
                    + entriesMax + " entries and " + timeoutNs + " ns");
        this.dst = new int[entriesMax];
        this.mss = new int[entriesMax];
        this.expiresNs = new long[entriesMax];
        this.timeoutNs = timeoutNs;
    }

    /** A cache with the defaults (64 destinations, 10 minutes). */
    public static PathMtuCache defaults() { return new PathMtuCache(DEFAULT_ENTRIES, DEFAULT_TIMEOUT_NS); }

    /** How long a lowered path MTU holds before the larger one is tried again. */
    public long timeoutNs() { return timeoutNs; }

    /** Records that the path to {@code host} carries segments of at most {@code sendMss} bytes (learned at {@code nowNs}); returns when it expires. */
    public long learned(int host, int sendMss, long nowNs) {
        long expires = nowNs + timeoutNs;
        if (dst.length == 0) return expires;
        int i = find(host);
        if (i < 0) i = count < dst.length ? count++ : soonest();
        dst[i] = host;
        mss[i] = sendMss;
        expiresNs[i] = expires;
        return expires;
    }

    /** The send MSS the path to {@code host} allows, or {@link Integer#MAX_VALUE} if nothing unexpired is known. */
    public int mss(int host, long nowNs) {
        int i = find(host);
        return i >= 0 && expiresNs[i] > nowNs ? mss[i] : Integer.MAX_VALUE;
    }

    /** When the entry for {@code host} expires ({@link Long#MAX_VALUE} if there is none). */
    public long expiresNs(int host) {
        int i = find(host);
        return i >= 0 ? expiresNs[i] : Long.MAX_VALUE;
    }

    /** Destinations held (expired ones included until replaced). */
    public int size() { return count; }

    private int find(int host) {
        for (int i = 0; i < count; i++) if (dst[i] == host) return i;
        return -1;
    }

    private int soonest() {
        int s = 0;
        for (int i = 1; i < count; i++) if (expiresNs[i] < expiresNs[s]) s = i;
        return s;
    }
}

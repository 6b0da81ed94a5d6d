package dev.kiln.net.stack;

import dev.kiln.net.Ipv4;
import dev.kiln.net.tcp.PathMtuCache;

/**
 * Everything a {@link KilnStack} needs to know, each limit named with its unit last.
 * Build with {@link #builder(int, int)}; {@link #validate()} runs once when the stack is created.
 *
 * @param ipv4Address            our address (host-order int)
 * @param prefixLen              on-link prefix length, 0..32 (e.g. 24 for 192.0.2.0/24)
 * @param gateway                next hop for off-link destinations, or 0 for none (off-link sends are dropped as {@code drop.ipv4_no_route})
 * @param arpCacheEntriesMax     neighbour entries kept; the oldest is evicted when full. Default 256
 * @param arpEntryTtlNs          how long a learned entry is trusted. Default 60 s
 * @param arpRequestRetriesMax   requests sent for one address before giving up (the first included). Default 3
 * @param arpRetryIntervalNs     time between requests. Default 1 s
 * @param arpPendingPacketsMax   packets held (all addresses together) while waiting for ARP. Default 64
 * @param reassemblyBytesMax     buffer bytes held by all datagrams under reassembly. Default 256 KiB
 * @param reassemblyDatagramsMax datagrams under reassembly at once. Default 16
 * @param reassemblyFragmentsMax fragments kept for one datagram. Default 64
 * @param reassemblyTimeoutNs    time from the first fragment until the datagram is dropped (RFC 1122 §3.3.2: 60-120 s recommended, 15 s in RFC 791 example; we default to 30 s). Default 30 s
 * @param icmpErrorsPerSecondMax rate of ICMP errors (token bucket, burst of the same size). Default 100
 * @param udpSocketsMax          UDP ports bound at once. Default 64
 * @param rxBatchMax             frames received per {@code doWork} turn. Default 256
 * @param ttl                    TTL of datagrams we send. Default 64
 * @param tcpConnectsMax         TCP connections opened by {@code tcpConnect} and alive at once (each holds its
 *                               buffers until its TCB is gone); one more is refused with an exception. Default 1024
 * @param pmtuTimeoutNs          how long a path MTU lowered by an ICMP fragmentation-needed message holds before the
 *                               larger one is tried again (RFC 1191 §6.3). Default 10 min
 * @param pmtuCacheEntriesMax    destinations whose path MTU is remembered for new connections (RFC 1191 §5); 0: none,
 *                               only the connection that was told lowers its MSS. Default 64
 */
public record StackConfig(
        int ipv4Address,
        int prefixLen,
        int gateway,
        int arpCacheEntriesMax,
        long arpEntryTtlNs,
        int arpRequestRetriesMax,
        long arpRetryIntervalNs,
        int arpPendingPacketsMax,
        int reassemblyBytesMax,
        int reassemblyDatagramsMax,
        int reassemblyFragmentsMax,
        long reassemblyTimeoutNs,
        int icmpErrorsPerSecondMax,
        int udpSocketsMax,
        int rxBatchMax,
        int ttl,
        int tcpConnectsMax,
        long pmtuTimeoutNs,
        int pmtuCacheEntriesMax) {

    private static final long SECOND_NS = 1_000_000_000L;

    /** A builder with the documented defaults, for {@code address/prefixLen}. */
    public static Builder builder(int ipv4Address, int prefixLen) { return new Builder(ipv4Address, prefixLen); }

    /** A builder from text, e.g. {@code builder("192.0.2.2/24")}. */
    public static Builder builder(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("address '" + cidr + "' needs a prefix length, e.g. 192.0.2.2/24");
        int len;
        try {
            len = Integer.parseInt(cidr.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("prefix length in '" + cidr + "' is not a number, e.g. 192.0.2.2/24");
        }
        return new Builder(Ipv4.parse(cidr.substring(0, slash)), len);
    }

    /** The on-link network mask. */
    public int netmask() { return prefixLen == 0 ? 0 : -1 << (32 - prefixLen); }

    /** Checks every field; @throws IllegalArgumentException naming the field and what to do. */
    public StackConfig validate() {
        if (prefixLen < 0 || prefixLen > 32) fail("prefixLen", prefixLen, "must be 0..32");
        if (ipv4Address == 0 || ipv4Address == -1 || (ipv4Address >>> 28) == 0xE || (ipv4Address >>> 24) == 127)
            throw new IllegalArgumentException("ipv4Address " + Ipv4.format(ipv4Address) + " is not a usable unicast address; pick one like 192.0.2.2");
        if (prefixLen < 31 && prefixLen > 0) {
            int host = ipv4Address & ~netmask();
            if (host == 0 || host == ~netmask())
                throw new IllegalArgumentException("ipv4Address " + Ipv4.format(ipv4Address) + "/" + prefixLen + " is the network or broadcast address of its prefix; pick a host address");
        }
        if (gateway != 0 && (gateway & netmask()) != (ipv4Address & netmask()))
            throw new IllegalArgumentException("gateway " + Ipv4.format(gateway) + " is not on-link for " + Ipv4.format(ipv4Address) + "/" + prefixLen + "; pick a gateway inside the prefix");
        if (gateway == ipv4Address) throw new IllegalArgumentException("gateway " + Ipv4.format(gateway) + " is our own address");
        atLeast("arpCacheEntriesMax", arpCacheEntriesMax, 1);
        atLeast("arpEntryTtlNs", arpEntryTtlNs, 1);
        atLeast("arpRequestRetriesMax", arpRequestRetriesMax, 1);
        atLeast("arpRetryIntervalNs", arpRetryIntervalNs, 1);
        atLeast("arpPendingPacketsMax", arpPendingPacketsMax, 1);
        atLeast("reassemblyBytesMax", reassemblyBytesMax, 0);
        atLeast("reassemblyDatagramsMax", reassemblyDatagramsMax, 0);
        atLeast("reassemblyFragmentsMax", reassemblyFragmentsMax, 1);
        atLeast("reassemblyTimeoutNs", reassemblyTimeoutNs, 1);
        atLeast("icmpErrorsPerSecondMax", icmpErrorsPerSecondMax, 0);
        atLeast("udpSocketsMax", udpSocketsMax, 1);
        atLeast("rxBatchMax", rxBatchMax, 1);
        if (ttl < 1 || ttl > 255) fail("ttl", ttl, "must be 1..255");
        if (tcpConnectsMax < 0 || tcpConnectsMax > 65535) fail("tcpConnectsMax", tcpConnectsMax, "must be 0..65535");
        if (arpCacheEntriesMax > 1 << 16) fail("arpCacheEntriesMax", arpCacheEntriesMax, "must be at most 65536");
        if (arpPendingPacketsMax > 4096) fail("arpPendingPacketsMax", arpPendingPacketsMax, "must be at most 4096");
        if (reassemblyDatagramsMax > 1024) fail("reassemblyDatagramsMax", reassemblyDatagramsMax, "must be at most 1024");
        if (reassemblyFragmentsMax > 8192) fail("reassemblyFragmentsMax", reassemblyFragmentsMax, "must be at most 8192 (65535 / 8)");
        atLeast("pmtuTimeoutNs", pmtuTimeoutNs, 1);
        if (pmtuCacheEntriesMax < 0 || pmtuCacheEntriesMax > PathMtuCache.ENTRIES_LIMIT)
            fail("pmtuCacheEntriesMax", pmtuCacheEntriesMax, "must be 0.." + PathMtuCache.ENTRIES_LIMIT);
        if (udpSocketsMax > 65535) fail("udpSocketsMax", udpSocketsMax, "must be at most 65535");
        return this;
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) fail(name, value, "must be at least " + min);
    }

    private static void fail(String name, long value, String rule) {
        throw new IllegalArgumentException("stack config: " + name + " = " + value + " " + rule);
    }

    /** Builder with the defaults documented on {@link StackConfig}. */
    public static final class Builder {
        private final int ipv4Address;
        private final int prefixLen;
        private int gateway = 0;
        private int arpCacheEntriesMax = 256;
        private long arpEntryTtlNs = 60 * SECOND_NS;
        private int arpRequestRetriesMax = 3;
        private long arpRetryIntervalNs = SECOND_NS;
        private int arpPendingPacketsMax = 64;
        private int reassemblyBytesMax = 256 * 1024;
        private int reassemblyDatagramsMax = 16;
        private int reassemblyFragmentsMax = 64;
        private long reassemblyTimeoutNs = 30 * SECOND_NS;
        private int icmpErrorsPerSecondMax = 100;
        private int udpSocketsMax = 64;
        private int rxBatchMax = 256;
        private int ttl = 64;
        private int tcpConnectsMax = 1024;
        private long pmtuTimeoutNs = PathMtuCache.DEFAULT_TIMEOUT_NS;
        private int pmtuCacheEntriesMax = PathMtuCache.DEFAULT_ENTRIES;

        private Builder(int ipv4Address, int prefixLen) {
            this.ipv4Address = ipv4Address;
            this.prefixLen = prefixLen;
        }

        public Builder gateway(int v) { gateway = v; return this; }
        public Builder gateway(String v) { gateway = Ipv4.parse(v); return this; }
        public Builder arpCacheEntriesMax(int v) { arpCacheEntriesMax = v; return this; }
        public Builder arpEntryTtlNs(long v) { arpEntryTtlNs = v; return this; }
        public Builder arpRequestRetriesMax(int v) { arpRequestRetriesMax = v; return this; }
        public Builder arpRetryIntervalNs(long v) { arpRetryIntervalNs = v; return this; }
        public Builder arpPendingPacketsMax(int v) { arpPendingPacketsMax = v; return this; }
        public Builder reassemblyBytesMax(int v) { reassemblyBytesMax = v; return this; }
        public Builder reassemblyDatagramsMax(int v) { reassemblyDatagramsMax = v; return this; }
        public Builder reassemblyFragmentsMax(int v) { reassemblyFragmentsMax = v; return this; }
        public Builder reassemblyTimeoutNs(long v) { reassemblyTimeoutNs = v; return this; }
        public Builder icmpErrorsPerSecondMax(int v) { icmpErrorsPerSecondMax = v; return this; }
        public Builder udpSocketsMax(int v) { udpSocketsMax = v; return this; }
        public Builder rxBatchMax(int v) { rxBatchMax = v; return this; }
        public Builder ttl(int v) { ttl = v; return this; }
        public Builder tcpConnectsMax(int v) { tcpConnectsMax = v; return this; }
        public Builder pmtuTimeoutNs(long v) { pmtuTimeoutNs = v; return this; }
        public Builder pmtuCacheEntriesMax(int v) { pmtuCacheEntriesMax = v; return this; }

        /** Builds and validates. @throws IllegalArgumentException naming the bad field */
        public StackConfig build() {
            return new StackConfig(ipv4Address, prefixLen, gateway, arpCacheEntriesMax, arpEntryTtlNs, arpRequestRetriesMax,
                    arpRetryIntervalNs, arpPendingPacketsMax, reassemblyBytesMax, reassemblyDatagramsMax, reassemblyFragmentsMax,
                    reassemblyTimeoutNs, icmpErrorsPerSecondMax, udpSocketsMax, rxBatchMax, ttl, tcpConnectsMax, pmtuTimeoutNs,
                    pmtuCacheEntriesMax).validate();
        }
    }
}

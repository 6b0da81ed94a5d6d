package dev.kiln.net.stack;

import dev.kiln.net.wire.Ipv4Packet;

/** Static routing (RFC 1122 §3.3.1): on-link by prefix, everything else through the gateway. No forwarding. */
final class Routes {
    /** {@link #nextHop} for a destination that is a broadcast on our link. */
    static final int BROADCAST = -1;
    /** {@link #nextHop} when there is no route. */
    static final int NONE = 0;

    private final int ours;
    private final int mask;
    private final int gateway;
    private final int subnetBroadcast;

    Routes(StackConfig c) {
        this.ours = c.ipv4Address();
        this.mask = c.netmask();
        this.gateway = c.gateway();
        this.subnetBroadcast = c.prefixLen() <= 30 ? (ours | ~mask) : Ipv4Packet.LIMITED_BROADCAST;
    }

    /** Whether {@code ip} is a broadcast address on our link (limited or subnet-directed). */
    boolean isBroadcast(int ip) { return ip == Ipv4Packet.LIMITED_BROADCAST || ip == subnetBroadcast; }

    /** Not 0.0.0.0, not 127/8, not multicast (224/4) or reserved (240/4). */
    static boolean isUnicast(int ip) {
        int top = ip >>> 24;
        return ip != 0 && top != 127 && top < 224;
    }

    /** The address to resolve for {@code dst}: itself when on-link, the gateway otherwise, or BROADCAST / NONE. */
    int nextHop(int dst) {
        if (isBroadcast(dst)) return BROADCAST;
        if (!isUnicast(dst) || dst == ours) return NONE;
        if ((dst & mask) == (ours & mask)) return dst;
        return gateway; // NONE if there is no gateway
    }
}

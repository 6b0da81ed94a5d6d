package dev.kiln.net;

/**
 * An ICMP error about a datagram a UDP socket sent (RFC 1122 §4.1.3.3: UDP MUST pass ICMP errors to the
 * application), as {@link UdpHandler#onError} receives it. The stack checked that the error quotes a datagram
 * from our address and this socket's port (what RFC 792 lets it check: the quoted IPv4 header and UDP ports); it
 * cannot prove the datagram was really sent (RFC 5927 §5: UDP has no sequence number), so treat an error as a
 * hint that speeds up what a timeout would decide anyway — e.g. a resolver tries the next server at once when
 * one says {@link Kind#PORT_UNREACHABLE}, rather than abandoning the name.
 *
 * @param kind        what went wrong
 * @param dstAddr     the quoted datagram's destination address (where we sent it)
 * @param dstPort     the quoted datagram's destination port
 * @param reporter    who sent the ICMP error: the destination itself (port or protocol unreachable) or a router on the
 *                    way; 0 when unknown (the {@code host} target, where the kernel keeps it)
 * @param nextHopMtu  for {@link Kind#FRAGMENTATION_NEEDED}, the next hop's MTU (RFC 1191 §4; 0 from an older router), else 0
 * @param icmpType    the ICMP type (3 destination unreachable, 11 time exceeded, 12 parameter problem)
 * @param icmpCode    the ICMP code
 */
public record UdpError(Kind kind, int dstAddr, int dstPort, int reporter, int nextHopMtu, int icmpType, int icmpCode) {
    /** The classes of ICMP errors (RFC 792, RFC 1122 §3.2.2.1, RFC 1812 §5.2.7.1). */
    public enum Kind {
        /** 3/3: nobody listens on the destination port (Linux's ECONNREFUSED); the datagram was not processed. */
        PORT_UNREACHABLE,
        /** 3/2: the destination does not speak UDP. */
        PROTOCOL_UNREACHABLE,
        /** 3/0, 3/6, 3/11: no route to the destination network. */
        NET_UNREACHABLE,
        /** 3/1, 3/7, 3/12, 3/14, 3/15: the destination host cannot be reached. */
        HOST_UNREACHABLE,
        /** 3/9, 3/10, 3/13: administratively prohibited (a filter). */
        PROHIBITED,
        /** 3/4: too big for a hop, and fragmenting was not allowed; see {@link UdpError#nextHopMtu}. */
        FRAGMENTATION_NEEDED,
        /** 11: the TTL ran out on the way (a loop), or reassembly timed out at the destination. */
        TIME_EXCEEDED,
        /** 12: a router or the destination rejected the IP header. */
        PARAMETER_PROBLEM,
        /** Any other destination-unreachable code (e.g. 3/5, source route failed). */
        OTHER
    }

    /** The kind of ICMP {@code type}/{@code code}. */
    public static Kind kindOf(int type, int code) {
        if (type == 11) return Kind.TIME_EXCEEDED;
        if (type == 12) return Kind.PARAMETER_PROBLEM;
        if (type != 3) return Kind.OTHER;
        return switch (code) {
            case 0, 6, 11 -> Kind.NET_UNREACHABLE;
            case 1, 7, 12, 14, 15 -> Kind.HOST_UNREACHABLE;
            case 2 -> Kind.PROTOCOL_UNREACHABLE;
            case 3 -> Kind.PORT_UNREACHABLE;
            case 4 -> Kind.FRAGMENTATION_NEEDED;
            case 9, 10, 13 -> Kind.PROHIBITED;
            default -> Kind.OTHER;
        };
    }

    /**
     * Whether the destination definitely did not take the datagram and will not take a resend (port or protocol
     * unreachable, prohibited): the error Linux reports on a connected socket, and the one worth acting on at once.
     */
    public boolean hard() { return kind == Kind.PORT_UNREACHABLE || kind == Kind.PROTOCOL_UNREACHABLE || kind == Kind.PROHIBITED; }
}

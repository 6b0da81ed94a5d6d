package dev.kiln.net.stack;

import dev.kiln.net.wire.EthernetFrame;
import dev.kiln.net.wire.Ipv4Packet;
import dev.kiln.net.wire.Mac;
import dev.kiln.platform.Entropy;
import java.lang.foreign.MemorySegment;

/**
 * IPv4 for a host (RFC 791, RFC 1122 §3.2): validates and delivers datagrams for our address
 * (and broadcasts, to UDP only), reassembles fragments, builds outgoing headers, and routes
 * them to a next hop. No forwarding, no options sent, no outgoing fragmentation.
 */
final class Ipv4Layer {
    /** Offset of the IPv4 header in a frame. */
    static final int IP_OFF = EthernetFrame.HEADER_LEN;
    /** Offset of the transport header in a frame we build (20-byte IPv4 header). */
    static final int L4_OFF = IP_OFF + Ipv4Packet.HEADER_LEN_MIN;

    private final EthernetLayer eth;
    private final ArpLayer arp;
    private final Routes routes;
    private final Reassembler reassembler;
    private final Counters counters;
    private final int ours;
    private final int ttl;
    private final Ipv4Packet rxView = new Ipv4Packet();
    private final Ipv4Packet txView = new Ipv4Packet();
    private final RxDatagram rx = new RxDatagram();
    private IcmpLayer icmp;
    private UdpLayer udp;
    private TcpLayer tcp;
    private int nextIdent;
    /** Set by the stack for the frame about to be received: the device vouched for its L4 checksum. */
    private boolean checksumTrusted;

    Ipv4Layer(StackConfig c, EthernetLayer eth, ArpLayer arp, Routes routes, Reassembler reassembler, Entropy entropy, Counters counters) {
        this.eth = eth;
        this.arp = arp;
        this.routes = routes;
        this.reassembler = reassembler;
        this.counters = counters;
        this.ours = c.ipv4Address();
        this.ttl = c.ttl();
        this.nextIdent = (int) (entropy.nextLong() & 0xFFFF); // RFC 6864 §4.1: IDs need not be predictable-free, start random anyway
    }

    void connect(IcmpLayer icmp, UdpLayer udp, TcpLayer tcp) {
        this.icmp = icmp;
        this.udp = udp;
        this.tcp = tcp;
    }

    int address() { return ours; }

    /** Largest transport payload (transport header included) we can send unfragmented. */
    int payloadMax() { return eth.mtu() - Ipv4Packet.HEADER_LEN_MIN; }

    /** The next frame's transport checksum was verified or left partial by the host ({@code FrameMeta}). */
    void checksumTrusted(boolean trusted) { checksumTrusted = trusted; }

    void receive(EthernetFrame frame, long nowNs) {
        switch (rxView.wrapChecked(frame.segment(), frame.payloadOffset(), frame.payloadLen())) {
            case OK -> { }
            case BAD_VERSION -> { counters.inc(Counter.DROP_IPV4_BAD_VERSION); return; }
            case BAD_IHL -> { counters.inc(Counter.DROP_IPV4_BAD_IHL); return; }
            case BAD_TOTAL_LEN -> { counters.inc(Counter.DROP_IPV4_BAD_TOTAL_LEN); return; }
            default -> { counters.inc(Counter.DROP_IPV4_TRUNCATED); return; }
        }
        if (!rxView.checksumValid()) { counters.inc(Counter.DROP_IPV4_BAD_CHECKSUM); return; }
        counters.inc(Counter.RX_IPV4);
        int src = rxView.src();
        int dst = rxView.dst();
        // RFC 1122 §3.2.1.3: discard datagrams from broadcast, multicast, 0.0.0.0, loopback, or ourselves.
        if (!Routes.isUnicast(src) || routes.isBroadcast(src) || src == ours) { counters.inc(Counter.DROP_IPV4_BAD_SOURCE); return; }
        boolean ipBroadcast = routes.isBroadcast(dst);
        if (dst != ours && !ipBroadcast) { counters.inc(Counter.DROP_IPV4_NOT_FOR_US); return; }
        int proto = rxView.protocol();
        if (ipBroadcast && proto != Ipv4Packet.PROTO_UDP) { counters.inc(Counter.DROP_IPV4_BROADCAST_NOT_UDP); return; }
        // RFC 1122 §3.2.1.7: a host does not discard a datagram for its TTL.
        rx.broadcast = ipBroadcast || frame.dst() == Mac.BROADCAST;
        rx.srcMac = frame.src();
        rx.src = src;
        rx.dst = dst;
        rx.protocol = proto;
        if (rxView.isFragment()) {
            int s = reassembler.add(rxView, nowNs);
            if (s < 0) return;
            rx.seg = reassembler.segment(s);
            rx.headerOff = reassembler.headerOffset(s);
            rx.headerLen = reassembler.headerLength(s);
            rx.payloadOff = reassembler.payloadOffset(s);
            rx.payloadLen = reassembler.payloadLength(s);
            rx.reassembled = true;
            rx.checksumTrusted = false;
            try {
                deliver(nowNs);
            } finally {
                reassembler.release(s);
            }
            return;
        }
        rx.seg = rxView.segment();
        rx.headerOff = rxView.offset();
        rx.headerLen = rxView.headerLen();
        rx.payloadOff = rxView.payloadOffset();
        rx.payloadLen = rxView.payloadLen();
        rx.reassembled = false;
        rx.checksumTrusted = checksumTrusted;
        deliver(nowNs);
    }

    private void deliver(long nowNs) {
        switch (rx.protocol) {
            case Ipv4Packet.PROTO_UDP -> udp.receive(rx, nowNs);
            case Ipv4Packet.PROTO_TCP -> tcp.receive(rx, nowNs);
            case Ipv4Packet.PROTO_ICMP -> icmp.receive(rx, nowNs);
            default -> {
                counters.inc(Counter.DROP_IPV4_UNKNOWN_PROTOCOL);
                icmp.sendUnreachable(rx, dev.kiln.net.wire.IcmpPacket.CODE_PROTOCOL_UNREACHABLE, nowNs); // RFC 1122 §3.2.2.1 SHOULD
            }
        }
    }

    /** Writes the 20-byte header at {@link #IP_OFF} of the transmit buffer. @return the IP length, or -1 if too big (counted) */
    private int writeHeader(MemorySegment tx, int dst, int protocol, int payloadLen) {
        if (payloadLen > payloadMax()) {
            counters.inc(Counter.DROP_IPV4_TOO_BIG);
            return -1;
        }
        return writeFields(tx, dst, protocol, Ipv4Packet.HEADER_LEN_MIN + payloadLen);
    }

    private int writeFields(MemorySegment tx, int dst, int protocol, int total) {
        txView.wrap(tx, IP_OFF);
        txView.setVersionAndHeaderLen(Ipv4Packet.HEADER_LEN_MIN);
        txView.setDscpEcn(0);
        txView.setTotalLen(total);
        txView.setIdent(nextIdent);
        nextIdent = (nextIdent + 1) & 0xFFFF;
        txView.setFlagsAndFragOffset(protocol == Ipv4Packet.PROTO_TCP, false, 0); // DF on TCP: path MTU discovery (RFC 1191 §3)
        txView.setTtl(ttl);
        txView.setProtocol(protocol);
        txView.setSrc(ours);
        txView.setDst(dst);
        txView.fillChecksum();
        return total;
    }

    /**
     * Sends the transport payload already at {@link #L4_OFF} of the transmit buffer to {@code dst}
     * through routing and ARP (queued if the next hop is unresolved).
     */
    boolean send(int dst, int protocol, int payloadLen, long nowNs) {
        int hop = routes.nextHop(dst);
        if (hop == Routes.NONE) { counters.inc(Counter.DROP_IPV4_NO_ROUTE); return false; }
        int total = writeHeader(eth.peekTx(), dst, protocol, payloadLen);
        if (total < 0) return false;
        if (hop == Routes.BROADCAST) return eth.send(Mac.BROADCAST, EthernetFrame.ETHERTYPE_IPV4, total);
        return arp.sendIpv4(hop, total, nowNs);
    }

    /**
     * The MAC of {@code dst}'s next hop if a super-frame may go to it now ({@link #sendSegmented}), else -1:
     * no route, broadcast, or not resolved (the ARP queue holds MTU-sized frames: send segment by segment).
     */
    long segmentedNextHop(int dst, long nowNs) {
        int hop = routes.nextHop(dst);
        if (hop == Routes.NONE || hop == Routes.BROADCAST) return -1;
        return arp.cachedMac(hop, nowNs);
    }

    /**
     * Sends a super-frame the device cuts into {@code segments} segments (the payload at
     * {@link #L4_OFF}, up to a whole IPv4 datagram; {@link EthernetLayer#txMeta} says how) to
     * {@code mac} from {@link #segmentedNextHop}, each segment taking one identification as the
     * device numbers them.
     */
    boolean sendSegmented(long mac, int dst, int protocol, int payloadLen, int segments) {
        int total = writeFields(eth.peekTx(), dst, protocol, Ipv4Packet.HEADER_LEN_MIN + payloadLen);
        nextIdent = (nextIdent + segments - 1) & 0xFFFF;
        return eth.send(mac, EthernetFrame.ETHERTYPE_IPV4, total);
    }

    /**
     * Sends the transport payload at {@link #L4_OFF} straight to {@code dstMac}: the reply path,
     * where the requester's frame told us the MAC of the hop it came through.
     */
    boolean sendDirect(long dstMac, int dst, int protocol, int payloadLen) {
        int total = writeHeader(eth.peekTx(), dst, protocol, payloadLen);
        if (total < 0) return false;
        return eth.send(dstMac, EthernetFrame.ETHERTYPE_IPV4, total);
    }
}

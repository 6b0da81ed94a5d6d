package dev.kiln.net.stack;

import dev.kiln.net.tcp.IcmpErrors;
import dev.kiln.net.tcp.TcpTuple;
import dev.kiln.net.wire.Checksum;
import dev.kiln.net.wire.IcmpErrorRepr;
import dev.kiln.net.wire.IcmpPacket;
import dev.kiln.net.wire.Ipv4Packet;
import dev.kiln.net.wire.WireError;
import java.lang.foreign.MemorySegment;

/**
 * ICMPv4 for a host (RFC 792, RFC 1122 §3.2.2): answers echo requests, and sends destination
 * unreachable (port / protocol) under a token-bucket rate limit (RFC 1812 §4.3.2.8 style),
 * never about ICMP errors, broadcasts, non-initial fragments, or unusable sources
 * (RFC 1122 §3.2.2). Errors received (destination unreachable, time exceeded, parameter problem)
 * that quote a TCP segment go to the connection of the quoted 4-tuple ({@link IcmpErrors}: the
 * sequence-number check, hard and soft errors, path MTU); those quoting a UDP datagram go to the socket
 * that sent it ({@link UdpLayer#error}, RFC 1122 §4.1.3.3); each fate is counted.
 */
final class IcmpLayer {
    private final EthernetLayer eth;
    private final Ipv4Layer ipv4;
    private final Counters counters;
    private final TokenBucket errors;
    private final IcmpPacket rxView = new IcmpPacket();
    private final IcmpPacket txView = new IcmpPacket();
    private UdpLayer udp;
    private TcpLayer tcp;

    IcmpLayer(StackConfig c, EthernetLayer eth, Ipv4Layer ipv4, Counters counters) {
        this.eth = eth;
        this.ipv4 = ipv4;
        this.counters = counters;
        this.errors = new TokenBucket(c.icmpErrorsPerSecondMax());
    }

    /** The layers that receive the errors quoting their datagrams. */
    void connect(UdpLayer udp, TcpLayer tcp) {
        this.udp = udp;
        this.tcp = tcp;
    }

    void receive(RxDatagram rx, long nowNs) {
        if (rxView.wrapChecked(rx.seg, rx.payloadOff, rx.payloadLen) != WireError.OK) { counters.inc(Counter.DROP_ICMP_MALFORMED); return; }
        if (!rxView.checksumValid()) { counters.inc(Counter.DROP_ICMP_BAD_CHECKSUM); return; }
        counters.inc(Counter.RX_ICMP);
        if (IcmpErrorRepr.isError(rxView.type())) { error(rx.src, nowNs); return; }
        if (rxView.type() != IcmpPacket.TYPE_ECHO_REQUEST) {
            // Echo replies and the rest are not delivered anywhere (see package-info).
            counters.inc(Counter.DROP_ICMP_UNSUPPORTED_TYPE);
            return;
        }
        if (rx.broadcast) { // RFC 1122 §3.2.2.6: broadcast echo requests MAY be discarded; we do
            counters.inc(Counter.DROP_ICMP_BROADCAST_ECHO);
            return;
        }
        // RFC 1122 §3.2.2.6: reply with the same identifier, sequence and data; type 8 → 0
        // changes one word, so the checksum is patched (RFC 1624) rather than recomputed.
        int len = rx.payloadLen;
        if (len > ipv4.payloadMax()) { counters.inc(Counter.DROP_IPV4_TOO_BIG); return; }
        MemorySegment tx = eth.beginTx();
        MemorySegment.copy(rx.seg, rx.payloadOff, tx, Ipv4Layer.L4_OFF, len);
        txView.wrap(tx, Ipv4Layer.L4_OFF, len);
        int oldWord = (rxView.type() << 8) | rxView.code();
        txView.setType(IcmpPacket.TYPE_ECHO_REPLY);
        txView.setCode(0);
        txView.setChecksum(Checksum.update16(rxView.checksum(), oldWord, 0));
        if (ipv4.sendDirect(rx.srcMac, rx.src, Ipv4Packet.PROTO_ICMP, len)) counters.inc(Counter.TX_ICMP_ECHO_REPLIES);
    }

    /** An ICMP error (checksum verified) from {@code reporter}: to the UDP socket or TCP connection it names, if it names one. */
    private void error(int reporter, long nowNs) {
        counters.inc(Counter.RX_ICMP_ERRORS);
        IcmpErrorRepr e = IcmpErrorRepr.parse(rxView);
        if (e == null) { counters.inc(Counter.DROP_ICMP_ERROR_MALFORMED); return; }
        if (e.protocol() == Ipv4Packet.PROTO_UDP) {
            counters.inc(udp != null && udp.error(e, reporter, nowNs) ? Counter.UDP_ICMP_ERRORS : Counter.DROP_ICMP_ERROR_NO_SOCKET);
            return;
        }
        if (e.protocol() != Ipv4Packet.PROTO_TCP) { counters.inc(Counter.DROP_ICMP_ERROR_OTHER_PROTOCOL); return; }
        KilnTcpConnection c = tcp == null ? null : tcp.find(new TcpTuple(e.src(), e.srcPort(), e.dst(), e.dstPort()));
        if (c == null) { counters.inc(Counter.DROP_ICMP_ERROR_NO_CONNECTION); return; }
        counters.inc(switch (IcmpErrors.deliver(c.tcb, e, nowNs)) {
            case OUT_OF_WINDOW -> Counter.DROP_ICMP_ERROR_OUT_OF_WINDOW;
            case ABORTED -> Counter.TCP_ICMP_ABORTS;
            case RECORDED -> Counter.TCP_ICMP_SOFT_ERRORS;
            case MSS_LOWERED -> Counter.TCP_PMTU_LOWERED;
            case MTU_IGNORED -> Counter.DROP_ICMP_PMTU_IGNORED;
        });
        tcp.pending(c); // an abort is reported, and the connection's end settled, this turn
    }

    /** Sends destination unreachable with {@code code} about {@code rx}, if allowed and within the rate limit. */
    void sendUnreachable(RxDatagram rx, int code, long nowNs) {
        // RFC 1122 §3.2.2: not for broadcasts, non-initial fragments (reassembled datagrams are whole),
        // ICMP errors (we never call this for ICMP), or sources that do not name one host.
        if (rx.broadcast || rx.protocol == Ipv4Packet.PROTO_ICMP || !Routes.isUnicast(rx.src)) return;
        if (!errors.tryTake(nowNs)) { counters.inc(Counter.DROP_ICMP_RATE_LIMITED); return; }
        // RFC 792: the internet header + the first 64 bits of the original data.
        int quoted = rx.headerLen + Math.min(8, rx.payloadLen);
        int len = IcmpPacket.HEADER_LEN + quoted;
        MemorySegment tx = eth.beginTx();
        MemorySegment.copy(rx.seg, rx.headerOff, tx, Ipv4Layer.L4_OFF + IcmpPacket.HEADER_LEN, quoted);
        txView.wrap(tx, Ipv4Layer.L4_OFF, len);
        txView.setType(IcmpPacket.TYPE_DEST_UNREACHABLE);
        txView.setCode(code);
        txView.setRest(0);
        txView.fillChecksum();
        if (ipv4.sendDirect(rx.srcMac, rx.src, Ipv4Packet.PROTO_ICMP, len)) counters.inc(Counter.TX_ICMP_UNREACHABLE);
    }
}

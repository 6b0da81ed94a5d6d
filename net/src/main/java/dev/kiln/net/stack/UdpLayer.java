package dev.kiln.net.stack;

import dev.kiln.net.UdpError;
import dev.kiln.net.UdpHandler;
import dev.kiln.net.UdpSocket;
import dev.kiln.net.wire.IcmpErrorRepr;
import dev.kiln.net.wire.IcmpPacket;
import dev.kiln.net.wire.Ipv4Packet;
import dev.kiln.net.wire.UdpPacket;
import dev.kiln.net.wire.WireError;
import dev.kiln.platform.Entropy;
import java.lang.foreign.MemorySegment;

/**
 * UDP (RFC 768, RFC 1122 §4.1): port table, checksum verified and generated, delivery to
 * handlers, the zero-copy reply path, and ICMP errors to the socket that sent the datagram they quote
 * ({@link #error}, RFC 1122 §4.1.3.3).
 *
 * <p><b>Reply path.</b> The handler's {@code reply} segment is the device's transmit buffer at
 * offset 42 (Ethernet 14 + IPv4 20 + UDP 8), {@code mtu - 28} bytes long. When the handler
 * returns {@code n > 0}, the UDP and IPv4 headers are written around the answer and the frame
 * goes to the <em>source MAC of the request frame</em>: that MAC is the requester itself when it
 * is on-link, or the router that delivered the request otherwise — the hop the answer must take
 * back in both cases. No ARP lookup or wait is needed, and it also works for senders we have no
 * route to. (With asymmetric routing the answer returns through the router the request came
 * from, not our configured gateway; we accept that.)
 *
 * <p>No allocation on this path: the payload and reply slices are cached (per payload length
 * for datagrams at the usual offset, per transmit buffer for replies). Reassembled datagrams
 * or datagrams with IP options get a fresh payload slice (not the hot path).
 */
final class UdpLayer {
    private static final int EPHEMERAL_FIRST = 49152;
    private static final int EPHEMERAL_COUNT = 65536 - EPHEMERAL_FIRST;
    /** Offset of the payload in a frame without IP options. */
    static final int PAYLOAD_OFF = Ipv4Layer.L4_OFF + UdpPacket.HEADER_LEN;

    private final EthernetLayer eth;
    private final Ipv4Layer ipv4;
    private final IcmpLayer icmp;
    private final Counters counters;
    private final Entropy entropy;
    private final int[] ports;
    private final KilnUdpSocket[] sockets;
    private int count;
    private final UdpPacket rxView = new UdpPacket();
    private final UdpPacket txView = new UdpPacket();

    private final MemorySegment rxBuffer;
    private final MemorySegment[] payloadSlices;
    /** Reply slices for the last few transmit buffers seen (devices may rotate a small ring of them). */
    private final MemorySegment[] replyTx = new MemorySegment[4];
    private final MemorySegment[] replySlices = new MemorySegment[4];
    private int replyNext;
    private long nowNs;

    UdpLayer(StackConfig c, EthernetLayer eth, Ipv4Layer ipv4, IcmpLayer icmp, Entropy entropy, Counters counters, MemorySegment rxBuffer) {
        this.eth = eth;
        this.ipv4 = ipv4;
        this.icmp = icmp;
        this.entropy = entropy;
        this.counters = counters;
        this.ports = new int[c.udpSocketsMax()];
        this.sockets = new KilnUdpSocket[c.udpSocketsMax()];
        this.rxBuffer = rxBuffer;
        this.payloadSlices = new MemorySegment[Math.max(0, (int) rxBuffer.byteSize() - PAYLOAD_OFF + 1)];
    }

    /** The time of the current or latest {@code doWork}, used by sends from outside a handler. */
    void now(long nowNs) { this.nowNs = nowNs; }

    UdpSocket bind(int port, UdpHandler handler) {
        if (handler == null) throw new NullPointerException("handler");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("UDP port " + port + " is out of range; use 1-65535, or 0 for any free port");
        if (count == sockets.length)
            throw new IllegalStateException("cannot bind UDP port " + port + ": udpSocketsMax (" + sockets.length + ") sockets are already bound; close one or raise udpSocketsMax");
        if (port == 0) {
            int start = (int) Long.remainderUnsigned(entropy.nextLong(), EPHEMERAL_COUNT);
            for (int i = 0; i < EPHEMERAL_COUNT && port == 0; i++) {
                int p = EPHEMERAL_FIRST + (start + i) % EPHEMERAL_COUNT;
                if (find(p) == null) port = p;
            }
            if (port == 0) throw new IllegalStateException("no free ephemeral UDP port (49152-65535); close some sockets");
        } else if (find(port) != null) {
            throw new IllegalStateException("UDP port " + port + " is already bound; close the other socket or pick another port");
        }
        KilnUdpSocket s = new KilnUdpSocket(this, port, handler);
        ports[count] = port;
        sockets[count] = s;
        count++;
        return s;
    }

    void unbind(KilnUdpSocket s) {
        for (int i = 0; i < count; i++) {
            if (sockets[i] == s) {
                count--;
                ports[i] = ports[count];
                sockets[i] = sockets[count];
                sockets[count] = null;
                return;
            }
        }
    }

    void closeAll() {
        while (count > 0) sockets[count - 1].close();
    }

    private KilnUdpSocket find(int port) {
        for (int i = 0; i < count; i++) if (ports[i] == port) return sockets[i];
        return null;
    }

    void receive(RxDatagram rx, long nowNs) {
        this.nowNs = nowNs;
        if (rxView.wrapChecked(rx.seg, rx.payloadOff, rx.payloadLen) != WireError.OK) { counters.inc(Counter.DROP_UDP_MALFORMED); return; }
        // RFC 1122 §4.1.3.4: verify a non-zero checksum; zero means the sender sent none.
        if (!rx.checksumTrusted && !rxView.checksumValid(rx.src, rx.dst)) { counters.inc(Counter.DROP_UDP_BAD_CHECKSUM); return; }
        counters.inc(Counter.RX_UDP);
        int dstPort = rxView.dstPort();
        KilnUdpSocket s = find(dstPort);
        if (s == null) {
            counters.inc(Counter.DROP_UDP_NO_LISTENER);
            icmp.sendUnreachable(rx, IcmpPacket.CODE_PORT_UNREACHABLE, nowNs); // RFC 1122 §4.1.3.1 SHOULD
            return;
        }
        int srcPort = rxView.srcPort();
        if (!s.accepts(rx.src, srcPort)) { counters.inc(Counter.DROP_UDP_NOT_FROM_PEER); return; } // a connected socket's
        int len = rxView.payloadLen();
        long off = rxView.payloadOffset();
        MemorySegment payload = payloadSlice(rx.seg, off, len);
        MemorySegment tx = eth.peekTx();
        MemorySegment replySlice = replySlice(tx);
        long epoch = eth.txEpoch();
        int n;
        try {
            n = s.handler.onDatagram(s, rx.src, srcPort, payload, replySlice);
        } catch (RuntimeException e) {
            // An application bug must not take the stack down: count it and carry on.
            counters.inc(Counter.DROP_UDP_HANDLER_ERROR);
            return;
        }
        if (n <= 0) return;
        if (n > replySlice.byteSize()) { counters.inc(Counter.DROP_UDP_REPLY_TOO_BIG); return; }
        if (eth.txEpoch() != epoch || eth.peekTx() != tx) { counters.inc(Counter.DROP_UDP_REPLY_CLOBBERED); return; }
        if (srcPort == 0) { counters.inc(Counter.DROP_UDP_REPLY_TO_PORT_ZERO); return; } // RFC 768: source port 0 = no reply expected
        txView.wrap(tx, Ipv4Layer.L4_OFF);
        txView.setSrcPort(dstPort);
        txView.setDstPort(srcPort);
        txView.setLength(UdpPacket.HEADER_LEN + n);
        txView.fillChecksum(ipv4.address(), rx.src);
        if (ipv4.sendDirect(rx.srcMac, rx.src, Ipv4Packet.PROTO_UDP, UdpPacket.HEADER_LEN + n)) counters.inc(Counter.TX_UDP);
    }

    private MemorySegment replySlice(MemorySegment tx) {
        for (int i = 0; i < replyTx.length; i++) if (replyTx[i] == tx) return replySlices[i];
        int i = replyNext;
        replyNext = (replyNext + 1) % replyTx.length;
        replyTx[i] = tx;
        return replySlices[i] = tx.asSlice(PAYLOAD_OFF, ipv4.payloadMax() - UdpPacket.HEADER_LEN);
    }

    private MemorySegment payloadSlice(MemorySegment seg, long off, int len) {
        if (seg != rxBuffer || off != PAYLOAD_OFF || len >= payloadSlices.length) return seg.asSlice(off, len);
        MemorySegment p = payloadSlices[len];
        if (p == null) payloadSlices[len] = p = seg.asSlice(off, len);
        return p;
    }

    /**
     * RFC 1122 §4.1.3.3: an ICMP error quoting a UDP datagram ({@code e}, from {@code reporter}) goes to the socket
     * that sent it — the quote's source must be our address and a bound port, its destination port non-zero
     * (we never send to port 0), and for a connected socket its destination the peer. Returns whether a socket took it.
     */
    boolean error(IcmpErrorRepr e, int reporter, long nowNs) {
        this.nowNs = nowNs;
        KilnUdpSocket s = e.src() == ipv4.address() && e.dstPort() != 0 ? find(e.srcPort()) : null;
        if (s == null || !s.accepts(e.dst(), e.dstPort())) return false;
        UdpError err = new UdpError(UdpError.kindOf(e.type(), e.code()), e.dst(), e.dstPort(), reporter, e.nextHopMtu(), e.type(), e.code());
        try {
            s.handler.onError(s, err, nowNs);
        } catch (RuntimeException x) {
            counters.inc(Counter.DROP_UDP_HANDLER_ERROR); // as in onDatagram: an application bug must not take the stack down
        }
        return true;
    }

    boolean sendTo(int srcPort, int dst, int dstPort, MemorySegment payload, int len) {
        if (dstPort < 1 || dstPort > 65535) throw new IllegalArgumentException("destination port " + dstPort + " is out of range 1-65535");
        if (len < 0 || len > payload.byteSize()) throw new IllegalArgumentException("len " + len + " is outside the payload segment (" + payload.byteSize() + " bytes)");
        if (len > ipv4.payloadMax() - UdpPacket.HEADER_LEN) { counters.inc(Counter.DROP_UDP_SEND_TOO_BIG); return false; }
        MemorySegment tx = eth.beginTx();
        MemorySegment.copy(payload, 0, tx, PAYLOAD_OFF, len);
        txView.wrap(tx, Ipv4Layer.L4_OFF);
        txView.setSrcPort(srcPort);
        txView.setDstPort(dstPort);
        txView.setLength(UdpPacket.HEADER_LEN + len);
        txView.fillChecksum(ipv4.address(), dst);
        boolean ok = ipv4.send(dst, Ipv4Packet.PROTO_UDP, UdpPacket.HEADER_LEN + len, nowNs);
        if (ok) counters.inc(Counter.TX_UDP);
        return ok;
    }
}

package dev.kiln.net.stack;

import dev.kiln.net.wire.EthernetFrame;
import dev.kiln.net.wire.Mac;
import dev.kiln.net.wire.WireError;
import dev.kiln.platform.FrameMeta;
import dev.kiln.platform.FramePieces;
import dev.kiln.platform.NetDevice;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Ethernet II: accepts frames for our MAC and broadcast, drops the rest by reason; writes the
 * header of outgoing frames into the device's transmit buffer and hands them over.
 */
final class EthernetLayer {
    /** Frames shorter than this (without FCS) are zero-padded, IEEE 802.3 minimum. */
    static final int FRAME_LEN_MIN = 60;

    private final NetDevice device;
    private final Counters counters;
    private final long mac;
    private final EthernetFrame rxView = new EthernetFrame();
    private final EthernetFrame txView = new EthernetFrame();
    private ArpLayer arp;
    private Ipv4Layer ipv4;
    /** Incremented whenever someone starts writing the transmit buffer: detects a reply buffer clobbered by a send. */
    private long txEpoch;
    /** Offload work for the next {@link #send} (a super-frame to segment); cleared by every send. */
    final FrameMeta txMeta = new FrameMeta();
    /** Payload pieces of the next {@link #send} that lie outside the transmit buffer (a gathered frame); cleared by every send. */
    final FramePieces txPieces = new FramePieces();

    EthernetLayer(NetDevice device, Counters counters) {
        this.device = device;
        this.counters = counters;
        this.mac = device.mac();
    }

    void connect(ArpLayer arp, Ipv4Layer ipv4) {
        this.arp = arp;
        this.ipv4 = ipv4;
    }

    long mac() { return mac; }

    int mtu() { return device.mtu(); }

    int offloads() { return device.offloads(); }

    int maxFrameBytes() { return device.maxFrameBytes(); }

    void receive(MemorySegment rx, int len, long nowNs) {
        if (rxView.wrapChecked(rx, 0, len) != WireError.OK) {
            counters.inc(Counter.DROP_ETH_TRUNCATED);
            return;
        }
        long dst = rxView.dst();
        if (dst != mac && dst != Mac.BROADCAST) {
            counters.inc(Mac.isGroup(dst) ? Counter.DROP_ETH_MULTICAST : Counter.DROP_ETH_NOT_FOR_US);
            return;
        }
        long src = rxView.src();
        if (src == mac) { // our own frame looped back, or someone spoofing us
            counters.inc(Counter.DROP_ETH_OWN_SOURCE);
            return;
        }
        if (Mac.isGroup(src) || src == 0) { // IEEE 802: a source address names one station; never answer a group
            counters.inc(Counter.DROP_ETH_BAD_SOURCE);
            return;
        }
        switch (rxView.etherType()) {
            case EthernetFrame.ETHERTYPE_IPV4 -> ipv4.receive(rxView, nowNs);
            case EthernetFrame.ETHERTYPE_ARP -> arp.receive(rxView, nowNs);
            default -> counters.inc(Counter.DROP_ETH_UNKNOWN_TYPE);
        }
    }

    /** The transmit buffer, for building a frame in it (the Ethernet payload starts at 14). */
    MemorySegment beginTx() {
        txEpoch++;
        txPieces.clear(); // a frame begun and abandoned (an exception) leaves none behind for the next
        return device.txBuffer();
    }

    /** The transmit buffer without claiming it (the reply path hands it to a handler). */
    MemorySegment peekTx() { return device.txBuffer(); }

    long txEpoch() { return txEpoch; }

    /** Writes the header into the transmit buffer and transmits {@code payloadLen} bytes after it. */
    boolean send(long dstMac, int etherType, int payloadLen) {
        MemorySegment tx = device.txBuffer();
        txView.wrap(tx, 0, EthernetFrame.HEADER_LEN + payloadLen);
        txView.setDst(dstMac);
        txView.setSrc(mac);
        txView.setEtherType(etherType);
        int len = EthernetFrame.HEADER_LEN + payloadLen;
        if (len < FRAME_LEN_MIN) {
            zero(tx, len, FRAME_LEN_MIN - len); // never leak old buffer bytes as padding
            len = FRAME_LEN_MIN;
        }
        boolean sent = txPieces.isEmpty() ? device.transmit(len, txMeta) : device.transmit(len, txMeta, txPieces);
        txMeta.clear();
        txPieces.clear();
        if (!sent) {
            counters.inc(Counter.DROP_TX_DEVICE_FULL);
            return false;
        }
        counters.inc(Counter.TX_FRAMES);
        counters.add(Counter.TX_BYTES, len);
        return true;
    }

    /** Zero-fills padding without allocating a slice. */
    static void zero(MemorySegment s, long off, int n) {
        for (int i = 0; i < n; i++) s.set(ValueLayout.JAVA_BYTE, off + i, (byte) 0);
    }
}

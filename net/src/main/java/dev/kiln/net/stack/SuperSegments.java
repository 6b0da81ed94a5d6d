package dev.kiln.net.stack;

import dev.kiln.net.tcp.Tcb;
import dev.kiln.net.wire.Checksum;
import dev.kiln.net.wire.Ipv4Packet;
import dev.kiln.net.wire.TcpPacket;
import java.lang.foreign.MemorySegment;

/**
 * TCP segmentation offload on the way out (a device with {@code Offload.TX_TSO4}): a run of a
 * connection's data segments as the {@link Tcb} emits them — contiguous, full-sized but the last,
 * same ACK, window and options, ACK with PSH on the last at most — leaves as one TCPv4
 * super-frame the device cuts back into those segments (one {@code write} instead of one per
 * segment). The super-frame is built in place in the transmit buffer: the run's first segment is
 * drained whole ({@link Tcb#pollSegmentInto}, no checksum), and each one the TCB says continues it
 * ({@link Tcb#nextContinuationLen}) as payload only, straight from the send buffer behind the
 * previous one ({@link Tcb#pollPayloadInto}). The header is the first segment's with PSH from the
 * last; its checksum field holds the pseudo-header sum over the super-frame's TCP length, completed
 * per segment by the device; IPv4 identifications advance by one per segment, as the device numbers
 * them. The TCB is unchanged: it sees the segments it emitted. Anything else, a run of one, or a
 * connection whose next hop awaits ARP goes out segment by segment ({@link TcpLayer#sendBuilt}).
 */
final class SuperSegments {
    private static final int RUN_MAX = 64;
    private final TcpLayer tcp;
    private final EthernetLayer eth;
    private final Ipv4Layer ipv4;
    private final Counters counters;
    private final TcpPacket view = new TcpPacket();
    /** TCP bytes (header + payload) one super-frame may carry: the device's frame and IPv4's 65535-byte limits. */
    private final int l4BytesMax;

    SuperSegments(TcpLayer tcp, EthernetLayer eth, Ipv4Layer ipv4, Counters counters) {
        this.tcp = tcp;
        this.eth = eth;
        this.ipv4 = ipv4;
        this.counters = counters;
        this.l4BytesMax = Math.min(eth.maxFrameBytes() - Ipv4Layer.L4_OFF, 0xFFFF - Ipv4Packet.HEADER_LEN_MIN);
    }

    /** Sends everything {@code t} has queued, runs as super-frames. */
    void drain(Tcb t, long nowNs) {
        int mss = t.sendMss(), dst = t.tuple().remoteIp();
        long mac = -2; // the next hop's MAC, looked up at the first run: -1 if unresolved (then no runs)
        for (int len; (len = t.nextSegmentLen()) > 0; ) {
            MemorySegment tx = eth.beginTx();
            t.pollSegmentInto(tx, Ipv4Layer.L4_OFF, false);
            TcpPacket h = view.wrap(tx, Ipv4Layer.L4_OFF, len);
            int hl = h.headerLen(), flags = h.flags(), l4 = len, n = 1;
            if (len - hl == mss && (flags & TcpPacket.PSH) == 0 && t.nextContinuationLen(mss) > 0) {
                if (mac == -2) mac = ipv4.segmentedNextHop(dst, nowNs);
                if (mac >= 0) {
                    for (int next; n < RUN_MAX && (next = t.nextContinuationLen(mss)) > 0 && l4 + next <= l4BytesMax; ) {
                        int f = t.nextSegmentFlags();
                        l4 += t.pollPayloadInto(tx, Ipv4Layer.L4_OFF + l4);
                        n++;
                        if (next != mss || (f & TcpPacket.PSH) != 0) { // the run ends with a short or pushed segment
                            flags |= f & TcpPacket.PSH;
                            break;
                        }
                    }
                }
            }
            if (n == 1) tcp.sendBuilt(t.tuple(), tx, len, nowNs);
            else send(t, mac, tx, hl, flags, l4, n, mss, nowNs);
        }
    }

    private void send(Tcb t, long mac, MemorySegment tx, int hl, int flags, int l4Len, int n, int mss, long nowNs) {
        int dst = t.tuple().remoteIp(), src = t.tuple().localIp();
        TcpPacket h = view.wrap(tx, Ipv4Layer.L4_OFF, l4Len);
        h.setFlags(flags);
        h.setChecksum(Checksum.fold(Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_TCP, l4Len)));
        eth.txMeta.partialChecksum(Ipv4Layer.L4_OFF, 16).tcp4Segmentation(mss, Ipv4Layer.L4_OFF + hl);
        if (ipv4.sendSegmented(mac, dst, Ipv4Packet.PROTO_TCP, l4Len, n)) counters.add(Counter.TX_TCP, n);
    }
}

package dev.kiln.net.stack;

import dev.kiln.net.tcp.Tcb;
import dev.kiln.net.wire.Checksum;
import dev.kiln.net.wire.Ipv4Packet;
import dev.kiln.net.wire.TcpPacket;
import dev.kiln.platform.FramePieces;
import java.lang.foreign.MemorySegment;

/**
 * TCP output on a device that completes checksums ({@code Offload.TX_CSUM}), so the stack need not
 * read the payload it sends:
 * <ul>
 *   <li><b>Gather</b>: payload bytes the application lent by reference ({@code writeImmutable}) are not
 *       copied into the frame but laid over it as {@link FramePieces} ({@link Tcb#pollSegmentInto(MemorySegment,
 *       long, FramePieces)}); the device sends them from where they lie (a TAP: one {@code writev}), and the
 *       checksum field holds the pseudo-header sum for the device to complete. Only straight to a resolved
 *       next hop: the ARP queue keeps a copy of the transmit buffer, so a frame waiting for ARP is copied whole.
 *   <li><b>Super-frames</b> ({@code Offload.TX_TSO4}): a run of a connection's data segments as the
 *       {@link Tcb} emits them — contiguous, full-sized but the last, same ACK, window and options, ACK with
 *       PSH on the last at most — leaves as one TCPv4 super-frame the device cuts back into those segments
 *       (one {@code write} instead of one per segment). It is built in place: the run's first segment is
 *       drained whole (no checksum), then the segments the TCB says continue it as payload only behind it, many
 *       in one call ({@link Tcb#pollRunInto}: one read of the send buffer, one gathered piece).
 *       The header is the first segment's with PSH from the last; its checksum field holds the pseudo-header
 *       sum over the super-frame's TCP length, completed per segment by the device; IPv4 identifications
 *       advance by one per segment, as the device numbers them.
 * </ul>
 * The TCB is unchanged: it sees the segments it emitted. A segment with nothing gathered, outside a run,
 * goes out as before, checksummed in software ({@link TcpLayer#sendBuilt}).
 */
final class SuperSegments {
    private static final int RUN_MAX = 64;
    private final TcpLayer tcp;
    private final EthernetLayer eth;
    private final Ipv4Layer ipv4;
    private final Counters counters;
    private final boolean tso;
    private final TcpPacket view = new TcpPacket();
    /** TCP bytes (header + payload) one super-frame may carry: the device's frame and IPv4's 65535-byte limits. */
    private final int l4BytesMax;

    SuperSegments(TcpLayer tcp, EthernetLayer eth, Ipv4Layer ipv4, Counters counters, boolean tso) {
        this.tcp = tcp;
        this.eth = eth;
        this.ipv4 = ipv4;
        this.counters = counters;
        this.tso = tso;
        this.l4BytesMax = Math.min(eth.maxFrameBytes() - Ipv4Layer.L4_OFF, 0xFFFF - Ipv4Packet.HEADER_LEN_MIN);
    }

    /** Sends everything {@code t} has queued: lent bytes gathered, runs as super-frames. */
    void drain(Tcb t, long nowNs) {
        int mss = t.sendMss(), dst = t.tuple().remoteIp();
        long mac = -2; // the next hop's MAC, looked up at the first segment: -1 if unresolved (then no gather, no runs)
        for (int len; (len = t.nextSegmentLen()) > 0; ) {
            if (mac == -2) mac = ipv4.segmentedNextHop(dst, nowNs);
            FramePieces pieces = mac >= 0 ? eth.txPieces : null;
            MemorySegment tx = eth.beginTx();
            t.pollSegmentInto(tx, Ipv4Layer.L4_OFF, pieces);
            TcpPacket h = view.wrap(tx, Ipv4Layer.L4_OFF, len);
            int hl = h.headerLen(), flags = h.flags(), l4 = len, n = 1;
            if (tso && mac >= 0 && len - hl == mss && (flags & TcpPacket.PSH) == 0) {
                for (int got; n < RUN_MAX && (got = t.pollRunInto(tx, Ipv4Layer.L4_OFF + l4, pieces, mss, l4BytesMax - l4, RUN_MAX - n)) > 0; ) {
                    l4 += got;
                    n += (got + mss - 1) / mss;
                    int f = t.lastSegmentFlags();
                    if (t.lastSegmentLen() != mss || (f & TcpPacket.PSH) != 0) { // the run ends with a short or pushed segment
                        flags |= f & TcpPacket.PSH;
                        break;
                    }
                }
            }
            if (n == 1 && eth.txPieces.isEmpty()) tcp.sendBuilt(t.tuple(), tx, len, nowNs);
            else send(t, mac, tx, hl, flags, l4, n, mss);
        }
    }

    /** A super-frame of {@code n} segments, or one segment with gathered pieces: the checksum left to the device. */
    private void send(Tcb t, long mac, MemorySegment tx, int hl, int flags, int l4Len, int n, int mss) {
        int dst = t.tuple().remoteIp(), src = t.tuple().localIp();
        TcpPacket h = view.wrap(tx, Ipv4Layer.L4_OFF, l4Len);
        h.setFlags(flags);
        h.setChecksum(Checksum.fold(Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_TCP, l4Len)));
        eth.txMeta.partialChecksum(Ipv4Layer.L4_OFF, 16);
        if (n > 1) eth.txMeta.tcp4Segmentation(mss, Ipv4Layer.L4_OFF + hl);
        if (ipv4.sendSegmented(mac, dst, Ipv4Packet.PROTO_TCP, l4Len, n)) counters.add(Counter.TX_TCP, n);
    }
}

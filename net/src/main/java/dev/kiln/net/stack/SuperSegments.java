package dev.kiln.net.stack;

import dev.kiln.net.tcp.Tcb;
import dev.kiln.net.wire.Checksum;
import dev.kiln.net.wire.Ipv4Packet;
import dev.kiln.net.wire.TcpPacket;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * TCP segmentation offload on the way out (a device with {@code Offload.TX_TSO4}): a run of a
 * connection's data segments as the {@link Tcb} emits them — contiguous, full-sized but the last,
 * same ACK, window and options, ACK with PSH on the last at most — leaves as one TCPv4
 * super-frame the device cuts back into those segments (one {@code write} instead of one per
 * segment). The segments are drained allocation-free ({@link Tcb#pollSegmentInto}, no checksum)
 * into a scratch area and compared there; the super-frame's header is the first segment's with
 * PSH from the last; its checksum field holds the pseudo-header sum over the super-frame's TCP
 * length, completed per segment by the device; IPv4 identifications advance by one per segment,
 * as the device numbers them. The TCB is unchanged: it sees the segments it emitted. Anything
 * else, a run of one, or a run whose next hop awaits ARP goes out segment by segment
 * ({@link TcpLayer#transmitRaw}).
 */
final class SuperSegments {
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final int FLAGS_OK = TcpPacket.ACK | TcpPacket.PSH, RUN_MAX = 64;
    private final TcpLayer tcp;
    private final EthernetLayer eth;
    private final Ipv4Layer ipv4;
    private final Counters counters;
    private final TcpPacket view = new TcpPacket(), prevView = new TcpPacket(), txView = new TcpPacket();
    /** TCP bytes (header + payload) one super-frame may carry: the device's frame and IPv4's 65535-byte limits. */
    private final int l4BytesMax;
    /** The run being gathered, segment after segment (header, options, payload), then the one that ended it. */
    private final MemorySegment scratch;
    private final int[] offs = new int[RUN_MAX], lens = new int[RUN_MAX];
    /** Segments in the run. */
    private int n;

    SuperSegments(TcpLayer tcp, EthernetLayer eth, Ipv4Layer ipv4, Counters counters) {
        this.tcp = tcp;
        this.eth = eth;
        this.ipv4 = ipv4;
        this.counters = counters;
        this.l4BytesMax = Math.min(eth.maxFrameBytes() - Ipv4Layer.L4_OFF, 0xFFFF - Ipv4Packet.HEADER_LEN_MIN);
        this.scratch = MemorySegment.ofArray(new byte[l4BytesMax + RUN_MAX * 60 + 2 * (ipv4.payloadMax() + 60)]);
    }

    /** Sends everything {@code t} has queued, runs as super-frames. */
    void drain(Tcb t, long nowNs) {
        int mss = t.sendMss(), bytes = 0, at = 0;
        n = 0;
        boolean open = false;
        for (int len; (len = t.nextSegmentLen()) > 0; ) {
            if (n > 0 && (!open || n == RUN_MAX || bytes + len - hdrLen(0) > l4BytesMax)) { // the run is complete
                send(t, bytes, mss, nowNs);
                n = bytes = at = 0;
            }
            if (at + len > scratch.byteSize()) throw new IllegalStateException("segment of " + len + " bytes exceeds the scratch area");
            t.pollSegmentInto(scratch, at, false);
            view.wrap(scratch, at, len);
            if (!joinable(view, len, mss)) {
                if (n > 0) send(t, bytes, mss, nowNs);
                tcp.transmitRaw(t, scratch, at, len, nowNs);
                n = bytes = at = 0;
                continue;
            }
            if (n > 0 && !follows(view, len)) {
                send(t, bytes, mss, nowNs);
                MemorySegment.copy(scratch, at, scratch, 0, len); // it starts the next run
                n = bytes = at = 0;
                view.wrap(scratch, 0, len);
            }
            offs[n] = at;
            lens[n] = len;
            bytes += n == 0 ? len : len - hdrLen(0);
            open = len - view.headerLen() == mss && (view.flags() & TcpPacket.PSH) == 0;
            at += len;
            n++;
        }
        if (n > 0) send(t, bytes, mss, nowNs);
    }

    private int hdrLen(int i) { return prevView.wrap(scratch, offs[i], lens[i]).headerLen(); }

    /** Data with ACK (and maybe PSH) only, at most one MSS. */
    private static boolean joinable(TcpPacket v, int len, int mss) {
        int payload = len - v.headerLen();
        return payload > 0 && payload <= mss && (v.flags() & TcpPacket.ACK) != 0 && (v.flags() & ~FLAGS_OK) == 0 && v.urgent() == 0;
    }

    /** {@code v} continues the run's last segment in sequence with the same header but for the sequence number. */
    private boolean follows(TcpPacket v, int len) {
        TcpPacket a = prevView.wrap(scratch, offs[n - 1], lens[n - 1]);
        int hl = a.headerLen();
        if (v.headerLen() != hl || v.seq() != a.seq() + a.payloadLen() || v.ack() != a.ack() || v.window() != a.window()) return false;
        for (int i = TcpPacket.HEADER_LEN; i < hl; i += 4) // options, aligned as the TCB writes them
            if (scratch.get(U32, a.offset() + i) != scratch.get(U32, v.offset() + i)) return false;
        return true;
    }

    private void send(Tcb t, int l4Len, int mss, long nowNs) {
        if (n == 1) {
            tcp.transmitRaw(t, scratch, offs[0], lens[0], nowNs);
            return;
        }
        int hl = hdrLen(0), lastFlags = prevView.wrap(scratch, offs[n - 1], lens[n - 1]).flags();
        MemorySegment tx = eth.beginTx();
        MemorySegment.copy(scratch, offs[0], tx, Ipv4Layer.L4_OFF, hl);
        long at = Ipv4Layer.L4_OFF + hl;
        for (int i = 0; i < n; i++) { // every header in the run is hl bytes long (follows)
            MemorySegment.copy(scratch, offs[i] + hl, tx, at, lens[i] - hl);
            at += lens[i] - hl;
        }
        int dst = t.tuple().remoteIp(), src = t.tuple().localIp();
        txView.wrap(tx, Ipv4Layer.L4_OFF, l4Len);
        txView.setFlags(txView.flags() | (lastFlags & TcpPacket.PSH));
        txView.setChecksum(Checksum.fold(Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_TCP, l4Len)));
        eth.txMeta.partialChecksum(Ipv4Layer.L4_OFF, 16).tcp4Segmentation(mss, Ipv4Layer.L4_OFF + hl);
        if (ipv4.sendSegmented(dst, Ipv4Packet.PROTO_TCP, l4Len, n, nowNs)) {
            counters.add(Counter.TX_TCP, n);
        } else { // next hop unresolved: the ARP queue takes only MTU-sized frames
            eth.txMeta.clear();
            for (int i = 0; i < n; i++) tcp.transmitRaw(t, scratch, offs[i], lens[i], nowNs);
        }
    }
}

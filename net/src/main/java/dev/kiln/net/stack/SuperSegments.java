package dev.kiln.net.stack;

import dev.kiln.net.tcp.OutSegment;
import dev.kiln.net.tcp.Tcb;
import dev.kiln.net.wire.Checksum;
import dev.kiln.net.wire.Ipv4Packet;
import dev.kiln.net.wire.TcpPacket;
import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * TCP segmentation offload on the way out (a device with {@code Offload.TX_TSO4}): a run of a
 * connection's data segments as the {@link Tcb} emits them — contiguous, full-sized but the last,
 * same ACK, window and options, ACK with PSH on the last at most — leaves as one TCPv4
 * super-frame the device cuts back into those segments (one {@code write} instead of one per
 * segment). The header is the first segment's with PSH from the last; the checksum field holds
 * the pseudo-header sum over the super-frame's TCP length, completed per segment by the device;
 * IPv4 identifications advance by one per segment, as the device numbers them. The TCB is
 * unchanged: it sees the segments it emitted. Anything else, a run of one, or a run whose next
 * hop awaits ARP goes out segment by segment as before.
 */
final class SuperSegments {
    private static final int FLAGS_OK = TcpPacket.ACK | TcpPacket.PSH;
    private final TcpLayer tcp;
    private final EthernetLayer eth;
    private final Ipv4Layer ipv4;
    private final Counters counters;
    private final TcpPacket txView = new TcpPacket();
    /** The segments of the run being gathered: up to 64 (a 64 KB super-frame holds 44 of 1460 bytes; smaller MSSs make shorter runs). */
    private final OutSegment[] run = new OutSegment[64];
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
        int mss = t.sendMss();
        OutSegment o = t.pollSegment();
        while (o != null) {
            if (!joinable(o, mss)) {
                tcp.transmit(o, nowNs);
                o = t.pollSegment();
                continue;
            }
            int n = 0, bytes = o.header().bufferLen();
            boolean open;
            do {
                run[n++] = o;
                bytes += o.payload().length;
                open = o.payload().length == mss && !o.header().has(TcpPacket.PSH);
                o = t.pollSegment();
            } while (open && o != null && n < run.length && follows(run[n - 1], o, mss) && bytes + o.payload().length <= l4BytesMax);
            send(n, bytes, mss, nowNs);
        }
    }

    /** Data with ACK (and maybe PSH) only, at most one MSS. */
    private static boolean joinable(OutSegment o, int mss) {
        TcpRepr h = o.header();
        int len = o.payload().length;
        return len > 0 && len <= mss && h.has(TcpPacket.ACK) && (h.flags() & ~FLAGS_OK) == 0 && h.urgent() == 0;
    }

    /** {@code o} continues {@code prev} in sequence with the same header but for the sequence number. */
    private static boolean follows(OutSegment prev, OutSegment o, int mss) {
        TcpRepr a = prev.header(), b = o.header();
        return joinable(o, mss) && b.seq() == a.seq() + prev.payload().length && b.ack() == a.ack() && b.window() == a.window()
                && (b.flags() & TcpPacket.ACK) != 0 && b.options().equals(a.options());
    }

    private void send(int n, int l4Len, int mss, long nowNs) {
        if (n == 1) {
            tcp.transmit(run[0], nowNs);
            run[0] = null;
            return;
        }
        TcpRepr first = run[0].header();
        int hl = first.bufferLen();
        int dst = run[0].tuple().remoteIp(), src = run[0].tuple().localIp();
        MemorySegment tx = eth.beginTx();
        long at = Ipv4Layer.L4_OFF + hl;
        for (int i = 0; i < n; i++) {
            byte[] p = run[i].payload();
            MemorySegment.copy(p, 0, tx, ValueLayout.JAVA_BYTE, at, p.length);
            at += p.length;
        }
        int flags = first.flags() | (run[n - 1].header().flags() & TcpPacket.PSH);
        new TcpRepr(first.srcPort(), first.dstPort(), first.seq(), first.ack(), flags, first.window(), 0, first.options(), 0)
                .emit(txView.wrap(tx, Ipv4Layer.L4_OFF, hl), src, dst); // the header; its checksum is replaced below
        txView.setChecksum(Checksum.fold(Checksum.pseudoHeader(src, dst, Ipv4Packet.PROTO_TCP, l4Len)));
        eth.txMeta.partialChecksum(Ipv4Layer.L4_OFF, 16).tcp4Segmentation(mss, Ipv4Layer.L4_OFF + hl);
        if (ipv4.sendSegmented(dst, Ipv4Packet.PROTO_TCP, l4Len, n, nowNs)) {
            counters.add(Counter.TX_TCP, n);
        } else { // next hop unresolved: the ARP queue takes only MTU-sized frames
            eth.txMeta.clear();
            for (int i = 0; i < n; i++) tcp.transmit(run[i], nowNs);
        }
        java.util.Arrays.fill(run, 0, n, null);
    }
}

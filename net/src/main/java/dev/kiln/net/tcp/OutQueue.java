package dev.kiln.net.tcp;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpPacket;
import dev.kiln.net.wire.TcpRepr;
import dev.kiln.net.wire.TcpSackBlock;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A connection's segments waiting to be drained: each a row of ints (header fields, timestamp values, SACK
 * blocks, payload length), the payloads copied into one byte ring. Both grow by doubling and are reused, so
 * queueing allocates nothing once warm. {@link #poll} builds the public {@link OutSegment};
 * {@link #pollInto} writes the segment's wire bytes (header, options, payload, checksum) without allocating.
 */
final class OutQueue {
    static final int OPT_TS = 1, OPT_SYN = 2; // option bits: timestamps; the SYN's MSS / window scale / SACK-permitted
    private static final int SEQ = 0, ACK = 1, FLAGS = 2, WND = 3, OPT = 4, TSVAL = 5, TSECR = 6, NSACK = 7, SACK = 8, LEN = 16,
            MSS = 17, WS = 18, SACK_PERM = 19, STRIDE = 20;
    private static final ValueLayout.OfShort U16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private int[] rows = new int[STRIDE * 16];
    private int head, count;
    private byte[] ring = new byte[1 << 12];
    private MemorySegment ringSeg = MemorySegment.ofArray(ring);
    private int ringHead, ringLen;

    int size() { return count; }

    void clear() { head = count = ringHead = ringLen = 0; }

    /** Queues a segment; its payload ({@code len} bytes) follows with {@link #payload}. Returns the row's base for the option setters. */
    int add(int seq, int ack, int flags, int window, int opt, int tsVal, int tsEcr, int len) {
        if (count * STRIDE == rows.length) growRows();
        int b = ((head + count++) * STRIDE) % rows.length;
        rows[b + SEQ] = seq;
        rows[b + ACK] = ack;
        rows[b + FLAGS] = flags;
        rows[b + WND] = window;
        rows[b + OPT] = opt;
        rows[b + TSVAL] = tsVal;
        rows[b + TSECR] = tsEcr;
        rows[b + NSACK] = 0;
        rows[b + LEN] = len;
        return b;
    }

    void sack(int b, int[] blocks, int n) {
        rows[b + NSACK] = n;
        System.arraycopy(blocks, 0, rows, b + SACK, 2 * n);
    }

    void synOptions(int b, int mss, int windowScale, boolean sackPermitted) {
        rows[b + MSS] = mss;
        rows[b + WS] = windowScale;
        rows[b + SACK_PERM] = sackPermitted ? 1 : 0;
    }

    /** Copies the queued segment's {@code len} payload bytes from {@code q} at {@code seq}. */
    void payload(SendBuffer q, int seq, int len) {
        if (ringLen + len > ring.length) growRing(ringLen + len);
        int pos = (ringHead + ringLen) % ring.length, first = Math.min(len, ring.length - pos);
        q.read(seq, ringSeg, pos, first);
        if (first < len) q.read(seq + first, ringSeg, 0, len - first);
        ringLen += len;
    }

    /** The next segment as the public record (allocates it), or null. */
    OutSegment poll(TcpTuple t) {
        if (count == 0) return null;
        int b = head * STRIDE, len = rows[b + LEN];
        byte[] p = new byte[len];
        copyPayload(MemorySegment.ofArray(p), 0, len);
        TcpRepr h = new TcpRepr(t.localPort(), t.remotePort(), rows[b + SEQ], rows[b + ACK], rows[b + FLAGS], rows[b + WND], 0, options(b), len);
        next();
        return new OutSegment(t, h, p);
    }

    /** Bytes {@link #pollInto} writes for the next segment (header, options, payload), or 0 if none is queued. */
    int peekLen() {
        if (count == 0) return 0;
        int b = head * STRIDE;
        return TcpPacket.HEADER_LEN + optionsLen(b) + rows[b + LEN];
    }

    /** Writes the next segment at {@code dst[off..]}, with its checksum for {@code t}'s addresses if {@code checksum}. Returns the bytes written, 0 if none. */
    int pollInto(TcpTuple t, TcpPacket view, MemorySegment dst, long off, boolean checksum) {
        int total = peekLen();
        if (total == 0) return 0;
        if (dst.byteSize() - off < total) throw new IllegalArgumentException("the next segment needs " + total + " bytes, " + (dst.byteSize() - off) + " given");
        int b = head * STRIDE, hdr = total - rows[b + LEN];
        view.wrap(dst, off, total);
        view.setSrcPort(t.localPort());
        view.setDstPort(t.remotePort());
        view.setSeq(rows[b + SEQ]);
        view.setAck(rows[b + ACK]);
        view.setHeaderLen(hdr);
        view.setFlags(rows[b + FLAGS]);
        view.setWindow(rows[b + WND]);
        view.setUrgent(0);
        writeOptions(b, dst, off + TcpPacket.HEADER_LEN);
        copyPayload(dst, off + hdr, rows[b + LEN]);
        if (checksum) view.fillChecksum(t.localIp(), t.remoteIp());
        else view.setChecksum(0);
        next();
        return total;
    }

    private TcpOptionsRepr options(int b) {
        int opt = rows[b + OPT], n = rows[b + NSACK];
        boolean ts = (opt & OPT_TS) != 0;
        java.util.List<TcpSackBlock> sack = java.util.List.of();
        if (n > 0) {
            TcpSackBlock[] blocks = new TcpSackBlock[n];
            for (int i = 0; i < n; i++) blocks[i] = new TcpSackBlock(rows[b + SACK + 2 * i], rows[b + SACK + 2 * i + 1]);
            sack = java.util.List.of(blocks);
        }
        if ((opt & OPT_SYN) != 0)
            return new TcpOptionsRepr(rows[b + MSS], rows[b + WS], rows[b + SACK_PERM] != 0, sack, ts, rows[b + TSVAL], rows[b + TSECR]);
        if (!ts && n == 0) return TcpOptionsRepr.EMPTY;
        return new TcpOptionsRepr(TcpOptionsRepr.NONE, TcpOptionsRepr.NONE, false, sack, ts, ts ? rows[b + TSVAL] : 0, ts ? rows[b + TSECR] : 0);
    }

    /** Outside SYNs the aligned layout {@link TcpOptionsRepr#emit} uses: NOP NOP TS, then NOP NOP SACK. */
    private int optionsLen(int b) {
        if ((rows[b + OPT] & OPT_SYN) != 0) return options(b).bufferLen(); // SYNs are rare: the record may allocate
        int n = rows[b + NSACK];
        return ((rows[b + OPT] & OPT_TS) != 0 ? 12 : 0) + (n > 0 ? 4 + 8 * n : 0);
    }

    private void writeOptions(int b, MemorySegment s, long p) {
        if ((rows[b + OPT] & OPT_SYN) != 0) {
            options(b).emit(s, p);
            return;
        }
        if ((rows[b + OPT] & OPT_TS) != 0) {
            s.set(U32, p, 0x0101080A); // NOP NOP kind 8 length 10
            s.set(U32, p + 4, rows[b + TSVAL]);
            s.set(U32, p + 8, rows[b + TSECR]);
            p += 12;
        }
        int n = rows[b + NSACK];
        if (n == 0) return;
        s.set(U32, p, 0x01010500 | (2 + 8 * n)); // NOP NOP kind 5 length
        for (int i = 0; i < 2 * n; i++) s.set(U32, p + 4 + 4L * i, rows[b + SACK + i]);
    }

    private void copyPayload(MemorySegment dst, long off, int len) {
        int first = Math.min(len, ring.length - ringHead);
        MemorySegment.copy(ringSeg, ringHead, dst, off, first);
        if (first < len) MemorySegment.copy(ringSeg, 0, dst, off + first, len - first);
        ringHead = (ringHead + len) % ring.length;
        ringLen -= len;
    }

    private void next() {
        head = (head + 1) % (rows.length / STRIDE);
        if (--count == 0) head = ringHead = 0;
    }

    private void growRows() {
        int[] bigger = new int[rows.length * 2];
        int n = rows.length - head * STRIDE;
        System.arraycopy(rows, head * STRIDE, bigger, 0, n);
        System.arraycopy(rows, 0, bigger, n, head * STRIDE);
        rows = bigger;
        head = 0;
    }

    private void growRing(int need) {
        byte[] bigger = new byte[Math.max(need, ring.length * 2)];
        int first = Math.min(ringLen, ring.length - ringHead);
        System.arraycopy(ring, ringHead, bigger, 0, first);
        System.arraycopy(ring, 0, bigger, first, ringLen - first);
        ring = bigger;
        ringSeg = MemorySegment.ofArray(ring);
        ringHead = 0;
    }
}

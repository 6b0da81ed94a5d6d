package dev.kiln.net.tcp;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpPacket;
import dev.kiln.net.wire.TcpRepr;
import dev.kiln.net.wire.TcpSackBlock;
import dev.kiln.platform.FramePieces;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A connection's segments waiting to be drained: each a row of ints (header fields, timestamp values, SACK
 * blocks, payload length) in a ring that grows by doubling and is reused, so queueing allocates nothing once
 * warm. Payloads are not copied here: a row names its bytes by sequence number and they are read from the
 * connection's {@link SendBuffer} (which keeps every unacknowledged byte) when the row is drained, so a
 * first send and a retransmission carry exactly the buffered bytes, copied once, into the frame. Bytes the
 * peer acknowledged before the row was drained are left out (a row wholly acknowledged is dropped).
 * {@link #poll} builds the public {@link OutSegment}; {@link #pollInto} writes the segment's wire bytes
 * (header, options, payload, checksum) without allocating; {@link #continuationLen} and
 * {@link #pollRunInto} let a TSO run append the payloads of segments that share the last one's header.
 * A row of several full-sized segments ({@link #pieces}) is drained one segment (piece) at a time, PSH on
 * the last piece only.
 */
final class OutQueue {
    static final int OPT_TS = 1, OPT_SYN = 2; // option bits: timestamps; the SYN's MSS / window scale / SACK-permitted
    private static final int SEQ = 0, ACK = 1, FLAGS = 2, WND = 3, OPT = 4, TSVAL = 5, TSECR = 6, NSACK = 7, SACK = 8, LEN = 16,
            MSS = 17, WS = 18, SACK_PERM = 19, PIECE = 20, STRIDE = 21;
    private static final int PLAIN_FLAGS = TcpPacket.ACK | TcpPacket.PSH;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final SendBuffer q;
    private int[] rows = new int[STRIDE * 16];
    private final int[] last = new int[STRIDE]; // the row polled last (as sent: trimmed), for continuationLen
    private int head, count;

    OutQueue(SendBuffer q) { this.q = q; }

    int size() { return count; }

    void clear() { head = count = 0; }

    /** Queues a segment whose payload is the send buffer's {@code len} bytes from {@code seq}. Returns the row's base for the option setters. */
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
        rows[b + PIECE] = len;
        return b;
    }

    /** The row's payload leaves in segments of at most {@code piece} bytes (each with the row's header, its own sequence number). */
    void pieces(int b, int piece) { rows[b + PIECE] = piece; }

    /** The payload length of the row's next segment. */
    private int pieceLen(int b) { return Math.min(rows[b + LEN], rows[b + PIECE]); }

    /** The flags of the row's next segment: PSH only on its last. */
    private int pieceFlags(int b) { return rows[b + LEN] <= rows[b + PIECE] ? rows[b + FLAGS] : rows[b + FLAGS] & ~TcpPacket.PSH; }

    void sack(int b, int[] blocks, int n) {
        rows[b + NSACK] = n;
        System.arraycopy(blocks, 0, rows, b + SACK, 2 * n);
    }

    void synOptions(int b, int mss, int windowScale, boolean sackPermitted) {
        rows[b + MSS] = mss;
        rows[b + WS] = windowScale;
        rows[b + SACK_PERM] = sackPermitted ? 1 : 0;
    }

    /**
     * The head row's base after leaving out payload the peer acknowledged since it was queued (the row
     * starts at SND.UNA instead; a row wholly acknowledged is dropped), or -1 if none is queued.
     */
    private int headRow() {
        while (count > 0) {
            int b = head * STRIDE, len = rows[b + LEN];
            if (len == 0) return b;
            int una = q.sndUna(), acked = Seq.diff(rows[b + SEQ], una);
            if (acked <= 0) return b;
            if (acked < len) {
                rows[b + SEQ] = una;
                rows[b + LEN] = len - acked;
                return b;
            }
            next(b);
        }
        return -1;
    }

    /** The next segment as the public record (allocates it), or null. */
    OutSegment poll(TcpTuple t) {
        int b = headRow();
        if (b < 0) return null;
        int len = pieceLen(b);
        byte[] p = new byte[len];
        copyPayload(b, MemorySegment.ofArray(p), 0, null);
        TcpRepr h = new TcpRepr(t.localPort(), t.remotePort(), rows[b + SEQ], rows[b + ACK], pieceFlags(b), rows[b + WND], 0, options(b), len);
        next(b);
        return new OutSegment(t, h, p);
    }

    /** Bytes {@link #pollInto} writes for the next segment (header, options, payload), or 0 if none is queued. */
    int peekLen() {
        int b = headRow();
        return b < 0 ? 0 : TcpPacket.HEADER_LEN + optionsLen(b) + pieceLen(b);
    }

    /**
     * Writes the next segment at {@code dst[off..]}, with its checksum for {@code t}'s addresses if {@code checksum}
     * (else lent payload bytes may go into {@code pieces} rather than {@code dst}). Returns the bytes written, 0 if none.
     */
    int pollInto(TcpTuple t, TcpPacket view, MemorySegment dst, long off, boolean checksum, FramePieces pieces) {
        int total = peekLen();
        if (total == 0) return 0;
        if (dst.byteSize() - off < total) throw new IllegalArgumentException("the next segment needs " + total + " bytes, " + (dst.byteSize() - off) + " given");
        int b = head * STRIDE, hdr = total - pieceLen(b);
        view.wrap(dst, off, total);
        view.setSrcPort(t.localPort());
        view.setDstPort(t.remotePort());
        view.setSeq(rows[b + SEQ]);
        view.setAck(rows[b + ACK]);
        view.setHeaderLen(hdr);
        view.setFlags(pieceFlags(b));
        view.setWindow(rows[b + WND]);
        view.setUrgent(0);
        writeOptions(b, dst, off + TcpPacket.HEADER_LEN);
        copyPayload(b, dst, off + hdr, checksum ? null : pieces);
        if (checksum) view.fillChecksum(t.localIp(), t.remoteIp());
        else view.setChecksum(0);
        next(b);
        return total;
    }

    /**
     * The payload length of the next segment if it can follow the segment polled last in one TSO run: both
     * plain data segments (ACK, PSH at most), the next starting where the last ended, with at most {@code mss}
     * bytes and the same acknowledgment, window, options and option values, so the last one's header (with
     * the sequence number advanced) is its header too. Else 0. Compares ints only.
     */
    int continuationLen(int mss) {
        int b = headRow();
        if (b < 0) return 0;
        int len = pieceLen(b);
        if (len <= 0 || len > mss || last[LEN] <= 0 || !plain(rows[b + FLAGS]) || !plain(last[FLAGS])
                || rows[b + SEQ] != last[SEQ] + last[LEN] || rows[b + ACK] != last[ACK] || rows[b + WND] != last[WND]
                || rows[b + OPT] != last[OPT] || rows[b + TSVAL] != last[TSVAL] || rows[b + TSECR] != last[TSECR]) return 0;
        int n = rows[b + NSACK];
        if (n != last[NSACK]) return 0;
        for (int i = 0; i < 2 * n; i++) if (rows[b + SACK + i] != last[SACK + i]) return 0;
        return len;
    }

    private static boolean plain(int flags) { return (flags & TcpPacket.ACK) != 0 && (flags & ~PLAIN_FLAGS) == 0; }

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

    /**
     * Drains, as payload only written at {@code dst[off..]}, the segments that continue the one polled last
     * ({@link #continuationLen}) from the head row: as many of its {@code mss}-sized pieces (and its short last
     * piece) as fit in {@code maxBytes} and {@code maxSegments}, with one read of the send buffer (lent bytes:
     * one piece), rather than one segment a call. A row cut in pieces other than
     * {@code mss} gives one segment a call. Returns the bytes drained, 0 if the next segment does not continue
     * or does not fit; {@link #lastLen()} and {@link #lastFlags()} then describe the last segment drained.
     */
    int pollRunInto(MemorySegment dst, long off, FramePieces pieces, int mss, int maxBytes, int maxSegments) {
        int first = continuationLen(mss);
        if (first == 0 || first > maxBytes || maxSegments <= 0) return 0;
        int b = head * STRIDE, len = rows[b + LEN], piece = rows[b + PIECE];
        int bytes = first, lastLen = first;
        if (first == piece && piece == mss) {
            int full = Math.min(len / piece, Math.min(maxSegments, maxBytes / piece)), rest = len - full * piece;
            bytes = full * piece;
            lastLen = piece;
            if (rest > 0 && rest < piece && full == len / piece && full < maxSegments && bytes + rest <= maxBytes) {
                bytes += rest;
                lastLen = rest;
            }
        }
        copyRun(b, dst, off, bytes, pieces);
        System.arraycopy(rows, b, last, 0, STRIDE);
        last[SEQ] = rows[b + SEQ] + bytes - lastLen;
        last[LEN] = lastLen;
        if (bytes < len) {
            last[FLAGS] = rows[b + FLAGS] & ~TcpPacket.PSH;
            rows[b + SEQ] += bytes;
            rows[b + LEN] -= bytes;
        } else {
            head = (head + 1) % (rows.length / STRIDE);
            if (--count == 0) head = 0;
        }
        return bytes;
    }

    /** Payload bytes of the segment drained last. */
    int lastLen() { return last[LEN]; }

    /** TCP flags of the segment drained last. */
    int lastFlags() { return last[FLAGS]; }

    /**
     * Copies the row's next segment's payload from the send buffer (lent bytes into {@code pieces} if given):
     * every byte of it is still buffered (headRow left out what was acknowledged).
     */
    private void copyPayload(int b, MemorySegment dst, long off, FramePieces pieces) { copyRun(b, dst, off, pieceLen(b), pieces); }

    private void copyRun(int b, MemorySegment dst, long off, int len, FramePieces pieces) {
        if (len > 0 && q.read(rows[b + SEQ], dst, off, len, pieces) != len)
            throw new IllegalStateException("the send buffer lost bytes a queued segment needs: " + len + " from " + Seq.unsigned(rows[b + SEQ]));
    }

    /** The row's next segment was drained: the row moves past it, or leaves the queue after its last. */
    private void next(int b) {
        System.arraycopy(rows, b, last, 0, STRIDE);
        int len = pieceLen(b);
        if (len < rows[b + LEN]) {
            last[LEN] = len;
            last[FLAGS] = pieceFlags(b);
            rows[b + SEQ] += len;
            rows[b + LEN] -= len;
            return;
        }
        head = (head + 1) % (rows.length / STRIDE);
        if (--count == 0) head = 0;
    }

    private void growRows() {
        int[] bigger = new int[rows.length * 2];
        int n = rows.length - head * STRIDE;
        System.arraycopy(rows, head * STRIDE, bigger, 0, n);
        System.arraycopy(rows, 0, bigger, n, head * STRIDE);
        rows = bigger;
        head = 0;
    }
}

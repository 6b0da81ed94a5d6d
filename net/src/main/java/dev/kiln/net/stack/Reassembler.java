package dev.kiln.net.stack;

import dev.kiln.net.wire.Ipv4Packet;
import java.lang.foreign.MemorySegment;

/**
 * IPv4 fragment reassembly (RFC 791 §3.2, RFC 815 style), bounded in every direction:
 * concurrent datagrams, fragments per datagram, buffer bytes across all datagrams, and time
 * from the first fragment. Overlapping fragments drop the whole datagram (the RFC 5722 policy,
 * applied to IPv4 as RFC 8900 §3.4 recommends against trusting overlaps); exact duplicates are
 * ignored. Buffers are allocated when a datagram starts and released when it completes, fails
 * or times out — fragmented traffic is not the hot path.
 *
 * <p>Buffer layout per datagram: the first fragment's header ends at {@link #HEADER_ROOM},
 * the payload follows, so the reassembled datagram is contiguous (header + data) for ICMP
 * errors that quote it.
 */
final class Reassembler {
    /** Room before the payload for the largest IPv4 header. */
    static final int HEADER_ROOM = 60;
    private static final int PAYLOAD_MAX = 0xFFFF - Ipv4Packet.HEADER_LEN_MIN;

    private final Counters counters;
    private final int bytesMax;
    private final long timeoutNs;
    private final int fragmentsMax;

    private final boolean[] used;
    private final int[] src, dst, ident, proto;
    private final long[] deadlineNs;
    private final MemorySegment[] buf;
    private final int[] totalLen; // payload length, -1 until the last fragment arrives
    private final int[] headerLen; // 0 until the first fragment arrives
    private final int[] fragCount;
    private final int[] covered;
    private final int[] starts, ends; // [slot * fragmentsMax + k]
    private int bytesInUse;

    Reassembler(StackConfig c, Counters counters) {
        this.counters = counters;
        this.bytesMax = c.reassemblyBytesMax();
        this.timeoutNs = c.reassemblyTimeoutNs();
        this.fragmentsMax = c.reassemblyFragmentsMax();
        int n = c.reassemblyDatagramsMax();
        used = new boolean[n];
        src = new int[n];
        dst = new int[n];
        ident = new int[n];
        proto = new int[n];
        deadlineNs = new long[n];
        buf = new MemorySegment[n];
        totalLen = new int[n];
        headerLen = new int[n];
        fragCount = new int[n];
        covered = new int[n];
        starts = new int[n * fragmentsMax];
        ends = new int[n * fragmentsMax];
    }

    int bytesInUse() { return bytesInUse; }

    int datagramsInUse() {
        int k = 0;
        for (boolean u : used) if (u) k++;
        return k;
    }

    /**
     * Adds a checked, checksum-verified fragment.
     *
     * @return the slot of a now complete datagram (read it with {@link #segment}, {@link #headerOffset},
     *         {@link #payloadLength}, then {@link #release}), or -1
     */
    int add(Ipv4Packet ip, long nowNs) {
        int off = ip.fragOffset();
        int len = ip.payloadLen();
        boolean mf = ip.moreFragments();
        int end = off + len;
        // RFC 791: every fragment but the last carries a multiple of 8 bytes; nothing may end beyond 65535.
        if ((mf && ((len & 7) != 0 || len == 0)) || end > PAYLOAD_MAX) {
            counters.inc(Counter.DROP_REASM_BAD_FRAGMENT);
            return -1;
        }
        int s = find(ip.src(), ip.dst(), ip.ident(), ip.protocol());
        if (s < 0) {
            s = start(ip, nowNs);
            // At a limit, the oldest incomplete datagram makes way (as Linux does): otherwise a few
            // bogus first fragments would stall all reassembly for the whole timeout.
            while (s < 0) {
                Counter reason = s == NO_BYTES ? Counter.DROP_REASM_BYTES_LIMIT : Counter.DROP_REASM_DATAGRAMS_LIMIT;
                int oldest = oldest();
                if (oldest < 0) {
                    counters.inc(reason);
                    return -1;
                }
                fail(oldest, reason);
                s = start(ip, nowNs);
            }
        }
        int base = s * fragmentsMax;
        for (int k = 0; k < fragCount[s]; k++) {
            int a = starts[base + k], b = ends[base + k];
            if (a == off && b == end) return -1; // exact duplicate: tolerated, ignored
            if (off < b && a < end) { // RFC 5722 §4 policy: overlap discards the datagram
                fail(s, Counter.DROP_REASM_OVERLAP);
                return -1;
            }
        }
        if (!mf) {
            if (totalLen[s] >= 0 && totalLen[s] != end) { fail(s, Counter.DROP_REASM_BAD_FRAGMENT); return -1; }
            for (int k = 0; k < fragCount[s]; k++) if (ends[base + k] > end) { fail(s, Counter.DROP_REASM_BAD_FRAGMENT); return -1; }
            totalLen[s] = end;
        } else if (totalLen[s] >= 0 && end > totalLen[s]) {
            fail(s, Counter.DROP_REASM_BAD_FRAGMENT);
            return -1;
        }
        if (fragCount[s] >= fragmentsMax) { fail(s, Counter.DROP_REASM_FRAGMENTS_LIMIT); return -1; }
        if (!ensureCapacity(s, HEADER_ROOM + end)) { fail(s, Counter.DROP_REASM_BYTES_LIMIT); return -1; }
        MemorySegment.copy(ip.segment(), ip.payloadOffset(), buf[s], HEADER_ROOM + off, len);
        if (off == 0) {
            int hl = ip.headerLen();
            MemorySegment.copy(ip.segment(), ip.offset(), buf[s], HEADER_ROOM - hl, hl);
            headerLen[s] = hl;
        }
        starts[base + fragCount[s]] = off;
        ends[base + fragCount[s]] = end;
        fragCount[s]++;
        covered[s] += len;
        if (totalLen[s] >= 0 && covered[s] == totalLen[s] && headerLen[s] > 0) {
            counters.inc(Counter.REASM_COMPLETED);
            return s;
        }
        return -1;
    }

    MemorySegment segment(int s) { return buf[s]; }
    long headerOffset(int s) { return HEADER_ROOM - headerLen[s]; }
    int headerLength(int s) { return headerLen[s]; }
    long payloadOffset(int s) { return HEADER_ROOM; }
    int payloadLength(int s) { return totalLen[s]; }

    /** Frees a completed datagram's buffer. */
    void release(int s) {
        used[s] = false;
        bytesInUse -= (int) buf[s].byteSize();
        buf[s] = null;
    }

    private void fail(int s, Counter reason) {
        counters.inc(reason);
        release(s);
    }

    private int find(int sa, int da, int id, int p) {
        for (int i = 0; i < used.length; i++)
            if (used[i] && src[i] == sa && dst[i] == da && ident[i] == id && proto[i] == p) return i;
        return -1;
    }

    /** The slot of the incomplete datagram started first (earliest deadline), or -1 if none. */
    private int oldest() {
        int o = -1;
        for (int i = 0; i < used.length; i++) if (used[i] && (o < 0 || deadlineNs[i] < deadlineNs[o])) o = i;
        return o;
    }

    private static final int NO_SLOT = -1;
    private static final int NO_BYTES = -2;

    /** @return the new slot, or NO_SLOT / NO_BYTES */
    private int start(Ipv4Packet ip, long nowNs) {
        for (int i = 0; i < used.length; i++) {
            if (used[i]) continue;
            if (bytesInUse + HEADER_ROOM > bytesMax) return NO_BYTES;
            used[i] = true;
            src[i] = ip.src();
            dst[i] = ip.dst();
            ident[i] = ip.ident();
            proto[i] = ip.protocol();
            deadlineNs[i] = ArpCache.saturatingAdd(nowNs, timeoutNs);
            totalLen[i] = -1;
            headerLen[i] = 0;
            fragCount[i] = 0;
            covered[i] = 0;
            buf[i] = MemorySegment.ofArray(new byte[HEADER_ROOM]);
            bytesInUse += HEADER_ROOM;
            return i;
        }
        return NO_SLOT;
    }

    private boolean ensureCapacity(int s, int need) {
        long cap = buf[s].byteSize();
        if (need <= cap) return true;
        int newCap = (int) Math.min(HEADER_ROOM + PAYLOAD_MAX, Math.max(need, cap * 2));
        if (bytesInUse - cap + newCap > bytesMax) {
            newCap = need; // try the exact size before refusing
            if (bytesInUse - cap + newCap > bytesMax) return false;
        }
        MemorySegment grown = MemorySegment.ofArray(new byte[newCap]);
        MemorySegment.copy(buf[s], 0, grown, 0, cap);
        buf[s] = grown;
        bytesInUse += (int) (newCap - cap);
        return true;
    }

    /** Drops datagrams whose time is up (RFC 791 reassembly timer). @return how many */
    int poll(long nowNs) {
        int n = 0;
        for (int i = 0; i < used.length; i++) {
            if (used[i] && deadlineNs[i] <= nowNs) {
                fail(i, Counter.DROP_REASM_TIMEOUT);
                n++;
            }
        }
        return n;
    }

    long pollAtNs() {
        long t = Long.MAX_VALUE;
        for (int i = 0; i < used.length; i++) if (used[i]) t = Math.min(t, deadlineNs[i]);
        return t;
    }
}

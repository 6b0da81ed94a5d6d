package dev.kiln.net.tcp;

import dev.kiln.net.wire.TcpPacket;
import java.lang.foreign.MemorySegment;

/**
 * Test oracle for TSO runs ({@link Tcb#pollRunInto}): the next queued segment drained whole through the
 * separate {@link Tcb#pollSegmentInto} path, and only its payload appended to the run: one segment a call.
 */
final class OneSegment {
    private OneSegment() {}

    /** The payload length and TCP flags of the segment drained. */
    record Drained(int len, int flags) {}

    /** Drains the next segment, its payload written at {@code dst[off..]} ({@code len} 0 and flags 0 if none is queued). */
    static Drained pollPayloadInto(Tcb t, MemorySegment dst, long off) {
        int total = t.nextSegmentLen();
        if (total == 0) return new Drained(0, 0);
        MemorySegment whole = MemorySegment.ofArray(new byte[total]);
        t.pollSegmentInto(whole, 0, false);
        TcpPacket h = new TcpPacket().wrap(whole, 0, total);
        int len = total - h.headerLen();
        MemorySegment.copy(whole, h.headerLen(), dst, off, len);
        return new Drained(len, h.flags());
    }
}

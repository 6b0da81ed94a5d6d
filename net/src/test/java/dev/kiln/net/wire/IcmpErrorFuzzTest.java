package dev.kiln.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;

/**
 * Hostile bytes as an ICMP message into {@link IcmpErrorRepr}: nothing throws, nothing is read past the
 * message, and what parses has in-range fields and a quote that really held an IPv4 header and 8 bytes.
 */
class IcmpErrorFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void icmpErrorQuoteSurvivesAnyBytes(byte[] data) {
        // the message sits inside a larger buffer: reading past its end would go unnoticed without the slice
        MemorySegment s = MemorySegment.ofArray(data).asSlice(0, data.length);
        IcmpPacket p = new IcmpPacket();
        if (p.wrapChecked(s, 0, data.length) != WireError.OK) return;
        WireError w = IcmpErrorRepr.check(p);
        IcmpErrorRepr e = IcmpErrorRepr.parse(p);
        assertEquals(w == WireError.OK, e != null);
        if (e == null) return;
        assertTrue(IcmpErrorRepr.isError(e.type()));
        int ihl = (data[IcmpPacket.HEADER_LEN] & 0xF) * 4;
        assertTrue(data.length >= IcmpPacket.HEADER_LEN + ihl + IcmpErrorRepr.QUOTED_TRANSPORT_MIN, "the quote held header + 8 bytes");
        assertTrue(e.srcPort() >= 0 && e.srcPort() <= 0xFFFF && e.dstPort() >= 0 && e.dstPort() <= 0xFFFF);
        assertTrue(e.protocol() >= 0 && e.protocol() <= 0xFF && e.quotedTotalLen() >= 0 && e.quotedTotalLen() <= 0xFFFF);
        assertTrue(e.nextHopMtu() >= 0 && e.nextHopMtu() <= 0xFFFF);
        assertTrue(!e.packetTooBig() || !e.hard(), "one kind at most");
    }
}

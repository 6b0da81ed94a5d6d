package dev.kiln.net.wire;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.foreign.MemorySegment;

/**
 * Hostile bytes into the TCP view, options and repr: nothing throws, the payload stays inside the
 * bytes given, and whatever parses re-emits to bytes that parse to the same repr. The seed inputs
 * (a Linux SYN, a data segment) live under src/test/resources/dev/kiln/net/wire/TcpPacketFuzzTestInputs/.
 */
class TcpPacketFuzzTest {
    static final int SRC = 0xc0000201, DST = 0xc0000235;

    @FuzzTest(maxDuration = "10s")
    void tcpSegmentSurvivesAnyBytes(byte[] data) {
        MemorySegment s = MemorySegment.ofArray(data);
        TcpPacket p = new TcpPacket();
        if (!p.wrapChecked(s, 0, data.length).ok()) return;
        assertTrue(p.payloadLen() >= 0 && p.payloadOffset() + p.payloadLen() <= data.length);
        TcpOptionsRepr.check(s, p.optionsOffset(), p.optionsLen());
        TcpOptionsRepr o = TcpOptionsRepr.parse(s, p.optionsOffset(), p.optionsLen());
        if (o == null) return;
        TcpRepr r = new TcpRepr(p.srcPort(), p.dstPort(), p.seq(), p.ack(), p.flags(), p.window(), p.urgent(), o, p.payloadLen());
        MemorySegment out = MemorySegment.ofArray(new byte[r.bufferLen() + r.payloadLen()]);
        MemorySegment.copy(s, p.payloadOffset(), out, r.bufferLen(), r.payloadLen());
        r.emit(new TcpPacket().wrap(out, 0, 0), SRC, DST);
        TcpPacket back = new TcpPacket();
        assertEquals(WireError.OK, back.wrapChecked(out, 0, (int) out.byteSize()));
        assertEquals(r, TcpRepr.parse(back, SRC, DST));
        TcpRepr.parse(p, SRC, DST); // the original's checksum rarely verifies; it must not throw either
    }
}

package dev.kiln.dns.tcp;

import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;

/**
 * Jazzer: hostile bytes, cut into arbitrary reads, through a session whose send side takes
 * arbitrary amounts. Never throws, never consumes bytes it was not offered, never holds more
 * than one answer, and sends exactly what a plain reading of the whole stream would.
 */
class DnsTcpFramerFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void sessionMatchesAPlainReading(FuzzedDataProvider in) {
        int max = in.consumeInt(12, 600);
        DnsTcpServer server = new DnsTcpServer(Stream::echo, DnsTcpConfig.defaults().withQueryBytesMax(max).withQueriesMax(in.consumeInt(1, 50)));
        DnsTcpSession s = server.open(0);
        Stream t = new Stream();
        byte[] stream = in.consumeBytes(in.consumeInt(0, 4000));
        int at = 0;
        long now = 0;
        while (!s.closeWanted() && (at < stream.length || s.blocked())) {
            boolean last = in.remainingBytes() == 0; // then whole reads and all room, so the loop ends
            t.room = last ? Integer.MAX_VALUE : in.consumeInt(0, 700);
            if (s.blocked()) {
                if (s.onWritable(++now, t) && t.unconsumed.length > 0) t.receive(s, new byte[0], now); // the resume offer
                continue;
            }
            int n = last ? stream.length - at : Math.min(stream.length - at, in.consumeInt(0, 300));
            t.receive(s, java.util.Arrays.copyOfRange(stream, at, at + n), ++now);
            at += n;
        }
        while (s.blocked()) { t.room = Integer.MAX_VALUE; s.onWritable(++now, t); }
        assertArrayEquals(plain(stream, server.config()), t.sent.toByteArray());
    }

    /** The reference: frames read one after another from the whole stream. */
    static byte[] plain(byte[] stream, DnsTcpConfig c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MemorySegment seg = MemorySegment.ofArray(stream);
        int off = 0, queries = 0;
        while (queries < c.queriesMax()) {
            int len = DnsTcpFramer.frame(seg, off, c.queryBytesMax());
            if (len < 0) break;
            byte[] a = java.util.Arrays.copyOfRange(stream, off, off + 2 + len);
            a[4] |= (byte) 0x80;
            out.writeBytes(a);
            off += 2 + len;
            queries++;
        }
        return out.toByteArray();
    }
}

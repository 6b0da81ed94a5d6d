package dev.kiln.dns;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kiln.dns.wire.MessageCodec;
import java.lang.foreign.MemorySegment;

/** Jazzer: AuthServer.answer never throws, stays within out's size, and what it sends decodes. */
class AuthServerFuzzTest {
    static final AuthServer SERVER = new AuthServer(TestZones.zoneSet(), ServerConfig.builder().memoEntriesMax(64).memoBytesMax(1 << 16).build());

    @FuzzTest(maxDuration = "10s")
    void answerNeverThrows(FuzzedDataProvider in) {
        int outSize = in.consumeInt(0, 4096);
        boolean tcp = in.consumeBoolean();
        byte[] q = in.consumeRemainingAsBytes();
        MemorySegment out = MemorySegment.ofArray(new byte[outSize]);
        int n = SERVER.answer(MemorySegment.ofArray(q), out, tcp);
        assertTrue(n >= 0 && n <= outSize, "length within out");
        if (n > 0) {
            byte[] r = out.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            assertTrue(MessageCodec.decode(r).ok(), "our answer decodes: " + MessageCodec.decode(r).error() + " out=" + outSize + " tcp=" + tcp + " " + java.util.HexFormat.of().formatHex(r));
        }
    }
}

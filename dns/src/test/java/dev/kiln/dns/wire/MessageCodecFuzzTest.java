package dev.kiln.dns.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;

/** Jazzer: the decoder never throws on any bytes; what it accepts re-encodes and decodes to the same message. */
class MessageCodecFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void decodeNeverThrows(byte[] data) {
        MessageCodec.Decoded d = MessageCodec.decode(data);
        assertNotNull(d.error());
        if (d.ok()) {
            byte[] again;
            try {
                again = d.message().encode();
            } catch (IllegalArgumentException tooBig) {
                return; // decompressed records may not fit in 64 KiB again
            }
            Message first = d.message();
            Message second = MessageCodec.decode(again).message();
            assertNotNull(second, "what we encode decodes");
            // Compression matches names case-insensitively (RFC 1035 §4.1.4, RFC 4343 §4), so a name may
            // come back spelt like an earlier equal name: compare the structure, then demand that one
            // round trip reaches a fixed point.
            assertEquals(first.header(), second.header());
            assertEquals(first.questions().size(), second.questions().size());
            assertEquals(first.answers().size(), second.answers().size());
            assertEquals(first.authorities().size(), second.authorities().size());
            assertEquals(first.additionals().size(), second.additionals().size());
            assertArrayEquals(again, second.encode());
        }
    }
}

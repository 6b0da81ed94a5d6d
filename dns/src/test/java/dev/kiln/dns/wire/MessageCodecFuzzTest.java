package dev.kiln.dns.wire;

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
            assertEquals(d.message(), MessageCodec.decode(again).message());
        }
    }
}

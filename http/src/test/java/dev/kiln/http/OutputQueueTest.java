package dev.kiln.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The session's output ring: chunks as buffer and range, the buffers only read. */
class OutputQueueTest {
    static ByteBuffer text(String s) { return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer(); }

    @Test
    void drainsEveryChunkInOrderThroughSmallBuffersAcrossGrowthAndWrapAround() {
        OutputQueue q = new OutputQueue();
        ByteBuffer shared = text("0123456789");
        StringBuilder want = new StringBuilder(), got = new StringBuilder();
        ByteBuffer dst = ByteBuffer.allocate(7);
        for (int round = 0; round < 50; round++) { // 3..22 chunks queued at a time: the ring wraps and grows
            for (int i = 0; i < 3 + round % 20; i++) {
                q.add(shared.duplicate().position(i % 10));
                want.append("0123456789".substring(i % 10));
            }
            q.add(ByteBuffer.allocate(0)); // nothing: not a chunk
            while (q.drainInto(dst.clear()) > 0) got.append(new String(dst.array(), 0, dst.position(), StandardCharsets.US_ASCII));
            assertTrue(q.isEmpty());
            assertEquals(0, q.bytes());
        }
        assertEquals(want.toString(), got.toString());
        assertEquals(0, shared.position(), "a queued buffer is only read");
    }

    @Test
    void skipAndFirstSeeTheFirstChunkOnly() {
        OutputQueue q = new OutputQueue();
        q.add(text("head"));
        q.add(text("body"));
        assertEquals(8, q.bytes());
        assertEquals(4, q.firstRemaining());
        q.skip(1);
        assertEquals("ead", StandardCharsets.US_ASCII.decode(q.first()).toString());
        assertTrue(q.first().isReadOnly());
        q.skip(3);
        assertEquals("body", StandardCharsets.US_ASCII.decode(q.first()).toString());
        q.clear();
        assertEquals(0, q.bytes());
        assertEquals(0, q.firstRemaining());
        assertEquals(null, q.first());
    }

    @Test
    void drainingStopsBeforeALargeChunkOnceItCopiedSomething() {
        OutputQueue q = new OutputQueue();
        q.add(text("HTTP/1.1 200 OK\r\n\r\n"));
        q.add(ByteBuffer.allocate(100_000).asReadOnlyBuffer()); // a body: lent by the transport, not copied with the head
        q.add(text("next head"));
        ByteBuffer dst = ByteBuffer.allocate(65536);
        assertEquals(19, q.drainInto(dst, 8192), "the head alone");
        assertEquals(100_000, q.firstRemaining());
        q.skip(100_000); // the transport lent it
        assertEquals(9, q.drainInto(dst.clear(), 8192));
        q.add(ByteBuffer.allocate(20_000).asReadOnlyBuffer());
        assertEquals(20_000, q.drainInto(dst.clear(), 8192), "a large chunk first is copied (a transport that does not lend)");
    }
}

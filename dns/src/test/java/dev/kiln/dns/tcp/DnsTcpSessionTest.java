package dev.kiln.dns.tcp;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** RFC 7766 behaviour of a session over a scripted transport, with an echo responder. */
class DnsTcpSessionTest {
    static final long SEC = 1_000_000_000L;
    final DnsTcpServer server = new DnsTcpServer(Stream::echo, DnsTcpConfig.defaults().withQueryBytesMax(512).withIdleTimeoutNs(5 * SEC));
    final Stream t = new Stream();

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    @Test
    void pipelinedQueriesInOneReadAreAnsweredInOrder() {
        DnsTcpSession s = server.open(0);
        byte[] in = concat(Stream.query(1, 30), Stream.query(2, 12), Stream.query(3, 100));
        assertEquals(in.length, t.receive(s, in, 0));
        assertArrayEquals(concat(Stream.answer(1, 30), Stream.answer(2, 12), Stream.answer(3, 100)), t.sent.toByteArray());
        assertEquals(3L, server.counters().get("queries"));
    }

    @Test
    void queriesSplitAnywhereAreAnsweredOnceWhole() {
        DnsTcpSession s = server.open(0);
        byte[] in = concat(Stream.query(7, 40), Stream.query(8, 20));
        for (int i = 0; i < in.length; i++) t.receive(s, new byte[] {in[i]}, i);
        assertArrayEquals(concat(Stream.answer(7, 40), Stream.answer(8, 20)), t.sent.toByteArray());
        assertEquals(0, t.unconsumed.length);
    }

    @Test
    void aPrefixShorterThanAHeaderClosesAfterTheEarlierAnswers() {
        DnsTcpSession s = server.open(0);
        byte[] bad = {0, 11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
        t.receive(s, concat(Stream.query(1, 12), bad, Stream.query(2, 12)), 0);
        assertTrue(s.closeWanted());
        assertArrayEquals(Stream.answer(1, 12), t.sent.toByteArray(), "the query before is answered, nothing after");
        assertEquals(1L, server.counters().get("closed_bad_length"));
    }

    @Test
    void aPrefixOverTheLimitClosesWithoutWaitingForTheBytes() {
        DnsTcpSession s = server.open(0);
        assertEquals(0, t.receive(s, new byte[] {0x02, 0x01}, 0)); // 513 > 512
        assertTrue(s.closeWanted());
    }

    @Test
    void aFullSendBufferDefersOneAnswerAndStopsReading() {
        DnsTcpSession s = server.open(0);
        t.room = 10;
        byte[] in = concat(Stream.query(1, 30), Stream.query(2, 30));
        int used = t.receive(s, in, 0);
        assertEquals(32, used, "the second query waits");
        assertTrue(s.blocked());
        assertFalse(s.onWritable(1, t), "10 more bytes: still 12 left");
        t.room = Integer.MAX_VALUE;
        assertTrue(s.onWritable(2, t));
        assertFalse(s.blocked());
        t.receive(s, new byte[0], 3); // the stack offers the rest again on resume
        assertArrayEquals(concat(Stream.answer(1, 30), Stream.answer(2, 30)), t.sent.toByteArray());
        assertEquals(1L, server.counters().get("answers_deferred"));
    }

    @Test
    void idleTimeoutCountsFromTheLastQuery() {
        DnsTcpSession s = server.open(SEC);
        assertEquals(6 * SEC, s.deadlineNs());
        t.receive(s, Stream.query(1, 12), 3 * SEC);
        assertEquals(8 * SEC, s.deadlineNs());
        assertFalse(s.idle(8 * SEC - 1));
        assertTrue(s.idle(8 * SEC));
        assertEquals(1L, server.counters().get("closed_idle"));
    }

    @Test
    void queriesMaxEndsTheConnectionAfterItsAnswer() {
        DnsTcpServer two = new DnsTcpServer(Stream::echo, DnsTcpConfig.defaults().withQueriesMax(2));
        DnsTcpSession s = two.open(0);
        byte[] in = concat(Stream.query(1, 12), Stream.query(2, 12), Stream.query(3, 12));
        assertEquals(28, t.receive(s, in, 0));
        assertTrue(s.closeWanted());
        assertArrayEquals(concat(Stream.answer(1, 12), Stream.answer(2, 12)), t.sent.toByteArray());
    }

    @Test
    void framerRejectsAndWaitsAsDocumented() {
        var seg = java.lang.foreign.MemorySegment.ofArray(new byte[] {0, 12, 0, 0});
        assertEquals(DnsTcpFramer.NEED_MORE, DnsTcpFramer.frame(seg, 0, 512));
        assertEquals(DnsTcpFramer.NEED_MORE, DnsTcpFramer.frame(seg, 3, 512));
        assertEquals(DnsTcpFramer.NEED_MORE, DnsTcpFramer.frame(seg, 4, 512));
        assertEquals(DnsTcpFramer.TOO_SHORT, DnsTcpFramer.frame(java.lang.foreign.MemorySegment.ofArray(new byte[] {0, 0}), 0, 512));
        assertEquals(DnsTcpFramer.TOO_LONG, DnsTcpFramer.frame(java.lang.foreign.MemorySegment.ofArray(new byte[] {(byte) 0xff, (byte) 0xff}), 0, 512));
    }
}

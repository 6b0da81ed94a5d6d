package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kiln.net.stack.SeededEntropy;
import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * A hostile peer and an erratic user against one connection and one listener: segments with chosen
 * sequence and acknowledgment numbers near the interesting edges (or anywhere), any flags and options,
 * interleaved with send, read, close, abort and timers. Nothing throws, the sequence variables stay
 * ordered, the queues stay within their bounds, and a CLOSED connection has no timer.
 */
class TcbFuzzTest {
    static final TcpConfig CFG = TcpConfig.DEFAULT.withRecvBufBytes(4096).withBacklog(4).withSynCookies(true);

    @FuzzTest(maxDuration = "10s")
    void connectionSurvivesAnyPeer(FuzzedDataProvider data) {
        TcpContext ctx = TcpContext.of(CFG.withOptions(data.consumeBoolean(), data.consumeBoolean(), data.consumeBoolean()),
                new SeededEntropy(data.consumeLong()));
        TcpTuple tuple = new TcpTuple(US, OUR_PORT, THEM, THEIR_PORT);
        Tcb t = Tcb.connect(ctx, tuple, 0);
        ListenEndpoint l = new ListenEndpoint(ctx, US, THEIR_PORT);
        int peerSeq = data.consumeInt();
        long now = 0;
        for (int steps = 0; data.remainingBytes() > 0 && steps < 100; steps++) {
            switch (data.consumeInt(0, 6)) {
                case 0, 1 -> {
                    TcpRepr s = segment(data, t, peerSeq);
                    t.onSegment(s, MemorySegment.ofArray(new byte[s.payloadLen()]), now);
                }
                case 2 -> t.send(MemorySegment.ofArray(new byte[3000]), 0, data.consumeInt(0, 3000), now);
                case 3 -> t.read(new byte[2000], 0, data.consumeInt(0, 2000), now);
                case 4 -> { if (data.consumeBoolean()) t.close(now); else if (data.consumeInt(0, 9) == 0) t.abort(now); }
                case 5 -> {
                    now += data.consumeLong(0, 120_000_000_000L);
                    t.onTimer(now);
                }
                default -> {
                    Tcb child = l.onSegment(THEM, segment(data, t, peerSeq), now);
                    if (child != null) assertTrue(child.state() == TcpState.SYN_RECEIVED || child.state() == TcpState.ESTABLISHED); // a SYN cookie ACK
                    assertTrue(l.queued() <= CFG.backlog());
                }
            }
            check(t);
        }
    }

    private static TcpRepr segment(FuzzedDataProvider data, Tcb t, int peerSeq) {
        int seq = data.consumeBoolean() ? t.rcvNxt + data.consumeInt(-70_000, 70_000) : data.consumeBoolean() ? peerSeq : data.consumeInt();
        int ack = data.consumeBoolean() ? t.sndUna + data.consumeInt(-70_000, 70_000) : data.consumeInt();
        TcpOptionsRepr o = TcpOptionsRepr.EMPTY;
        if (data.consumeBoolean()) o = o.withMss(data.consumeInt(0, 0xFFFF));
        if (data.consumeBoolean()) o = o.withWindowScale(data.consumeInt(0, 0xFF));
        if (data.consumeBoolean()) o = o.withTimestamps(data.consumeInt(), data.consumeInt());
        if (data.consumeBoolean()) o = o.withSackPermitted(true);
        return new TcpRepr(THEIR_PORT, OUR_PORT, seq, ack, data.consumeInt(0, 0xFF), data.consumeInt(0, 0xFFFF), 0, o,
                data.consumeInt(0, 1500));
    }

    private static void check(Tcb t) {
        assertTrue(Seq.le(t.sndUna, t.sndNxt), () -> "SND.UNA after SND.NXT: " + t);
        assertTrue(t.sendQueued() <= CFG.sendBufBytes() && t.rx.readable() <= t.cfg.recvBufBytes()
                && t.rx.intervals() <= Tcb.OUT_OF_ORDER_INTERVALS);
        if (t.state() == TcpState.CLOSED) assertEquals(Long.MAX_VALUE, t.pollAtNs(), "a closed connection has no timer");
        List<OutSegment> out = sent(t);
        // a generous bound whatever the congestion window: the whole send queue in the smallest segments
        assertTrue(out.size() <= CFG.sendBufBytes() / (Handshake.MIN_MSS - 12) + 4, "output per step is bounded");
        for (OutSegment s : out) assertTrue(s.header().bufferLen() <= 60);
        events(t);
    }
}

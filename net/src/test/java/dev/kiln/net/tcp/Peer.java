package dev.kiln.net.tcp;

import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.stack.SeededEntropy;
import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** A scripted peer for RFC scenario tests: builds the segments the remote end sends and reads what the TCB sent. */
final class Peer {
    static final int US = 0xc0000201, THEM = 0xc0000202;
    static final int OUR_PORT = 40000, THEIR_PORT = 80;
    static final long MS = 1_000_000L, SECOND = 1_000_000_000L;

    final TcpContext ctx;
    final TcpTuple tuple = new TcpTuple(US, OUR_PORT, THEM, THEIR_PORT);
    /** The peer's ISN and the options its SYN carries. */
    int iss = 1_000_000;
    TcpOptionsRepr synOptions = TcpOptionsRepr.EMPTY.withMss(1400);

    Peer() { this(TcpConfig.DEFAULT.withOptions(false, false, false)); }

    Peer(TcpConfig cfg) { this(TcpContext.of(cfg, new SeededEntropy(42))); }

    /** A peer of a connection in a given context (e.g. one whose budget other connections share). */
    Peer(TcpContext ctx) { this.ctx = ctx; }

    static TcpRepr seg(int seq, int ack, int flags, int window, TcpOptionsRepr o, int len) {
        return new TcpRepr(THEIR_PORT, OUR_PORT, seq, ack, flags, window, 0, o, len);
    }

    static TcpRepr seg(int seq, int ack, int flags) { return seg(seq, ack, flags, 65535, TcpOptionsRepr.EMPTY, 0); }

    static void deliver(Tcb t, TcpRepr s, long nowNs) { t.onSegment(s, MemorySegment.ofArray(new byte[s.payloadLen()]), nowNs); }

    static void deliver(Tcb t, TcpRepr s, byte[] payload, long nowNs) { t.onSegment(s, MemorySegment.ofArray(payload), nowNs); }

    static List<OutSegment> sent(Tcb t) {
        List<OutSegment> l = new ArrayList<>();
        for (OutSegment s; (s = t.pollSegment()) != null; ) l.add(s);
        return l;
    }

    static OutSegment sentOne(Tcb t) {
        List<OutSegment> l = sent(t);
        assertEquals(1, l.size(), () -> "expected one segment, got " + l);
        return l.getFirst();
    }

    static List<TcpEvent> events(Tcb t) {
        List<TcpEvent> l = new ArrayList<>();
        for (TcpEvent e; (e = t.pollEvent()) != null; ) l.add(e);
        return l;
    }

    /** Asserts a bare ACK {@code <SEQ=seq><ACK=ack>}. */
    static void assertAck(OutSegment s, int seq, int ack) {
        assertEquals(ACK, s.header().flags() & (ACK | SYN | FIN | RST), () -> "not a bare ACK: " + s.header());
        assertEquals(seq, s.header().seq(), "seq");
        assertEquals(ack, s.header().ack(), "ack");
        assertEquals(0, s.payload().length);
    }

    /** An active open that the peer answers with SYN-ACK: the TCB is ESTABLISHED, its output drained. */
    Tcb established(long nowNs) {
        Tcb t = Tcb.connect(ctx, tuple, nowNs);
        OutSegment syn = sentOne(t);
        deliver(t, seg(iss, syn.header().seq() + 1, SYN | ACK, 65535, synOptions, 0), nowNs);
        assertEquals(TcpState.ESTABLISHED, t.state());
        sent(t);
        events(t);
        return t;
    }
}

package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpSackBlock;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * A sending connection with SACK against a scripted {@link Peer}, counted in whole segments: the shared setup
 * of the loss-recovery tests (RFC 6675, RFC 8985 RACK and TLP).
 */
abstract class SackSenderFixture {
    static final int MSS = 1400;
    static final long RTT = 2 * MS;
    final Peer p = new Peer(TcpConfig.DEFAULT.withOptions(false, false, true).withBbr(false)); // the loss-based window, whose reductions are observed
    Tcb t;
    int una;

    /** ESTABLISHED with SACK and one RTT sample of 2 ms (the SYN-ACK came 2 ms after the SYN), then {@code segments} queued at 2 ms. */
    void sendingAfterRttSample(int segments) {
        t = Tcb.connect(p.ctx, p.tuple, 0);
        OutSegment syn = sentOne(t);
        deliver(t, seg(p.iss, syn.header().seq() + 1, SYN | ACK, 65535, TcpOptionsRepr.EMPTY.withMss(MSS).withSackPermitted(true), 0), RTT);
        assertEquals(TcpState.ESTABLISHED, t.state());
        sent(t);
        una = t.sndUna;
        t.send(MemorySegment.ofArray(new byte[segments * MSS]), 0, segments * MSS, RTT);
    }

    /** An ACK of {@code ackSeg} segments with SACK blocks given as [from, to) segment pairs. */
    void ack(int ackSeg, long nowNs, int... ranges) {
        List<TcpSackBlock> b = new ArrayList<>();
        for (int i = 0; i < ranges.length; i += 2) b.add(new TcpSackBlock(una + ranges[i] * MSS, una + ranges[i + 1] * MSS));
        deliver(t, seg(p.iss + 1, una + ackSeg * MSS, ACK, 65535, TcpOptionsRepr.EMPTY.withSack(b), 0), nowNs);
    }

    /** The segment numbers (offset / MSS) of what the connection sent. */
    List<Integer> sentSegments() { return sent(t).stream().map(s -> (s.header().seq() - una) / MSS).toList(); }
}

package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** shutdownOutput: a half-close whose FIN-WAIT-2 has no orphan timeout while the application still reads. */
class TcpHalfCloseTest {
    static final long FIN_WAIT_2 = TcpConfig.DEFAULT.finWait2TimeoutNs();
    final Peer p = new Peer();
    final Tcb t = p.established(0);
    final int rcv = p.iss + 1;

    void finAcked(long nowNs) {
        OutSegment fin = sentOne(t);
        assertTrue(fin.header().has(FIN));
        deliver(t, seg(rcv, fin.header().seq() + 1, ACK), nowNs);
        assertEquals(TcpState.FIN_WAIT_2, t.state());
    }

    @Test
    void shutdownOutputWaitsInFinWait2WithoutTheOrphanTimeout() {
        t.shutdownOutput(1);
        finAcked(2);
        assertEquals(Long.MAX_VALUE, t.pollAtNs(), "the application still reads: no tcp_fin_timeout");
        deliver(t, seg(rcv, t.sndNxt, ACK | PSH, 65535, TcpOptionsRepr.EMPTY, 5), new byte[5], 10 * FIN_WAIT_2);
        assertEquals(5, t.readable(), "the other direction still moves, long after the timeout would have fired");
        deliver(t, seg(rcv + 5, t.sndNxt, ACK | FIN), 10 * FIN_WAIT_2 + 1);
        assertEquals(TcpState.TIME_WAIT, t.state());
    }

    @Test
    void closeAfterShutdownOutputArmsTheOrphanTimeout() {
        t.shutdownOutput(1);
        finAcked(2);
        t.close(100);
        assertEquals(100 + FIN_WAIT_2, t.pollAtNs());
        t.onTimer(100 + FIN_WAIT_2);
        assertEquals(TcpState.CLOSED, t.state());
        List<TcpEvent> e = events(t);
        assertEquals(List.of(TcpEvent.TIMED_OUT, TcpEvent.CLOSED), e.subList(e.size() - 2, e.size()));
    }

    @Test
    void closeKeepsTheOrphanTimeout() {
        t.close(1);
        finAcked(2);
        assertEquals(2 + FIN_WAIT_2, t.pollAtNs());
    }
}

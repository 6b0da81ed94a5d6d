package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keep-alives (RFC 9293 §3.8.4, RFC 1122 4.2.3.6). */
class TcpKeepAliveTest {
    static final long IDLE = 10 * SECOND, INTERVAL = SECOND;
    final Peer p = new Peer(TcpConfig.DEFAULT.withOptions(false, false, false).withKeepAlive(IDLE, INTERVAL, 3));

    @Test
    void keepAliveOffByDefault() {
        Tcb t = new Peer().established(0);
        assertEquals(Long.MAX_VALUE, t.pollAtNs(), "an idle connection has no timer");
    }

    @Test
    void keepAliveProbeAfterIdleIsSndNxtMinusOneWithoutData() {
        Tcb t = p.established(0);
        assertEquals(IDLE, t.pollAtNs());
        t.onTimer(IDLE);
        OutSegment probe = sentOne(t);
        assertAck(probe, t.sndNxt - 1, p.iss + 1);
        assertEquals(IDLE + INTERVAL, t.pollAtNs());
        deliver(t, seg(p.iss + 1, t.sndNxt, ACK), IDLE + 5); // the peer answers: the probe was out of its window
        assertEquals(IDLE + 5 + IDLE, t.pollAtNs(), "an answer restarts the idle time");
        assertEquals(TcpState.ESTABLISHED, t.state());
    }

    @Test
    void unansweredKeepAlivesCloseTheConnection() {
        Tcb t = p.established(0);
        for (int i = 0; i < 3; i++) {
            t.onTimer(t.pollAtNs());
            assertAck(sentOne(t), t.sndNxt - 1, p.iss + 1);
        }
        assertEquals(IDLE + 3 * INTERVAL, t.pollAtNs());
        t.onTimer(t.pollAtNs());
        assertEquals(RST, sentOne(t).header().flags());
        assertEquals(TcpState.CLOSED, t.state());
        assertEquals(List.of(TcpEvent.TIMED_OUT, TcpEvent.CLOSED), events(t));
        assertEquals(Long.MAX_VALUE, t.pollAtNs());
    }

    @Test
    void keepAliveDoesNotProbeWhileDataIsOutstanding() {
        Tcb t = p.established(0);
        t.send(java.lang.foreign.MemorySegment.ofArray(new byte[10]), 0, 10, IDLE - 1);
        sent(t);
        t.keepAliveAtNs = IDLE; // due now, but the retransmission timer watches the peer
        t.onTimer(IDLE);
        assertEquals(List.of(), sent(t));
        assertEquals(2 * IDLE, t.keepAliveAtNs);
    }

    @Test
    void keepAliveSettingsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> TcpConfig.DEFAULT.withKeepAlive(SECOND, 0, 3));
        assertThrows(IllegalArgumentException.class, () -> TcpConfig.DEFAULT.withKeepAlive(SECOND, SECOND, 0));
    }
}

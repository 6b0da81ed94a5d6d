package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RFC 9293 §3.10.7.4 answers an unacceptable segment with an ACK; for one without data (an ACK) at most one per
 * 500 ms per connection, as Linux's tcp_oow_rate_limited: two ends whose receive buffers are full of out-of-order
 * data each find the other's ACKs beyond the window, and answered each of them — an ACK storm (seed 53 of
 * TcpTransferSimTest, once the SACK scoreboard held more ranges).
 */
class TcpUnacceptableAckTest {
    final Peer p = new Peer();
    final Tcb t = p.established(0);
    final int una = t.sndUna, rcv = p.iss + 1;

    List<OutSegment> old(int len, long nowNs) { // an old duplicate: below RCV.NXT, unacceptable
        deliver(t, seg(rcv - 1 - len, una, ACK, 65535, TcpOptionsRepr.EMPTY, len), new byte[len], nowNs);
        return sent(t);
    }

    List<OutSegment> beyond(long nowNs) { // an ACK beyond the receive window, unacceptable
        deliver(t, seg(rcv + t.rcvWnd() + 1000, una, ACK, 65535, TcpOptionsRepr.EMPTY, 0), nowNs);
        return sent(t);
    }

    @Test
    void anAckBeyondTheWindowIsAnsweredAtMostEvery500ms() {
        assertEquals(1, beyond(MS).size(), "the first is answered (RFC 9293)");
        for (int i = 0; i < 100; i++) assertEquals(List.of(), beyond(2 * MS), "no ACK for an ACK: no storm");
        assertEquals(1, beyond(502 * MS).size(), "500 ms later, again one");
    }

    @Test
    void oldAcksAndUnacceptableDataAreAlwaysAnswered() {
        for (int i = 0; i < 5; i++) assertEquals(1, old(0, MS).size(), "an ACK overtaken by data is answered each time");
        for (int i = 0; i < 5; i++) assertEquals(1, old(100, MS).size(), "data (an old duplicate) is answered each time: its D-SACK");
    }
}

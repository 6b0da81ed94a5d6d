package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Blind in-window attacks (RFC 5961) and PAWS (RFC 7323 §5) against an ESTABLISHED connection. */
class TcpRfc5961Test {
    final Peer p = new Peer(TcpConfig.DEFAULT.withOptions(false, false, false).withChallengeAcksPerSecond(3));
    final Tcb t = p.established(0);
    final int una = t.sndUna, rcv = p.iss + 1;

    @Test
    void establishedExactRstResets() {
        deliver(t, seg(rcv, 0, RST), 1);
        assertEquals(TcpState.CLOSED, t.state());
        assertEquals(List.of(TcpEvent.RESET, TcpEvent.CLOSED), events(t));
        assertTrue(sent(t).isEmpty());
    }

    @Test
    void establishedInWindowRstGetsChallengeAck() {
        deliver(t, seg(rcv + 1000, 0, RST), 1);
        assertEquals(TcpState.ESTABLISHED, t.state());
        assertAck(sentOne(t), una, rcv);
        assertTrue(events(t).isEmpty());
    }

    @Test
    void establishedOutOfWindowRstIsDropped() {
        deliver(t, seg(rcv - 1, 0, RST), 1);
        deliver(t, seg(rcv + TcpConfig.DEFAULT.recvBufBytes() + 10, 0, RST), 1);
        assertEquals(TcpState.ESTABLISHED, t.state());
        assertTrue(sent(t).isEmpty(), "RFC 5961 §3.2: silently");
    }

    @Test
    void establishedSynGetsChallengeAck() {
        deliver(t, seg(rcv + 5, 0, SYN), 1);
        assertEquals(TcpState.ESTABLISHED, t.state());
        assertAck(sentOne(t), una, rcv);
        deliver(t, seg(rcv - 100_000, 0, SYN), 2); // out of window: the ordinary ACK for an unacceptable segment
        assertAck(sentOne(t), una, rcv);
        assertEquals(TcpState.ESTABLISHED, t.state());
    }

    @Test
    void challengeAcksAreRateLimited() {
        for (int i = 0; i < 10; i++) deliver(t, seg(rcv + 10 + i, 0, RST), 100 * MS);
        assertEquals(3, sent(t).size(), "3 per second");
        assertEquals(7, p.ctx.challengeAcks().suppressed());
        deliver(t, seg(rcv + 10, 0, RST), 100 * MS + SECOND);
        assertEquals(1, sent(t).size(), "a new second, a new allowance");
    }

    @Test
    void ackOfUnsentDataIsChallengedAndTextDropped() {
        deliver(t, seg(rcv, una + 10, ACK | PSH, 65535, TcpOptionsRepr.EMPTY, 3), new byte[] {1, 2, 3}, 1);
        assertAck(sentOne(t), una, rcv);
        assertEquals(0, t.readable(), "the data is not delivered");
    }

    @Test
    void blindDataWithAncientAckIsDropped() {
        // RFC 5961 §5.2: SEG.ACK below SND.UNA - MAX.SND.WND is not acceptable
        deliver(t, seg(rcv, una - 70_000, ACK, 65535, TcpOptionsRepr.EMPTY, 3), new byte[] {1, 2, 3}, 1);
        assertAck(sentOne(t), una, rcv);
        assertEquals(0, t.readable());
        deliver(t, seg(rcv, una - 100, ACK, 65535, TcpOptionsRepr.EMPTY, 3), new byte[] {1, 2, 3}, 2);
        assertEquals(3, t.readable(), "an old but plausible ACK is fine");
    }

    @Test
    void pawsDropsSegmentWithOldTimestamp() {
        Peer ts = new Peer(TcpConfig.DEFAULT.withOptions(false, true, false));
        ts.synOptions = TcpOptionsRepr.EMPTY.withMss(1400).withTimestamps(5000, 0);
        Tcb c = ts.established(0);
        int r = ts.iss + 1;
        deliver(c, seg(r, c.sndUna, ACK, 65535, TcpOptionsRepr.EMPTY.withTimestamps(6000, 0), 2), new byte[] {7, 8}, 1);
        assertEquals(2, c.readable());
        c.onTimer(c.pollAtNs()); // the delayed ACK
        assertEquals(6000, sentOne(c).header().options().tsEcr(), "TS.Recent advanced");
        deliver(c, seg(r + 2, c.sndUna, ACK, 65535, TcpOptionsRepr.EMPTY.withTimestamps(4000, 0), 2), new byte[] {9, 9}, 2);
        assertEquals(2, c.readable(), "an older timestamp is an old duplicate: dropped");
        assertAck(sentOne(c), c.sndNxt, r + 2);
    }
}

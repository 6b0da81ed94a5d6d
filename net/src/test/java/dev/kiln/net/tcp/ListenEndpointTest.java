package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Passive open: LISTEN (RFC 9293 §3.10.7.2), SYN-RECEIVED, the listen queue. */
class ListenEndpointTest {
    final Peer p = new Peer(TcpConfig.DEFAULT.withOptions(false, false, false).withBacklog(2).withSynCookies(false));
    final ListenEndpoint l = new ListenEndpoint(p.ctx, US, OUR_PORT);

    Tcb syn(int srcPort, long nowNs) {
        return l.onSegment(THEM, new TcpRepr(srcPort, OUR_PORT, p.iss, 0, SYN, 65535, 0, TcpOptionsRepr.EMPTY.withMss(1400), 0), nowNs);
    }

    @Test
    void passiveOpenAnswersSynAckAndIsAcceptedOnceEstablished() {
        Tcb t = syn(THEIR_PORT, 0);
        assertEquals(TcpState.SYN_RECEIVED, t.state());
        TcpRepr synAck = sentOne(t).header();
        assertEquals(SYN | ACK, synAck.flags());
        assertEquals(p.iss + 1, synAck.ack());
        assertEquals(1460, synAck.options().mss());
        assertNull(l.accept(), "not established yet");
        deliver(t, seg(p.iss + 1, synAck.seq() + 1, ACK), 1);
        assertEquals(TcpState.ESTABLISHED, t.state());
        assertEquals(List.of(TcpEvent.ESTABLISHED), events(t));
        assertSame(t, l.accept());
        assertEquals(0, l.queued());
    }

    @Test
    void listenBacklogFullDropsSyn() {
        assertNotNull(syn(1001, 0));
        assertNotNull(syn(1002, 0));
        assertNull(syn(1003, 0), "backlog 2: the third SYN is dropped");
        assertNull(l.pollSegment(), "silently: the peer retransmits");
        assertEquals(1, l.droppedSyns());
    }

    @Test
    void listenQueueFreesWhenAHalfOpenConnectionIsReset() {
        Tcb a = syn(1001, 0);
        syn(1002, 0);
        deliver(a, new TcpRepr(1001, OUR_PORT, p.iss + 1, 0, RST, 0, 0, TcpOptionsRepr.EMPTY, 0), 1);
        assertEquals(TcpState.CLOSED, a.state(), "RFC 9293: a passive SYN-RECEIVED returns to LISTEN");
        assertEquals(List.of(TcpEvent.CLOSED), events(a));
        assertNotNull(syn(1003, 2));
    }

    @Test
    void listenStrayAckGetsRst() {
        assertNull(l.onSegment(THEM, seg(5, 777, ACK), 0));
        TcpRepr r = l.pollSegment().header();
        assertEquals(RST, r.flags());
        assertEquals(777, r.seq());
    }

    @Test
    void listenIgnoresRst() {
        assertNull(l.onSegment(THEM, seg(5, 777, RST | ACK), 0));
        assertNull(l.pollSegment());
    }

    @Test
    void synReceivedRetransmittedSynGetsSynAck() {
        Tcb t = syn(THEIR_PORT, 0);
        TcpRepr first = sentOne(t).header();
        deliver(t, seg(p.iss, 0, SYN), 10 * MS);
        TcpRepr again = sentOne(t).header();
        assertEquals(SYN | ACK, again.flags());
        assertEquals(first.seq(), again.seq());
        assertEquals(TcpState.SYN_RECEIVED, t.state());
    }

    @Test
    void synReceivedBadAckGetsRst() {
        Tcb t = syn(THEIR_PORT, 0);
        int iss = sentOne(t).header().seq();
        deliver(t, seg(p.iss + 1, iss + 1000, ACK), 1);
        TcpRepr r = sentOne(t).header();
        assertEquals(RST, r.flags());
        assertEquals(iss + 1000, r.seq());
        assertEquals(TcpState.SYN_RECEIVED, t.state());
    }

    @Test
    void synReceivedRetransmitsSynAckThenGivesUp() {
        Tcb t = syn(THEIR_PORT, 0);
        sent(t);
        for (int i = 0; i < TcpConfig.DEFAULT.synRetriesMax(); i++) {
            t.onTimer(t.pollAtNs());
            assertEquals(SYN | ACK, sentOne(t).header().flags());
        }
        t.onTimer(t.pollAtNs());
        assertEquals(TcpState.CLOSED, t.state());
        assertEquals(0, l.queued());
    }

    @Test
    void closedPortAnswersRst() {
        TcpRepr r = Resets.forClosed(p.tuple, seg(100, 0, SYN, 65535, TcpOptionsRepr.EMPTY, 3)).header();
        assertEquals(RST | ACK, r.flags());
        assertEquals(0, r.seq());
        assertEquals(104, r.ack(), "SEG.SEQ + SEG.LEN, the SYN and 3 bytes");
        assertNull(Resets.forClosed(p.tuple, seg(100, 0, RST)));
    }
}

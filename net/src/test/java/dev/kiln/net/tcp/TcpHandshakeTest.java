package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opening a connection: RFC 9293 §3.5 and §3.10.7.2–3, RFC 7323 negotiation, RFC 9293 §3.7.1 MSS. */
class TcpHandshakeTest {
    final Peer p = new Peer();

    @Test
    void activeOpenSendsSynWithConfiguredOptions() {
        Peer full = new Peer(TcpConfig.DEFAULT);
        Tcb t = Tcb.connect(full.ctx, full.tuple, 0);
        assertEquals(TcpState.SYN_SENT, t.state());
        TcpRepr syn = sentOne(t).header();
        assertEquals(SYN, syn.flags());
        TcpOptionsRepr o = syn.options();
        assertEquals(1460, o.mss());
        assertEquals(TcpConfig.DEFAULT.rcvWindowShift(), o.windowScale());
        assertTrue(o.sackPermitted() && o.timestamps());
        assertEquals(0, o.tsEcr());
        assertEquals(65535, syn.window(), "a SYN's window is never scaled");
    }

    @Test
    void synSentSynAckEstablishesAndAcks() {
        Tcb t = Tcb.connect(p.ctx, p.tuple, 0);
        int iss = sentOne(t).header().seq();
        deliver(t, seg(p.iss, iss + 1, SYN | ACK, 8192, TcpOptionsRepr.EMPTY.withMss(1200), 0), 5 * MS);
        assertEquals(TcpState.ESTABLISHED, t.state());
        assertEquals(List.of(TcpEvent.ESTABLISHED), events(t));
        assertAck(sentOne(t), iss + 1, p.iss + 1);
        assertEquals(1200, t.sendMss());
        assertEquals(8192, t.sendWindow());
        assertEquals(Long.MAX_VALUE, t.pollAtNs(), "the SYN is acknowledged: no timer");
    }

    @Test
    void synSentRstWithBadAckIsIgnored() {
        Tcb t = Tcb.connect(p.ctx, p.tuple, 0);
        int iss = sentOne(t).header().seq();
        deliver(t, seg(0, iss + 5, RST | ACK), 1);
        assertEquals(TcpState.SYN_SENT, t.state());
        assertTrue(sent(t).isEmpty(), "no reply to an RST");
        assertTrue(events(t).isEmpty());
    }

    @Test
    void synSentRstWithoutAckIsIgnored() {
        Tcb t = Tcb.connect(p.ctx, p.tuple, 0);
        sent(t);
        deliver(t, seg(0, 0, RST), 1);
        assertEquals(TcpState.SYN_SENT, t.state(), "RFC 5961 §3.2: only an RST acknowledging the SYN counts");
    }

    @Test
    void synSentRstWithGoodAckRefuses() {
        Tcb t = Tcb.connect(p.ctx, p.tuple, 0);
        int iss = sentOne(t).header().seq();
        deliver(t, seg(0, iss + 1, RST | ACK), 1);
        assertEquals(TcpState.CLOSED, t.state());
        assertEquals(List.of(TcpEvent.REFUSED, TcpEvent.CLOSED), events(t));
    }

    @Test
    void synSentBadAckGetsRst() {
        Tcb t = Tcb.connect(p.ctx, p.tuple, 0);
        int iss = sentOne(t).header().seq();
        deliver(t, seg(p.iss, iss + 100, SYN | ACK), 1);
        TcpRepr r = sentOne(t).header();
        assertEquals(RST, r.flags());
        assertEquals(iss + 100, r.seq(), "<SEQ=SEG.ACK><CTL=RST>");
        assertEquals(TcpState.SYN_SENT, t.state());
    }

    @Test
    void synRetransmitsWithBackoffThenTimesOut() {
        Tcb t = Tcb.connect(p.ctx, p.tuple, 0);
        int iss = sentOne(t).header().seq();
        long rto = TcpConfig.DEFAULT.rtoInitialNs();
        long now = 0;
        for (int i = 0; i < TcpConfig.DEFAULT.synRetriesMax(); i++) {
            assertEquals(now + rto, t.pollAtNs());
            now = t.pollAtNs();
            t.onTimer(now);
            TcpRepr again = sentOne(t).header();
            assertEquals(SYN, again.flags());
            assertEquals(iss, again.seq());
            rto *= 2;
        }
        t.onTimer(t.pollAtNs());
        assertEquals(TcpState.CLOSED, t.state());
        assertEquals(List.of(TcpEvent.TIMED_OUT, TcpEvent.CLOSED), events(t));
    }

    @Test
    void simultaneousOpen() {
        Peer other = new Peer();
        Tcb a = Tcb.connect(p.ctx, p.tuple, 0);
        Tcb b = Tcb.connect(other.ctx, p.tuple.reversed(), 0);
        OutSegment synA = sentOne(a), synB = sentOne(b);
        a.onSegment(synB.header(), java.lang.foreign.MemorySegment.NULL, 1); // the SYNs cross
        b.onSegment(synA.header(), java.lang.foreign.MemorySegment.NULL, 1);
        assertEquals(TcpState.SYN_RECEIVED, a.state());
        assertEquals(TcpState.SYN_RECEIVED, b.state());
        OutSegment synAckA = sentOne(a), synAckB = sentOne(b);
        assertEquals(SYN | ACK, synAckA.header().flags());
        assertEquals(synA.header().seq(), synAckA.header().seq(), "the SYN-ACK repeats our ISN");
        assertEquals(synB.header().seq() + 1, synAckA.header().ack());
        a.onSegment(synAckB.header(), java.lang.foreign.MemorySegment.NULL, 2);
        b.onSegment(synAckA.header(), java.lang.foreign.MemorySegment.NULL, 2);
        assertEquals(TcpState.ESTABLISHED, a.state());
        assertEquals(TcpState.ESTABLISHED, b.state());
        assertEquals(List.of(TcpEvent.ESTABLISHED), events(a));
        assertEquals(List.of(TcpEvent.ESTABLISHED), events(b));
    }

    @Test
    void mssDefaultsTo536WithoutOption() {
        Tcb t = Tcb.connect(p.ctx, p.tuple, 0);
        int iss = sentOne(t).header().seq();
        deliver(t, seg(p.iss, iss + 1, SYN | ACK), 1);
        assertEquals(536, t.sendMss(), "RFC 9293 §3.7.1");
    }

    @Test
    void windowScaleAndTimestampsOnlyWhenBothOffer() {
        Peer full = new Peer(TcpConfig.DEFAULT);
        Tcb t = Tcb.connect(full.ctx, full.tuple, 0);
        int iss = sentOne(t).header().seq();
        deliver(t, seg(p.iss, iss + 1, SYN | ACK, 1000, TcpOptionsRepr.EMPTY.withMss(1460).withWindowScale(15), 0), 1);
        assertTrue(t.windowScaling());
        assertEquals(14, t.sendWindowShift(), "RFC 7323 §2.3: shifts above 14 count as 14");
        assertEquals(1000, t.sendWindow(), "the SYN-ACK's window is not scaled");
        assertFalse(t.timestamps(), "the peer did not echo timestamps");
        assertFalse(t.sackPermitted());

        Tcb u = Tcb.connect(full.ctx, new TcpTuple(US, OUR_PORT + 1, THEM, THEIR_PORT), 0);
        int iss2 = sentOne(u).header().seq();
        deliver(u, seg(p.iss, iss2 + 1, SYN | ACK, 1000, TcpOptionsRepr.EMPTY.withTimestamps(77, 1), 0), 1);
        assertFalse(u.windowScaling());
        assertEquals(0, u.recvWindowShift(), "no scaling unless both SYNs carry the option");
        assertTrue(u.timestamps());
        assertEquals(536 - 12, u.sendMss(), "timestamps take 12 bytes of each segment");
        TcpOptionsRepr echoed = sentOne(u).header().options();
        assertTrue(echoed.timestamps());
        assertEquals(77, echoed.tsEcr(), "the ACK echoes the peer's TSval");
    }
}

package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closing: RFC 9293 §3.6 (graceful close, simultaneous close, TIME-WAIT) and §3.10.5 (abort). */
class TcpCloseTest {
    final Peer p = new Peer();
    final long twoMsl = 2 * TcpConfig.DEFAULT.mslNs();

    @Test
    void activeCloseGoesThroughFinWaitToTimeWaitThenClosed() {
        Tcb t = p.established(0);
        int fin = t.sndNxt, rcv = p.iss + 1;
        t.close(1);
        assertEquals(TcpState.FIN_WAIT_1, t.state());
        TcpRepr f = sentOne(t).header();
        assertEquals(FIN | ACK, f.flags());
        assertEquals(fin, f.seq());
        deliver(t, seg(rcv, fin + 1, ACK), 2);
        assertEquals(TcpState.FIN_WAIT_2, t.state());
        deliver(t, seg(rcv, fin + 1, FIN | ACK), 3);
        assertEquals(TcpState.TIME_WAIT, t.state());
        assertAck(sentOne(t), fin + 1, rcv + 1);
        assertEquals(3 + twoMsl, t.pollAtNs());
        t.onTimer(3 + twoMsl - 1);
        assertEquals(TcpState.TIME_WAIT, t.state());
        t.onTimer(3 + twoMsl);
        assertEquals(TcpState.CLOSED, t.state());
        assertEquals(List.of(TcpEvent.PEER_CLOSED, TcpEvent.CLOSED), events(t));
    }

    @Test
    void passiveCloseGoesThroughCloseWaitAndLastAck() {
        Tcb t = p.established(0);
        int nxt = t.sndNxt, rcv = p.iss + 1;
        deliver(t, seg(rcv, nxt, FIN | ACK), 1);
        assertEquals(TcpState.CLOSE_WAIT, t.state());
        assertAck(sentOne(t), nxt, rcv + 1);
        assertEquals(List.of(TcpEvent.PEER_CLOSED), events(t));
        t.close(2);
        assertEquals(TcpState.LAST_ACK, t.state());
        assertEquals(FIN | ACK, sentOne(t).header().flags());
        deliver(t, seg(rcv + 1, nxt + 1, ACK), 3);
        assertEquals(TcpState.CLOSED, t.state());
        assertEquals(List.of(TcpEvent.CLOSED), events(t));
    }

    @Test
    void simultaneousClose() {
        Tcb t = p.established(0);
        int nxt = t.sndNxt, rcv = p.iss + 1;
        t.close(1);
        sent(t);
        deliver(t, seg(rcv, nxt, FIN | ACK), 2); // the peer's FIN crosses ours
        assertEquals(TcpState.CLOSING, t.state());
        assertAck(sentOne(t), nxt + 1, rcv + 1);
        deliver(t, seg(rcv + 1, nxt + 1, ACK), 3);
        assertEquals(TcpState.TIME_WAIT, t.state());
    }

    @Test
    void finWait1FinWithAckOfOurFinGoesStraightToTimeWait() {
        Tcb t = p.established(0);
        int nxt = t.sndNxt, rcv = p.iss + 1;
        t.close(1);
        sent(t);
        deliver(t, seg(rcv, nxt + 1, FIN | ACK), 2);
        assertEquals(TcpState.TIME_WAIT, t.state());
    }

    @Test
    void timeWaitAcksRetransmittedFin() {
        Tcb t = p.established(0);
        int nxt = t.sndNxt, rcv = p.iss + 1;
        t.close(1);
        deliver(t, seg(rcv, nxt + 1, FIN | ACK), 2);
        sent(t);
        deliver(t, seg(rcv, nxt + 1, FIN | ACK), 10 * SECOND); // our ACK was lost
        assertEquals(TcpState.TIME_WAIT, t.state());
        assertAck(sentOne(t), nxt + 1, rcv + 1);
        assertEquals(10 * SECOND + twoMsl, t.pollAtNs(), "2 MSL restart");
    }

    @Test
    void timeWaitTableAcksRetransmittedFinAndIsBounded() {
        Peer q = new Peer(TcpConfig.DEFAULT.withOptions(false, false, false).withTimeWaitMax(2));
        TimeWaitTable tw = new TimeWaitTable(q.ctx.config());
        Tcb[] conns = new Tcb[3];
        for (int i = 0; i < 3; i++) {
            Tcb t = Tcb.connect(q.ctx, new TcpTuple(US, OUR_PORT + i, THEM, THEIR_PORT), i);
            int iss = sentOne(t).header().seq();
            deliver(t, seg(q.iss, iss + 1, SYN | ACK), i);
            t.close(i);
            deliver(t, seg(q.iss + 1, iss + 2, FIN | ACK), i);
            assertTrue(tw.add(t));
            conns[i] = t;
        }
        assertEquals(2, tw.size());
        assertEquals(1, tw.evicted());
        assertFalse(tw.contains(conns[0].tuple()), "the oldest went first");
        OutSegment ack = tw.onSegment(conns[2].tuple(), seg(q.iss + 1, conns[2].sndNxt, FIN | ACK), 5 * SECOND);
        assertAck(ack, conns[2].sndNxt, q.iss + 2);
        assertEquals(1 + twoMsl, tw.pollAtNs(), "conns[1] now expires first: conns[2] restarted");
        tw.expire(1 + twoMsl);
        assertEquals(1, tw.size());
        tw.expire(5 * SECOND + twoMsl);
        assertEquals(0, tw.size());
    }

    @Test
    void abortSendsRstAndCloses() {
        Tcb t = p.established(0);
        int nxt = t.sndNxt;
        t.abort(1);
        TcpRepr r = sentOne(t).header();
        assertEquals(RST, r.flags());
        assertEquals(nxt, r.seq());
        assertEquals(TcpState.CLOSED, t.state());
        assertEquals(-1, t.send(MemorySegment.ofArray(new byte[1]), 0, 1, 2));
    }

    @Test
    void closeInSynSentJustCloses() {
        Tcb t = Tcb.connect(p.ctx, p.tuple, 0);
        sent(t);
        t.close(1);
        assertEquals(TcpState.CLOSED, t.state());
        assertTrue(sent(t).isEmpty());
        assertEquals(Long.MAX_VALUE, t.pollAtNs());
    }

    @Test
    void finWait2TimesOutOnceOrphaned() {
        Tcb t = p.established(0);
        t.close(1);
        t.orphan(1);
        deliver(t, seg(p.iss + 1, t.sndNxt, ACK), 2);
        assertEquals(TcpState.FIN_WAIT_2, t.state());
        t.onTimer(2 + TcpConfig.DEFAULT.finWait2TimeoutNs());
        assertEquals(TcpState.CLOSED, t.state());
    }

    @Test
    void halfClosedFinWait2WaitsForThePeerWithoutATimeout() {
        Tcb t = p.established(0);
        t.close(1); // half-close: the user still reads
        deliver(t, seg(p.iss + 1, t.sndNxt, ACK), 2);
        assertEquals(TcpState.FIN_WAIT_2, t.state());
        assertEquals(Long.MAX_VALUE, t.pollAtNs(), "no FIN-WAIT-2 timer while the user reads");
        t.onTimer(2 + 10 * TcpConfig.DEFAULT.finWait2TimeoutNs());
        assertEquals(TcpState.FIN_WAIT_2, t.state());
        t.orphan(3); // now the user closes fully
        t.onTimer(3 + TcpConfig.DEFAULT.finWait2TimeoutNs());
        assertEquals(TcpState.CLOSED, t.state());
    }

    @Test
    void finIsSentAfterQueuedDataAndOnlyThen() {
        Tcb t = p.established(0);
        int nxt = t.sndNxt;
        deliver(t, seg(p.iss + 1, nxt, ACK, 0, dev.kiln.net.wire.TcpOptionsRepr.EMPTY, 0), 1); // zero window
        assertEquals(3, t.send(MemorySegment.ofArray(new byte[] {1, 2, 3}), 0, 3, 1));
        t.close(1);
        assertTrue(sent(t).isEmpty(), "zero window: neither the data nor the FIN");
        deliver(t, seg(p.iss + 1, nxt, ACK), 2); // window opens
        List<OutSegment> out = sent(t);
        assertEquals(2, out.size());
        assertEquals(3, out.get(0).payload().length);
        assertEquals(FIN | ACK, out.get(1).header().flags());
        assertEquals(nxt + 3, out.get(1).header().seq());
    }

    /** The peer's FIN arrives while our FIN still waits behind queued data: CLOSING must still send that data, then the FIN. */
    @Test
    void closingSendsTheDataQueuedBeforeItsFin() {
        Tcb t = p.established(0);
        int nxt = t.sndNxt;
        deliver(t, seg(p.iss + 1, nxt, ACK, 0, dev.kiln.net.wire.TcpOptionsRepr.EMPTY, 0), 1); // zero window
        assertEquals(3, t.send(MemorySegment.ofArray(new byte[] {1, 2, 3}), 0, 3, 1));
        t.close(1);
        assertEquals(TcpState.FIN_WAIT_1, t.state());
        deliver(t, seg(p.iss + 1, nxt, FIN | ACK, 0, dev.kiln.net.wire.TcpOptionsRepr.EMPTY, 0), 2); // the peer closes, window still shut
        assertEquals(TcpState.CLOSING, t.state());
        sent(t);
        deliver(t, seg(p.iss + 2, nxt, ACK), 3); // window opens
        List<OutSegment> out = sent(t);
        assertEquals(2, out.size(), "the queued data, then the FIN: " + out);
        assertEquals(3, out.get(0).payload().length);
        assertEquals(nxt, out.get(0).header().seq());
        assertEquals(FIN | ACK, out.get(1).header().flags());
        assertEquals(nxt + 3, out.get(1).header().seq());
        deliver(t, seg(p.iss + 2, nxt + 4, ACK), 4);
        assertEquals(TcpState.TIME_WAIT, t.state());
    }

    @Test
    void lastAckRetransmitsFinUntilAcknowledged() {
        Tcb t = p.established(0);
        int nxt = t.sndNxt, rcv = p.iss + 1;
        deliver(t, seg(rcv, nxt, FIN | ACK), 1);
        t.close(2);
        sent(t);
        t.onTimer(t.pollAtNs());
        TcpRepr again = sentOne(t).header();
        assertEquals(FIN | ACK, again.flags());
        assertEquals(nxt, again.seq());
        deliver(t, seg(rcv + 1, nxt + 1, ACK), 5 * SECOND);
        assertEquals(TcpState.CLOSED, t.state());
    }

    @Test
    void dataAndFinInOneSegment() {
        Tcb t = p.established(0);
        int rcv = p.iss + 1;
        deliver(t, seg(rcv, t.sndNxt, FIN | ACK | PSH, 65535, dev.kiln.net.wire.TcpOptionsRepr.EMPTY, 2), new byte[] {4, 2}, 1);
        assertEquals(TcpState.CLOSE_WAIT, t.state());
        assertEquals(List.of(TcpEvent.READABLE, TcpEvent.PEER_CLOSED), events(t));
        assertAck(sentOne(t), t.sndNxt, rcv + 3);
        assertEquals(2, t.read(new byte[4], 0, 4, 2));
    }

    @Test
    void finAfterMissingDataIsNotTaken() {
        Tcb t = p.established(0);
        int rcv = p.iss + 1;
        deliver(t, seg(rcv + 5, t.sndNxt, FIN | ACK), 1);
        assertEquals(TcpState.ESTABLISHED, t.state(), "five bytes before the FIN have not arrived");
        assertAck(sentOne(t), t.sndNxt, rcv);
    }
}

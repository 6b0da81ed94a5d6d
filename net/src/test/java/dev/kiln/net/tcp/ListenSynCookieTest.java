package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SYN cookies when the listen queue is full (RFC 4987 §3.6). */
class ListenSynCookieTest {
    static final TcpOptionsRepr PLAIN = TcpOptionsRepr.EMPTY.withMss(1400);
    final Peer p = new Peer(TcpConfig.DEFAULT.withBacklog(2).withSynCookies(true));
    final ListenEndpoint l = new ListenEndpoint(p.ctx, US, OUR_PORT);

    Tcb syn(int srcPort, TcpOptionsRepr o, long nowNs) {
        return l.onSegment(THEM, new TcpRepr(srcPort, OUR_PORT, p.iss, 0, SYN, 65535, 0, o, 0), nowNs);
    }

    TcpRepr ack(int srcPort, int ack, int flags, TcpOptionsRepr o, int len) {
        return new TcpRepr(srcPort, OUR_PORT, p.iss + 1, ack, flags, 1000, 0, o, len);
    }

    /** Two half-open connections fill the queue; the third SYN is answered with a cookie. */
    TcpRepr fullQueueCookie(TcpOptionsRepr o) {
        Tcb first = syn(1001, PLAIN, 0);
        assertNotNull(first);
        assertNotNull(syn(1002, PLAIN, 0));
        assertNull(syn(1003, o, 0), "no state kept for the third");
        TcpRepr synAck = l.pollSegment().header();
        assertEquals(SYN | ACK, synAck.flags());
        assertEquals(p.iss + 1, synAck.ack());
        assertEquals(1, l.cookiesSent());
        assertEquals(0, l.droppedSyns());
        deliver(first, new TcpRepr(1001, OUR_PORT, p.iss + 1, 0, RST, 0, 0, TcpOptionsRepr.EMPTY, 0), 1); // room again
        return synAck;
    }

    @Test
    void synCookieCompletesHandshakeWhenQueueFull() {
        TcpRepr synAck = fullQueueCookie(PLAIN);
        assertEquals(TcpOptionsRepr.EMPTY.withMss(1460), synAck.options(), "without timestamps only the MSS is offered");
        Tcb t = l.onSegment(THEM, ack(1003, synAck.seq() + 1, ACK, TcpOptionsRepr.EMPTY, 0), 2);
        assertNotNull(t, "the ACK returns a valid cookie");
        assertEquals(TcpState.ESTABLISHED, t.state());
        assertEquals(List.of(TcpEvent.ESTABLISHED), events(t));
        assertEquals(1300, t.sendMss(), "the peer's 1400 encoded as the table's 1300");
        assertFalse(t.windowScaling() || t.sackPermitted() || t.timestamps());
        assertEquals(1, l.cookiesValidated());
        assertSame(t, l.accept());
        deliver(t, ack(1003, synAck.seq() + 1, ACK | FIN, TcpOptionsRepr.EMPTY, 0), 3);
        assertAck(sentOne(t), synAck.seq() + 1, p.iss + 2);
    }

    @Test
    void synCookieWithTimestampsKeepsWindowScaleAndSack() {
        TcpOptionsRepr full = new TcpOptionsRepr(1460, 9, true, List.of(), true, 777, 0);
        TcpRepr synAck = fullQueueCookie(full);
        TcpOptionsRepr o = synAck.options();
        assertTrue(o.timestamps() && o.sackPermitted());
        assertEquals(TcpConfig.DEFAULT.rcvWindowShift(), o.windowScale());
        assertEquals(777, o.tsEcr());
        Tcb t = l.onSegment(THEM, ack(1003, synAck.seq() + 1, ACK, TcpOptionsRepr.EMPTY.withTimestamps(778, o.tsVal()), 0), 2);
        assertNotNull(t);
        assertTrue(t.windowScaling() && t.sackPermitted() && t.timestamps(), "recovered from the echoed TSval");
        assertEquals(9, t.sendWindowShift());
        assertEquals(1000 << 9, t.sendWindow());
        assertEquals(1460 - 12, t.sendMss());
    }

    @Test
    void synCookieAckCarryingDataDeliversIt() {
        TcpRepr synAck = fullQueueCookie(PLAIN);
        Tcb t = l.onSegment(THEM, ack(1003, synAck.seq() + 1, ACK | PSH, TcpOptionsRepr.EMPTY, 3), MemorySegment.ofArray(new byte[] {1, 2, 3}), 2);
        assertEquals(3, t.readable());
    }

    @Test
    void forgedCookieAckGetsRstAndIsCounted() {
        TcpRepr synAck = fullQueueCookie(PLAIN);
        assertNull(l.onSegment(THEM, ack(1003, synAck.seq() + 0x1000, ACK, TcpOptionsRepr.EMPTY, 0), 2));
        assertEquals(RST, l.pollSegment().header().flags());
        assertNull(l.onSegment(THEM, ack(1004, synAck.seq() + 1, ACK, TcpOptionsRepr.EMPTY, 0), 2), "another tuple's cookie");
        assertEquals(2, l.cookiesFailed());
        assertEquals(0, l.cookiesValidated());
    }

    @Test
    void cookiesExpireAfterTwoCounts() {
        Isn isn = p.ctx.isn();
        int count = SynCookies.count(5 * SECOND);
        int cookie = SynCookies.encode(isn, p.tuple, 12345, count, 2);
        assertEquals(2, SynCookies.decode(isn, p.tuple, 12345, cookie, count));
        assertEquals(2, SynCookies.decode(isn, p.tuple, 12345, cookie, count + 1));
        assertEquals(-1, SynCookies.decode(isn, p.tuple, 12345, cookie, count + 2), "older than two 64-second counts");
        assertEquals(-1, SynCookies.decode(isn, p.tuple, 12345 + 100, cookie, count), "another peer ISN");
        assertEquals(-1, SynCookies.decode(isn, p.tuple.reversed(), 12345, cookie, count), "another tuple");
    }

    @Test
    void withoutCookiesAFullQueueDropsSyns() {
        ListenEndpoint off = new ListenEndpoint(TcpContext.of(TcpConfig.DEFAULT.withBacklog(1).withSynCookies(false), new dev.kiln.net.stack.SeededEntropy(1)), US, OUR_PORT);
        off.onSegment(THEM, new TcpRepr(1001, OUR_PORT, 5, 0, SYN, 65535, 0, PLAIN, 0), 0);
        assertNull(off.onSegment(THEM, new TcpRepr(1002, OUR_PORT, 5, 0, SYN, 65535, 0, PLAIN, 0), 0));
        assertNull(off.pollSegment());
        assertEquals(1, off.droppedSyns());
        assertEquals(0, off.cookiesSent());
    }
}

package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The congestion window limits what is sent (RFC 5681 §3.1); three duplicate ACKs resend SND.UNA (§3.2). */
class TcpCongestionTest {
    static final int MSS = 1400; // the peer's SYN announces 1400

    static Tcb sending(Peer p, int bytes) {
        Tcb t = p.established(0);
        assertEquals(bytes, t.send(MemorySegment.ofArray(new byte[bytes]), 0, bytes, 1));
        return t;
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void initialWindowLimitsTheFirstFlight(boolean cubic) {
        Peer p = new Peer(TcpConfig.DEFAULT.withOptions(false, false, false).withBbr(false).withCubic(cubic));
        Tcb t = sending(p, 20 * MSS);
        List<OutSegment> out = sent(t);
        assertEquals(CongestionControl.initialWindow(MSS) / MSS, out.size(), "RFC 6928 initial window, not the peer's 64 KiB");
        int una = t.sndUna;
        deliver(t, seg(p.iss + 1, una + 2 * MSS, ACK, 65535, TcpOptionsRepr.EMPTY, 0), 2);
        assertTrue(sent(t).size() >= 2, "an ACK of new data opens room again");
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void threeDuplicateAcksFastRetransmit(boolean cubic) {
        Peer p = new Peer(TcpConfig.DEFAULT.withOptions(false, false, false).withBbr(false).withCubic(cubic));
        Tcb t = sending(p, 20 * MSS);
        sent(t);
        int una = t.sndUna, rcv = p.iss + 1;
        deliver(t, seg(rcv, una, ACK, 65535, TcpOptionsRepr.EMPTY, 0), 2);
        deliver(t, seg(rcv, una, ACK, 65535, TcpOptionsRepr.EMPTY, 0), 3);
        List<OutSegment> limited = sent(t);
        assertEquals(2, limited.size(), "two duplicates are not yet a loss; RFC 3042 limited transmit sends one new segment for each");
        assertEquals(una + 10 * MSS, limited.getFirst().header().seq(), "new data beyond the initial window");
        deliver(t, seg(rcv, una, ACK, 65535, TcpOptionsRepr.EMPTY, 0), 4);
        List<OutSegment> out = sent(t);
        assertFalse(out.isEmpty(), "third duplicate ACK: fast retransmit");
        assertEquals(una, out.getFirst().header().seq());
        assertEquals(MSS, out.getFirst().payload().length);
        assertTrue(t.pollAtNs() > 4 + 100_000_000L, "no timeout needed");
    }

    /** One ACK for a whole flight (a receiver acking a GRO aggregate once) grows slow start by all of it: the next flight is twice as large. */
    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void aStretchAckOfTheWholeFlightDoublesTheNextOne(boolean cubic) {
        Peer p = new Peer(TcpConfig.DEFAULT.withOptions(false, false, false).withBbr(false).withCubic(cubic));
        Tcb t = sending(p, 100 * MSS);
        int first = sent(t).size(), una = t.sndUna;
        deliver(t, seg(p.iss + 1, una + first * MSS, ACK, 65535, TcpOptionsRepr.EMPTY, 0), 2);
        assertEquals(2 * first, sent(t).size(), "cwnd grew by the " + first + " segments the ACK covered");
    }
}

package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Receiver SWS avoidance (RFC 9293 §3.8.6.2.2, RFC 1122 4.2.3.3): the right edge of the advertised window
 * moves only by at least min(buffer / 2, MSS), so a slow reader never offers a sliver of window.
 */
class TcpReceiverSwsTest {
    static final int BUF = 8192, MSS = 1460;
    final Peer p = new Peer(TcpConfig.DEFAULT.withOptions(false, false, false).withRecvBufBytes(BUF));
    final Tcb t = p.established(0);
    final int una = t.sndUna, rcv = p.iss + 1;

    /** The buffer filled by the peer; returns the last ACK. */
    OutSegment fill() { return fill(t, rcv, una, BUF, 1); }

    /** {@code buf} bytes from the peer in full segments from {@code rcv} at {@code nowNs}, then the delayed ACK; returns the last ACK. */
    static OutSegment fill(Tcb t, int rcv, int una, int buf, long nowNs) {
        OutSegment last = null;
        for (int off = 0; off < buf; off += MSS) {
            int n = Math.min(MSS, buf - off);
            deliver(t, seg(rcv + off, una, ACK, 65535, TcpOptionsRepr.EMPTY, n), new byte[n], nowNs);
            for (OutSegment s : sent(t)) last = s;
        }
        t.onTimer(t.pollAtNs());
        for (OutSegment s : sent(t)) last = s;
        return last;
    }

    /** The window the peer learns from an ACK provoked now (an old duplicate is answered at once). */
    int provokedWindow(long nowNs) {
        deliver(t, seg(rcv - 1, una, ACK, 65535, TcpOptionsRepr.EMPTY, 0), nowNs);
        List<OutSegment> l = sent(t);
        return l.getLast().header().window();
    }

    @Test
    void smallReadsDoNotOpenTheWindow() {
        OutSegment last = fill();
        assertEquals(rcv + BUF, last.header().ack());
        assertEquals(0, last.header().window());
        for (int i = 0; i < 14; i++) {
            assertEquals(100, t.read(new byte[100], 0, 100, 2));
            assertEquals(List.of(), sent(t), "no window update for " + (i + 1) * 100 + " bytes");
        }
        assertEquals(0, provokedWindow(3), "1400 bytes free, less than an MSS: still a zero window");
        assertEquals(100, t.read(new byte[100], 0, 100, 4));
        OutSegment update = sentOne(t);
        assertAck(update, una, rcv + BUF);
        assertEquals(1500, update.header().window(), "an MSS free: the window opens, in one step");
    }

    @Test
    void theRightEdgeNeverMovesLeft() {
        fill();
        t.read(new byte[BUF], 0, BUF, 2);
        assertEquals(BUF, sentOne(t).header().window());
        deliver(t, seg(rcv + BUF, una, ACK, 65535, TcpOptionsRepr.EMPTY, 1000), new byte[1000], 3);
        t.onTimer(t.pollAtNs());
        assertEquals(BUF - 1000, sentOne(t).header().window(), "the edge stays where it was");
    }
}

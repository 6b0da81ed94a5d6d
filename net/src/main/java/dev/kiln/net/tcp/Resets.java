package dev.kiln.net.tcp;

import static dev.kiln.net.wire.TcpPacket.*;

import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;

/** The reset for a segment that no connection takes (RFC 9293 §3.10.7.1, CLOSED state). */
public final class Resets {
    private Resets() {}

    /**
     * An RST answering {@code seg}, which arrived for {@code tuple} (seen from our end), or null for an RST:
     * {@code <SEQ=SEG.ACK><CTL=RST>} if it carried an ACK, else {@code <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>}.
     */
    public static OutSegment forClosed(TcpTuple tuple, TcpRepr seg) {
        if (seg.has(RST)) return null;
        TcpRepr r = seg.has(ACK)
                ? new TcpRepr(tuple.localPort(), tuple.remotePort(), seg.ack(), 0, RST, 0, 0, TcpOptionsRepr.EMPTY, 0)
                : new TcpRepr(tuple.localPort(), tuple.remotePort(), 0, seg.seq() + seg.segLen(), RST | ACK, 0, 0, TcpOptionsRepr.EMPTY, 0);
        return new OutSegment(tuple, r, new byte[0]);
    }
}

package dev.kiln.net.tcp;

import dev.kiln.net.wire.TcpRepr;

/** A segment to send: from {@code tuple.localIp()} to {@code tuple.remoteIp()}, header and payload. */
public record OutSegment(TcpTuple tuple, TcpRepr header, byte[] payload) {
    public OutSegment {
        if (payload.length != header.payloadLen()) throw new IllegalArgumentException("payload length differs from the header's");
    }
}

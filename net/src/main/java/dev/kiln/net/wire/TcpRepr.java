package dev.kiln.net.wire;

/**
 * A TCP header with its options; the payload stays in the buffer. {@code flags} holds the eight
 * control bits ({@link TcpPacket#SYN} …); reserved bits are ignored on parse and sent as zero.
 */
public record TcpRepr(int srcPort, int dstPort, int seq, int ack, int flags, int window, int urgent,
                      TcpOptionsRepr options, int payloadLen) {
    public TcpRepr {
        if (srcPort < 0 || srcPort > 0xFFFF || dstPort < 0 || dstPort > 0xFFFF) throw new IllegalArgumentException("ports are 16 bits");
        if (flags < 0 || flags > 0xFF) throw new IllegalArgumentException("flags are 8 bits: " + flags);
        if (window < 0 || window > 0xFFFF || urgent < 0 || urgent > 0xFFFF) throw new IllegalArgumentException("window and urgent pointer are 16 bits");
        if (options == null) throw new IllegalArgumentException("options: use TcpOptionsRepr.EMPTY for none");
        if (payloadLen < 0 || payloadLen > 0xFFFF) throw new IllegalArgumentException("payload length 0..65535: " + payloadLen);
    }

    public boolean has(int flag) { return (flags & flag) != 0; }

    /** The sequence space the segment occupies: payload plus one each for SYN and FIN (RFC 9293 §3.4). */
    public int segLen() { return payloadLen + (has(TcpPacket.SYN) ? 1 : 0) + (has(TcpPacket.FIN) ? 1 : 0); }

    /** Checksum, then options, of a checked view. */
    public static WireError check(TcpPacket p, int srcIp, int dstIp) {
        if (!p.checksumValid(srcIp, dstIp)) return WireError.BAD_CHECKSUM;
        return TcpOptionsRepr.check(p.segment(), p.optionsOffset(), p.optionsLen());
    }

    /** Parses a checked view, verifying checksum and options. @return null when {@link #check} fails */
    public static TcpRepr parse(TcpPacket p, int srcIp, int dstIp) {
        if (!p.checksumValid(srcIp, dstIp)) return null;
        TcpOptionsRepr o = TcpOptionsRepr.parse(p.segment(), p.optionsOffset(), p.optionsLen());
        if (o == null) return null;
        return new TcpRepr(p.srcPort(), p.dstPort(), p.seq(), p.ack(), p.flags(), p.window(), p.urgent(), o, p.payloadLen());
    }

    /** Bytes {@link #emit} writes: the header with its options. */
    public int bufferLen() { return TcpPacket.HEADER_LEN + options.bufferLen(); }

    /** Writes header and options and the checksum over the payload already in place after them. */
    public void emit(TcpPacket p, int srcIp, int dstIp) {
        p.wrap(p.segment(), p.offset(), bufferLen() + payloadLen);
        p.setSrcPort(srcPort);
        p.setDstPort(dstPort);
        p.setSeq(seq);
        p.setAck(ack);
        p.setHeaderLen(bufferLen());
        p.setFlags(flags);
        p.setWindow(window);
        p.setUrgent(urgent);
        options.emit(p.segment(), p.optionsOffset());
        p.fillChecksum(srcIp, dstIp);
    }
}

package dev.kiln.net.wire;

import java.util.Objects;

/**
 * A TCP header with its options; the payload stays in the buffer. {@code flags} holds the eight
 * control bits ({@link TcpPacket#SYN} …); reserved bits are ignored on parse and sent as zero.
 *
 * <p>A value (equal by its fields, immutable), except a {@link #scratch()}: the one repr a receiver reads
 * every arriving segment into ({@link #readFrom}), so the per-segment path allocates nothing; what it holds
 * is valid until the next segment, and nobody keeps it.
 */
public final class TcpRepr {
    private int srcPort, dstPort, seq, ack, flags, window, urgent, payloadLen;
    private final TcpOptionsRepr options;
    private final boolean scratch;

    public TcpRepr(int srcPort, int dstPort, int seq, int ack, int flags, int window, int urgent, TcpOptionsRepr options, int payloadLen) {
        if (srcPort < 0 || srcPort > 0xFFFF || dstPort < 0 || dstPort > 0xFFFF) throw new IllegalArgumentException("ports are 16 bits");
        if (flags < 0 || flags > 0xFF) throw new IllegalArgumentException("flags are 8 bits: " + flags);
        if (window < 0 || window > 0xFFFF || urgent < 0 || urgent > 0xFFFF) throw new IllegalArgumentException("window and urgent pointer are 16 bits");
        if (options == null) throw new IllegalArgumentException("options: use TcpOptionsRepr.EMPTY for none");
        if (payloadLen < 0 || payloadLen > 0xFFFF) throw new IllegalArgumentException("payload length 0..65535: " + payloadLen);
        this.srcPort = srcPort;
        this.dstPort = dstPort;
        this.seq = seq;
        this.ack = ack;
        this.flags = flags;
        this.window = window;
        this.urgent = urgent;
        this.options = options;
        this.payloadLen = payloadLen;
        this.scratch = false;
    }

    private TcpRepr() {
        this.options = TcpOptionsRepr.scratch();
        this.scratch = true;
    }

    /** A repr to {@link #readFrom} segment after segment, with its own scratch options (one owner: a receiver). */
    public static TcpRepr scratch() { return new TcpRepr(); }

    /**
     * Reads the header and options of a checked view into this {@link #scratch()}, as {@link #parse} without the
     * checksum: OK, or the options' {@link WireError} (the fields are then undefined).
     */
    public WireError readFrom(TcpPacket p) {
        if (!scratch) throw new IllegalStateException("only a scratch repr is read into; this one is a value");
        srcPort = p.srcPort();
        dstPort = p.dstPort();
        seq = p.seq();
        ack = p.ack();
        flags = p.flags();
        window = p.window();
        urgent = p.urgent();
        payloadLen = p.payloadLen();
        return options.reparse(p.segment(), p.optionsOffset(), p.optionsLen());
    }

    public int srcPort() { return srcPort; }
    public int dstPort() { return dstPort; }
    public int seq() { return seq; }
    public int ack() { return ack; }
    public int flags() { return flags; }
    public int window() { return window; }
    public int urgent() { return urgent; }
    public TcpOptionsRepr options() { return options; }
    public int payloadLen() { return payloadLen; }

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

    @Override
    public boolean equals(Object o) {
        return o instanceof TcpRepr r && srcPort == r.srcPort && dstPort == r.dstPort && seq == r.seq && ack == r.ack && flags == r.flags
                && window == r.window && urgent == r.urgent && options.equals(r.options) && payloadLen == r.payloadLen;
    }

    @Override
    public int hashCode() { return Objects.hash(srcPort, dstPort, seq, ack, flags, window, urgent, options, payloadLen); }

    @Override
    public String toString() {
        return "TcpRepr[srcPort=" + srcPort + ", dstPort=" + dstPort + ", seq=" + seq + ", ack=" + ack + ", flags=" + flags + ", window="
                + window + ", urgent=" + urgent + ", options=" + options + ", payloadLen=" + payloadLen + "]";
    }
}

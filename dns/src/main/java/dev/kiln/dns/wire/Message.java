package dev.kiln.dns.wire;

import java.util.List;

/**
 * A whole DNS message, RFC 1035 §4.1. The OPT pseudo-RR, if any, is lifted out of the additional
 * section into {@link #edns()} (null when absent); {@code additionals} holds the other records.
 */
public record Message(Header header, List<Question> questions, List<ResourceRecord> answers,
                      List<ResourceRecord> authorities, List<ResourceRecord> additionals, Edns edns) {
    public Message {
        questions = List.copyOf(questions);
        answers = List.copyOf(answers);
        authorities = List.copyOf(authorities);
        additionals = List.copyOf(additionals);
    }
    /** The full 12-bit RCODE: header RCODE plus the EDNS extended bits (RFC 6891 §6.1.3). */
    public int rcode() { return header.rcode() | (edns == null ? 0 : edns.extendedRcode() << 4); }

    /** Decodes a message; see {@link MessageCodec#decode(java.lang.foreign.MemorySegment)}. */
    public static MessageCodec.Decoded decode(byte[] bytes) { return MessageCodec.decode(bytes); }
    /** Encodes this message with name compression; see {@link MessageCodec#encode(Message)}. */
    public byte[] encode() { return MessageCodec.encode(this); }
}

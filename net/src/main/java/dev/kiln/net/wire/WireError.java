package dev.kiln.net.wire;

/**
 * Why received bytes were refused by a checked wrap or a repr parse. Every value is a
 * named, countable reason; {@link #OK} means the bytes were accepted.
 */
public enum WireError {
    /** Accepted. */
    OK,
    /** Fewer bytes than the header (or a length field) says there are. */
    TRUNCATED,
    /** IPv4 version field is not 4. */
    BAD_VERSION,
    /** IPv4 header length field is below 5 words. */
    BAD_IHL,
    /** IPv4 total length is smaller than the header. */
    BAD_TOTAL_LEN,
    /** UDP length field is below 8 or beyond the bytes received. */
    BAD_LENGTH,
    /** Checksum does not verify. */
    BAD_CHECKSUM,
    /** ARP hardware type is not Ethernet (1) or its length is not 6. */
    UNSUPPORTED_HARDWARE,
    /** ARP protocol type is not IPv4 (0x0800) or its length is not 4. */
    UNSUPPORTED_PROTOCOL,
    /** ARP operation is neither request (1) nor reply (2). */
    UNSUPPORTED_OPERATION,
    /** ICMP type (or code) that this stack does not model. */
    UNSUPPORTED_TYPE,
    /** IPv4 datagram is a fragment where a whole datagram was expected. */
    FRAGMENTED,
    /** TCP data offset is below 5 words or points past the bytes received. */
    BAD_DATA_OFFSET,
    /** TCP option whose length byte is below 2 or wrong for its kind (MSS 4, window scale 3, SACK 2+8n, …). */
    BAD_OPTION_LENGTH,
    /** TCP option that runs past the end of the option space. */
    OPTION_OVERRUN,
    /** TCP option that may appear once (MSS, window scale, SACK-permitted, SACK, timestamps) appears twice. */
    DUPLICATE_OPTION;

    /** Whether this is {@link #OK}. */
    public boolean ok() { return this == OK; }
}

package dev.kiln.dns.wire;

/**
 * Why a DNS message could not be decoded. Decoding never throws; it returns one of these.
 * {@link #OK} means no error.
 */
public enum DnsError {
    /** No error. */
    OK,
    /** Fewer than 12 bytes: no room for the header (RFC 1035 §4.1.1). */
    SHORT_HEADER,
    /** A name runs past the end of the message. */
    TRUNCATED_NAME,
    /** A label starts with 01 or 10 in its top bits (RFC 1035 §4.1.4 reserves them; RFC 6891 §5 retires EDNS labels). */
    BAD_LABEL_TYPE,
    /** A name is longer than 255 octets in wire form (RFC 1035 §3.1). */
    NAME_TOO_LONG,
    /** A compression pointer does not point strictly before the data it replaces (forward or self pointer, or a loop). */
    BAD_POINTER,
    /** Too many compression pointers followed in one name. */
    TOO_MANY_POINTERS,
    /** The question section runs past the end of the message. */
    TRUNCATED_QUESTION,
    /** A resource record's fixed fields or RDATA run past the end of the message. */
    TRUNCATED_RR,
    /** RDATA of a well-known type does not match its RDLENGTH (e.g. a name inside it overruns). */
    BAD_RDATA,
    /** More than one OPT pseudo-RR (RFC 6891 §6.1.1). */
    MULTIPLE_OPT,
    /** An OPT RR outside the additional section or with a non-root owner (RFC 6891 §6.1.1). */
    BAD_OPT,
    /** EDNS options in the OPT RDATA are not a well-formed list of code/length/data (RFC 6891 §6.1.2). */
    BAD_OPT_OPTIONS,
    /** The message carries more records than it can hold (section counts larger than the bytes allow). */
    TOO_MANY_RECORDS,
    /** A query name uses compression (not allowed in a question we echo byte for byte). */
    COMPRESSED_QNAME,
}

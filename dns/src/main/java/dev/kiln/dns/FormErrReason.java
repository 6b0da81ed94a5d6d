package dev.kiln.dns;

/** Why a query got FORMERR; counted in {@link AuthServer#counters()} as {@code FORMERR_<reason>}. */
public enum FormErrReason {
    /** The question's name is malformed or runs past the end, or TYPE/CLASS are missing. */
    BAD_QUESTION,
    /** The query name uses a compression pointer. */
    COMPRESSED_QNAME,
    /** RCODE in the query is not 0. */
    RCODE_SET,
    /** QDCOUNT is not 1 (RFC 9619). */
    QDCOUNT,
    /** Records in the answer or authority section of a query. */
    UNEXPECTED_RECORDS,
    /** The additional section holds something other than one OPT (TSIG/SIG(0) are not implemented). */
    BAD_ADDITIONAL,
    /** The OPT RR is truncated or its options are malformed (RFC 6891 §6.1.2). */
    BAD_OPT,
}

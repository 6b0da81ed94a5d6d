package dev.kiln.dns;

/** What {@link AuthServer#counters()} counts. */
public enum Counter {
    QUERIES,
    /** Dropped: shorter than a header. */
    DROPPED_SHORT,
    /** Dropped: QR=1 (a response, RFC 1035 §4.1.1). */
    DROPPED_RESPONSE,
    /** Dropped: the transport's buffer cannot hold even the question. */
    DROPPED_NO_ROOM,
    RCODE_NOERROR, RCODE_FORMERR, RCODE_SERVFAIL, RCODE_NXDOMAIN, RCODE_NOTIMP, RCODE_REFUSED, RCODE_NOTAUTH, RCODE_BADVERS,
    /** Referrals (NOERROR, AA clear, NS in authority) built; memo hits on them are not counted again. */
    REFERRALS,
    /** Answers with TC=1. */
    TRUNCATED,
    MEMO_HITS, MEMO_MISSES,
    /** Times the memo table was full and cleared. */
    MEMO_CLEARS,
}

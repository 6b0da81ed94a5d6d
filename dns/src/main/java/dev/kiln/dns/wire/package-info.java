/**
 * DNS messages on the wire: {@link dev.kiln.dns.wire.DnsHeader} (flyweight view),
 * {@link dev.kiln.dns.wire.Message} and friends (records), {@link dev.kiln.dns.wire.MessageCodec}
 * (decode/encode), {@link dev.kiln.dns.wire.MessageWriter} (compressing writer),
 * {@link dev.kiln.dns.wire.DnsNames} (names). Decoding never throws: errors are
 * {@link dev.kiln.dns.wire.DnsError} values.
 *
 * <h2>Implemented</h2>
 * <ul>
 * <li>RFC 1035 §4.1.1-4.1.3: header, questions, resource records.</li>
 * <li>RFC 1035 §3.1, §4.1.4: names; compression on output (case-insensitive matching, pointers only
 *     below 0x4000), decompression on input with loop protection: a pointer must point strictly before
 *     the run of labels that led to it, at most 127 pointers, names at most 255 bytes; label types 01
 *     and 10 rejected (RFC 6891 §5).</li>
 * <li>RFC 3597 §4: names inside RDATA are decompressed and compressed only for the RFC 1035 types
 *     (NS, MD, MF, CNAME, SOA, MB, MG, MR, PTR, MINFO, MX); other types, SRV included (RFC 2782), are
 *     opaque RDATA.</li>
 * <li>RFC 6891 §6.1: one OPT in the additional section with the root owner; payload size, extended
 *     RCODE, version, DO (RFC 3225) and the other flag bits; options kept raw and checked to be
 *     well-formed TLVs.</li>
 * </ul>
 *
 * <h2>Not implemented</h2>
 * <ul>
 * <li>Decompression of names in RDATA of later types (RFC 3597 §4 "SHOULD" list: RP, AFSDB, RT, SIG,
 *     PX, NXT, NAPTR, SRV): their RDATA is kept as received.</li>
 * <li>Parsing of individual EDNS options, TSIG/SIG(0) records (kept as ordinary records).</li>
 * </ul>
 */
package dev.kiln.dns.wire;

/**
 * The authoritative DNS server: pure, sans-I/O — query bytes in, answer bytes out
 * ({@link dev.kiln.dns.AuthServer#answer}). Answers are built the way NSD 4.6 builds them and are
 * tested byte for byte against a running NSD (NsdDifferentialTest), then memoised.
 *
 * <h2>Implemented</h2>
 * <ul>
 * <li>RFC 1034 §4.3.2 lookup: exact match, CNAME chains within and across our zones (loops stop
 *     when an RRset repeats; at most {@code cnameChainMax} hops), referrals at zone cuts (AA clear,
 *     NS in authority, glue A/AAAA in additional; the highest cut wins), REFUSED outside our zones.</li>
 * <li>RFC 1034 §4.3.2 / NSD: additional A then AAAA for NS, MX, KX, RT, MB and SRV targets in the
 *     same zone (not glue except for NS; wildcard-synthesised targets included); the zone's apex NS
 *     RRset in authority of positive answers (not for ANY, DS, DNSKEY, or class ANY).</li>
 * <li>RFC 2308 §2.1, §2.2, §3: NXDOMAIN and NODATA with the SOA in authority, TTL =
 *     min(SOA TTL, SOA MINIMUM); NXDOMAIN also at the end of a CNAME chain (RFC 6604 §2).</li>
 * <li>RFC 4592: wildcards at the closest encloser, empty non-terminals (NODATA, and they block
 *     wildcards), wildcard NODATA, wildcard CNAME, "*" queried literally.</li>
 * <li>RFC 4035 §3.1.4.1: DS at a zone cut answered from the parent when we serve both.</li>
 * <li>RFC 6672 §3.3: DNAME redirection as NSD: the DNAME, a CNAME synthesised from the query name
 *     (lowercased, TTL of the DNAME), then the new name looked up (not for QTYPE CNAME); names below a
 *     DNAME occluded; a DNAME above a cut wins; loops stop; YXDOMAIN (with NSD's EDE 0 text) when the
 *     new name would be over 255 bytes. Such answers are not memoised.</li>
 * <li>RFC 8482 §4.1: ANY answered with one RRset (NSD's choice: the first of A, AAAA, SOA, MX, PTR,
 *     else the last other type).</li>
 * <li>RFC 1035 §4.1.1: RD copied, RA clear, CD/AD cleared; QR=1 and short messages dropped; opcodes
 *     other than QUERY and NOTIFY answered NOTIMP (header only, flags kept, as NSD); FORMERR header
 *     only for a malformed question, RCODE set, QDCOUNT != 1 (RFC 9619), records in answer/authority,
 *     anything in additional other than one OPT; NSD's quirk of NOERROR + OPT for QDCOUNT 0 with OPT.</li>
 * <li>RFC 1035 §4.2.1, RFC 6891 §6.2.3-6.2.5: UDP limit 512 without EDNS, else min(client size
 *     (at least 512), {@code udpPayloadMax}); TC set with the RRsets that fitted (so empty when the first
 *     does not fit, as NSD); optional sections (apex NS, additional) dropped whole past 1232 bytes or
 *     when they do not fit, and TC if a referral ends up with no glue (NSD MINIMAL_RESPONSES).</li>
 * <li>RFC 6891: OPT echoed with our payload size and the DO bit (RFC 3225); version > 0 answered
 *     BADVERS (extended RCODE 1); malformed OPT or a second OPT is FORMERR.</li>
 * <li>RFC 8914: Extended DNS Error 20 (Not Authoritative) on REFUSED, 21 (Not Supported) for classes
 *     other than IN/ANY, 18 (Prohibited) for zone transfers — as NSD.</li>
 * <li>RFC 4343: case-insensitive lookup; the question echoed byte for byte and names compressed to it
 *     take its case.</li>
 * <li>Class ANY queries answered from IN data with AA clear and no SOA/NS added (as NSD).</li>
 * </ul>
 *
 * <h2>Not implemented</h2>
 * <ul>
 * <li>DNSSEC signing and DNSSEC answers (RRSIG/NSEC/NSEC3 selection, RFC 4035); signed zones are
 *     served as plain data.</li>
 * <li>Zone transfer AXFR/IXFR (RFC 5936, RFC 1995): NOTIMP over UDP for AXFR; REFUSED at our apexes
 *     and NOTAUTH elsewhere, as NSD without provide-xfr.</li>
 * <li>NOTIFY (RFC 1996): REFUSED for our apexes, NXDOMAIN otherwise (as NSD without allow-notify).</li>
 * <li>Dynamic update (RFC 2136): NOTIMP. TSIG (RFC 8945) and SIG(0): FORMERR.</li>
 * <li>DNS cookies (RFC 7873): the option is ignored, no server cookie. NSID (RFC 5001), padding,
 *     EDNS client subnet: ignored.</li>
 * <li>CHAOS class (version.bind, id.server): REFUSED (NSD answers them unless hidden).</li>
 * <li>Response rate limiting, round-robin rotation, IPv6-specific AAAA-first additional order.</li>
 * </ul>
 */
package dev.kiln.dns;

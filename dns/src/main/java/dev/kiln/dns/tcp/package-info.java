/**
 * DNS over TCP, sans-I/O: framing and per-connection sessions over any byte transport.
 *
 * <h2>Implemented</h2>
 * <ul>
 * <li>RFC 1035 §4.2.2 / RFC 7766 §8: the 2-byte length prefix, both ways; messages split across
 *     reads in any way, several in one read.</li>
 * <li>RFC 7766 §6.2.1.1: pipelined queries, answered in the order received.</li>
 * <li>RFC 7766 §6.2.3: an idle timeout per connection (time comes in as {@code nowNs}).</li>
 * <li>RFC 7766 §6.2.1: the server may close a connection (after {@code queriesMax} queries, or on a
 *     length that cannot be a query: below 12 or above {@code queryBytesMax}).</li>
 * <li>Bounded queueing: one deferred answer per connection at most (see {@link dev.kiln.dns.tcp.DnsTcpSession}).</li>
 * </ul>
 *
 * <h2>Not implemented</h2>
 * <ul>
 * <li>Answering out of order (RFC 7766 §7 allows it; in-order is simpler and an authoritative answer is immediate).</li>
 * <li>EDNS TCP keepalive (RFC 7828), TCP Fast Open, zone transfers over TCP (AXFR/IXFR are REFUSED as over UDP).</li>
 * </ul>
 */
package dev.kiln.dns.tcp;

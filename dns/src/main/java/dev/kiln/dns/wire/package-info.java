/** DNS messages on the wire, RFC 1035 §4, EDNS(0) RFC 6891, unknown types RFC 3597. */
package dev.kiln.dns.wire;

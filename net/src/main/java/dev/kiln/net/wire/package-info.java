/**
 * Wire formats as flyweight views over {@code MemorySegment} plus {@code record} reprs
 * (model: smoltcp {@code wire}). Views: {@code wrapChecked} on received bytes returns a
 * {@link dev.kiln.net.wire.WireError} and, once OK, no accessor can fail; {@code wrap} +
 * setters build packets. Reprs: {@code parse(view)} (null when refused; {@code check} says
 * why), {@code bufferLen()}, {@code emit(view)}. All multi-byte fields are big-endian.
 *
 * <h2>Implemented</h2>
 * <ul>
 * <li>Ethernet II header (RFC 894): destination, source, EtherType.</li>
 * <li>ARP (RFC 826) for hardware type Ethernet (1, length 6) and protocol IPv4 (0x0800, length 4): request, reply.</li>
 * <li>IPv4 header (RFC 791 §3.1): version, IHL, DSCP/ECN, total length, identification, DF/MF,
 *     fragment offset, TTL, protocol, header checksum, addresses. Options (IHL &gt; 5) are
 *     tolerated and skipped on receive; never emitted.</li>
 * <li>ICMPv4 (RFC 792): echo request/reply, destination unreachable with the original header + 64 bits.</li>
 * <li>UDP (RFC 768): header, pseudo-header checksum; a received checksum of 0 means "none";
 *     a computed checksum of 0 is sent as 0xFFFF.</li>
 * <li>TCP (RFC 9293 §3.1): header, data offset, eight control bits, pseudo-header checksum; options MSS,
 *     window scale (RFC 7323), SACK-permitted and up to 4 SACK blocks (RFC 2018), timestamps (RFC 7323),
 *     NOP/EOL; unknown kinds skipped by length; bad lengths, overruns and repeats are {@code WireError}s.</li>
 * <li>Internet checksum (RFC 1071) with deferred carries, 8 bytes per step; incremental update (RFC 1624 eqn. 3).</li>
 * </ul>
 *
 * <h2>Not implemented</h2>
 * <ul>
 * <li>802.1Q VLAN tags, 802.3 length-field frames, jumbo frames.</li>
 * <li>ARP for other hardware/protocol types; RARP; InARP.</li>
 * <li>Interpretation of IPv4 options (record route, source route, timestamps) — skipped.</li>
 * <li>ICMP types other than 0, 3, 8 (time exceeded, redirect, parameter problem, timestamp…): the
 *     view reads them, the repr refuses them (UNSUPPORTED_TYPE).</li>
 * <li>IPv6, TCP.</li>
 * </ul>
 */
package dev.kiln.net.wire;

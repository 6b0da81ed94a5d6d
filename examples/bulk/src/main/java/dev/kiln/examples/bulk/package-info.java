/**
 * The bulk TCP appliance: four services over the TCP API only ({@link dev.kiln.net.NetStack#tcpListen}),
 * so the same code runs on the host and tap targets. Used by the interop tests under {@code tc netem}
 * and by {@code bench/tcp/run.sh}.
 *
 * <ul>
 * <li><b>sink</b> ({@link SinkHandler}): reads and discards; at the peer's FIN answers the count of bytes
 *     received as 8 bytes big-endian, then closes.</li>
 * <li><b>echo</b> ({@link EchoHandler}, RFC 862 over TCP): writes back what it reads, with flow control.</li>
 * <li><b>source</b> ({@link SourceHandler}): reads an 8-byte big-endian count N, sends N bytes of
 *     {@link Pattern}, closes.</li>
 * <li><b>push</b> ({@link PushHandler}, active open): the client sends a port and a count N; the appliance
 *     connects back to the client's address at that port ({@code NetStack.tcpConnect}), sends N bytes of
 *     {@link Pattern}, closes, and reports the result on the control connection.</li>
 * </ul>
 * Nothing allocates per byte or per segment: one connection state object at accept; the pattern's block
 * (one period, made once) is what the senders write from.
 */
package dev.kiln.examples.bulk;

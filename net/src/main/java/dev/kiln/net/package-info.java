/**
 * The stack API applications use, the same on every target: {@link dev.kiln.net.NetStack} with UDP
 * ({@link dev.kiln.net.UdpSocket}, {@link dev.kiln.net.UdpHandler}: answer straight into the
 * stack's reply buffer; ICMP errors about a socket's datagrams as {@link dev.kiln.net.UdpError}s, RFC 1122
 * §4.1.3.3: on Kiln's own stack for every socket, on the host target for {@code connect}ed ones only) and TCP ({@link dev.kiln.net.TcpListener}, {@link dev.kiln.net.TcpConnection},
 * {@link dev.kiln.net.TcpHandler}, {@link dev.kiln.net.TcpOptions}: callbacks on the loop thread,
 * fixed buffers, flow control by return values). {@link dev.kiln.net.TcpStreams} is the blocking
 * facade for code on virtual threads.
 *
 * <h2>Implementing TCP on a stack (the checklist)</h2>
 * The contract is in {@link dev.kiln.net.TcpHandler}'s documentation; the host target
 * ({@code dev.kiln.net.host.HostTcpConnection}) is a reference implementation, Kiln's own stack
 * ({@code dev.kiln.net.stack.KilnTcpConnection}) the second. The abstract {@code TcpContractTest} states
 * the behaviour any stack must show, written against the API alone (one subclass per target), and
 * {@code TcpStreamTest} the blocking facade's:
 * <ul>
 * <li>callbacks only from {@code doWork}, never from inside a connection method; {@code onClosed}
 *     exactly once, last, for every accepted connection;</li>
 * <li>{@code connectionsMax} and {@code buffersBytesMax} checked when a connection completes (host:
 *     the kernel did the handshake) or at its SYN (Kiln's stack: before a TCB and its buffers exist);
 *     the excess reset and counted ({@code drop.tcp_conn_limit}, {@code drop.tcp_buffer_limit});</li>
 * <li>{@code onReadable} offers every unconsumed byte; a paused connection is not offered bytes and
 *     its FIN is held back; a full receive buffer closes the advertised window;</li>
 * <li>{@code write} takes at most the free send-buffer space; {@code onWritable} after a short write
 *     once room opens; {@code shutdownOutput}/{@code close} send FIN after the buffer; {@code abort} RSTs;</li>
 * <li>{@code timerAt} deadlines feed {@code pollAtNs}; {@code TcpListener.execute} and
 *     {@code NetStack.execute} are the only methods safe from other threads and must wake the loop
 *     (and {@code pollAtNs} says 0 while tasks wait, as a wake-up may have been consumed);</li>
 * <li>{@code tcpConnect}: the handle at once, {@code onAccepted} once established, or {@code onClosed}
 *     alone with {@code REFUSED} / {@code TIMED_OUT} / {@code UNREACHABLE}; bytes written before the handshake
 *     are sent after it;</li>
 * <li>keep-alives off by default and switched per connection ({@code TcpConnection.keepAlive}, RFC 1122
 *     §4.2.3.6); a peer that vanished is then reported as {@code TIMED_OUT}.</li>
 * </ul>
 */
package dev.kiln.net;

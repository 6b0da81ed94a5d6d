/**
 * TCP (RFC 9293), sans-I/O: a connection ({@link dev.kiln.net.tcp.Tcb}) takes segments
 * ({@code TcpRepr} + payload: the stack reads every segment into one scratch repr and passes the payload
 * as frame and offset, so receiving allocates nothing), user calls and {@code nowNs}, and yields segments to send
 * ({@link dev.kiln.net.tcp.OutSegment}) and {@link dev.kiln.net.tcp.TcpEvent}s. Nothing here reads a
 * clock, sleeps, starts a thread or opens a socket (ArchUnit-enforced); randomness comes from
 * {@code Entropy}. Split the mirage way: sequence arithmetic ({@link dev.kiln.net.tcp.Seq}), state
 * ({@link dev.kiln.net.tcp.TcpState}, {@code Handshake}, {@code Arrival}), segments out
 * ({@code Output}), listening ({@link dev.kiln.net.tcp.ListenEndpoint}), TIME-WAIT
 * ({@link dev.kiln.net.tcp.TimeWaitTable}), loss recovery ({@code Recovery}), keep-alives ({@code KeepAlive}),
 * SYN cookies ({@code SynCookies}), the output queue ({@code OutQueue}); RTO estimation, congestion control,
 * SACK scoreboard, receive reassembly and the send buffer are separate parts.
 *
 * <h2>Implemented</h2>
 * <ul>
 * <li>RFC 9293 §3.3.2 all eleven states, with §3.5 three-way handshake, simultaneous open (figure 7),
 *     §3.6 graceful close from either side, simultaneous close (CLOSING), TIME-WAIT for 2 MSL,
 *     restarted by a retransmitted FIN, which is acknowledged.</li>
 * <li>RFC 9293 §3.10.1–3.10.5 OPEN (active: {@code Tcb.connect}; passive: {@code ListenEndpoint}), SEND,
 *     RECEIVE, CLOSE (FIN after queued data; in LISTEN/SYN-SENT the TCB is deleted), ABORT (RST where
 *     the RFC says).</li>
 * <li>RFC 9293 §3.10.7.1 CLOSED: RST for segments no connection takes ({@code Resets}); §3.10.7.2 LISTEN:
 *     RST ignored, ACK answered with RST, SYN opens SYN-RECEIVED; listen queue bounded by
 *     {@code TcpConfig.backlog} (half-open + not yet accepted); a passive connection reset in SYN-RECEIVED
 *     leaves the queue (back to LISTEN).</li>
 * <li>RFC 4987 §3.6 SYN cookies when the listen queue is full ({@code TcpConfig.synCookies}, on by default as
 *     Linux; off: such SYNs are dropped and counted): Linux's encoding (MSS index of {536, 1300, 1440, 1460} and a
 *     64 s counter in the ISN, SipHash-2-4 keyed from the ISN secret, valid for two counts); window scale and
 *     SACK-permitted ride in the low 6 bits of our TSval when the SYN had timestamps, else the connection has
 *     the MSS only (no WS, SACK or timestamps); the returning ACK creates the connection ESTABLISHED (its data
 *     is taken through the payload overload of {@code ListenEndpoint.onSegment}); sent/validated/failed counted.</li>
 * <li>RFC 9293 §3.10.7.3 SYN-SENT: bad ACK answered with RST (not if RST), RST accepted only with an
 *     acceptable ACK, SYN-ACK establishes, SYN alone starts a simultaneous open.</li>
 * <li>RFC 9293 §3.10.7.4: the four-case acceptability test, ACK for unacceptable segments (and ACK
 *     processing for an in-sequence segment against a zero window), trimming of old bytes, window
 *     update by SND.WL1/SND.WL2, FIN only when everything before it arrived; a retransmitted SYN in
 *     SYN-RECEIVED gets the SYN-ACK again.</li>
 * <li>RFC 5961: §3 RST only at exactly RCV.NXT, challenge ACK for an in-window one, out-of-window ones
 *     dropped; §4 challenge ACK for a SYN in a synchronized state; §5 ACK acceptability
 *     (SND.UNA − MAX.SND.WND ≤ SEG.ACK ≤ SND.NXT, else challenge ACK and drop: blind data injection);
 *     §7 challenge-ACK rate limit ({@link dev.kiln.net.tcp.ChallengeAckLimiter}, shareable stack-wide).</li>
 * <li>RFC 6528 ISNs: SipHash-2-4 of the 4-tuple keyed from {@code Entropy}, plus a 4 µs clock from {@code nowNs}.</li>
 * <li>RFC 9293 §3.7.1 MSS: ours advertised, the peer's used (536 without the option), less 12 bytes per
 *     segment with timestamps.</li>
 * <li>RFC 7323: window scaling only when both SYNs carry it, shift clamped to 14, SYN windows unscaled;
 *     timestamps negotiated, TS.Recent updated per §4.3, random per-connection offset (§5.4),
 *     PAWS basic check (§5.3: older TSval than TS.Recent → ACK and drop).</li>
 * <li>RFC 2018 SACK-permitted negotiation; out-of-order text kept in {@link dev.kiln.net.tcp.ReceiveReassembly}
 *     (bounded: {@code Tcb.OUT_OF_ORDER_INTERVALS} ranges within the receive buffer, a segment needing more is
 *     dropped) and delivered once the hole fills; ACKs carry SACK blocks newest first (§4; 3 with
 *     timestamps, else 4) when SACK was negotiated. The receive buffer is linear: the application reads
 *     the in-order bytes in place ({@code Tcb.readView}, {@code Tcb.consume}).</li>
 * <li>RFC 2883 D-SACK generation: a duplicate segment (below RCV.NXT, or wholly within out-of-order data
 *     already held; also one PAWS rejected) is reported once, by the first SACK block of the ACK it
 *     triggers at once, followed by the out-of-order block holding it if any (§4).</li>
 * <li>Receiver SWS avoidance (RFC 9293 §3.8.6.2.2, RFC 1122 4.2.3.3): the advertised right edge moves only
 *     by at least min(buffer / 2, MSS) and never left; with window scaling it is rounded down, or up where
 *     rounding down would move it left.</li>
 * <li>RFC 9293 §3.8.1 retransmission of the first unacknowledged segment (or SYN, SYN-ACK, FIN) with
 *     exponential back-off; the RTO from {@link dev.kiln.net.tcp.RtoEstimator} (RFC 6298): samples from
 *     echoed timestamps when negotiated (RFC 7323 §4), else one Karn-timed segment at a time (§3),
 *     3 s after a SYN timeout without a sample (§5.7), minimum {@code TcpConfig.rtoMinNs} (200 ms as
 *     Linux, not the RFC's 1 s); §3.8.3 R2 give-up after {@code retriesMax}/{@code synRetriesMax} (TIMED_OUT);
 *     §3.8.6.1 zero-window probing; §3.8.6.2.2 window update after a read, when the window the peer
 *     knows has fallen to half the buffer or less and the one now offered is at least twice that (as
 *     Linux's tcp_cleanup_rbuf; otherwise the next ACK carries it).</li>
 * <li>A congestion window limiting what {@code Output} sends: the loss-based {@link dev.kiln.net.tcp.Cubic} (RFC 9438,
 *     no HyStart; the default) or {@link dev.kiln.net.tcp.NewReno}, or, by choice ({@code TcpConfig.withBbr}),
 *     {@link dev.kiln.net.tcp.Bbr} (after BBR v1, the default congestion control of the Linux Kiln is tested against:
 *     a model of the path, bottleneck rate × lowest RTT, not loss, sizes the window; without pacing or gain cycle)
 *     ({@code TcpConfig.bbr}, {@code TcpConfig.cubic}), RFC 6928 initial window;
 *     slow start counts every byte an ACK covers (RFC 3465 without the per-ACK limit L, as Linux: one ACK of
 *     a received super-frame covers tens of segments); cwnd to one MSS on a timeout, after which everything in flight is resent from SND.UNA in slow start,
 *     skipping SACKed data. Cubic gets the smoothed RTT, not the sample.</li>
 * <li>Loss recovery: with SACK, RFC 6675 (scoreboard {@link dev.kiln.net.tcp.SackScoreboard} fed from every
 *     ACK's blocks; recovery on DupThresh duplicates or IsLost(SND.UNA); first hole resent at once; then
 *     NextSeg rules 1-3 while cwnd - pipe ≥ 1 SMSS), with RFC 8985 RACK-TLP: RACK ({@code Rack}) keeps each
 *     segment's send time and marks lost what was sent before a delivered segment once RACK.rtt plus the
 *     reordering window passed (§6.2; the window is RACK.min_RTT / 4, widened per D-SACK round (at most 255 times)
 *     and restored after 16 recoveries that were not undone as spurious (as Linux; the RFC counts every recovery,
 *     which under reordering, where most are undone, reset it faster than D-SACKs widened it), 0 in recovery or
 *     with DupThresh segments SACKed until reordering is seen, at most SRTT; a reordering timer for the rest); a
 *     retransmitted segment gives RACK no sample when a cumulative ACK echoes an older timestamp (§6.2 step 2;
 *     deviation: not applied to SACKed ones, whose ACK always echoes an older in-order segment, which cost loss
 *     recovery its samples; those need at least half of RACK.rtt instead, besides RACK.min_RTT: see
 *     {@code SackScoreboard.onAck}); until reordering is seen RFC 6675's IsLost marks too, after it only RACK.
 *     Lost retransmissions ({@code RetransmitLog}) are found the same way (and by DupThresh before reordering)
 *     and resent first; data found lost is resent even outside recovery (e.g. a hole resent after a timeout and
 *     lost again); SetPipe counts a hole whose first byte is lost as lost (see {@code SackScoreboard.pipe}). Tail Loss
 *     Probe ({@code TailLossProbe}, §7): with data in flight, 2·SRTT + 2 ms of silence (+ 200 ms WCDelAckT for one
 *     segment, not while a FIN is in flight; outside recovery never past the RTO: the probe then goes just before
 *     it, as Linux) sends one probe, new data if the peer's window allows, else the highest unSACKed segment; a
 *     resent probe acknowledged without a D-SACK repaired a loss and reduces the window once (§7.4). Deviation
 *     from §7.2: probes in recovery and with SACKed data too (a lost retransmission at the end of recovery), one
 *     per advance of SND.UNA and leaving the RTO timer alone; none after a timeout until progress. Undo of a
 *     spurious fast retransmit ({@code Undo}): RFC 3522 Eifel detection (the ACK of the first retransmission
 *     echoes an older timestamp) or RFC 3708 (D-SACKs for every retransmitted segment), with RFC 4015's
 *     response (cwnd and ssthresh restored, CUBIC's W_max too, recovery ends). RFC 6937 PRR ({@code Prr}) paces
 *     what SACK recovery sends: proportional to delivery while the pipe exceeds ssthresh, else the slow-start
 *     reduction bound (PRR-SSRB). Without SACK, RFC 5681 §3.2 fast retransmit on the
 *     third duplicate ACK with RFC 6582 NewReno partial-ACK retransmission. RFC 3042 limited transmit
 *     (one new segment for each of the first two duplicate ACKs).</li>
 * <li>Nagle (RFC 9293 §3.7.4, RFC 1122 4.2.3.4), on by default; off with {@code TcpConfig.noDelay} or
 *     {@code Tcb.setNoDelay}; a queued FIN pushes the tail out. Sender SWS avoidance (RFC 1122 4.2.3.4: full
 *     segments, all queued data, or half the peer's largest window; the persist timer is the override).</li>
 * <li>Delayed ACKs (RFC 9293 §3.8.6.3, RFC 5681 §4.2): within {@code TcpConfig.delayedAckNs} (40 ms; 0 = off),
 *     at once on the second full-sized segment, for out-of-order, hole-filling or FIN segments; an ACK on data
 *     cancels the timer. Stretch ACKs for aggregates (received super-frames, each larger than our MSS) as
 *     Linux acknowledges GRO aggregates: after 16 acknowledged at once (quick-ACK), one ACK per up to four
 *     aggregates (at most a quarter of the buffer), within 1 ms, while the peer's known window takes two
 *     more; a short aggregate (the end of a flight) at once.</li>
 * <li>Keep-alives (RFC 9293 §3.8.4, RFC 1122 4.2.3.6), off by default and switched per connection
 *     ({@code Tcb.setKeepAlive}; the default from {@code TcpConfig.keepAliveIdleNs}), idle time,
 *     interval and probe count; probe {@code SEG.SEQ = SND.NXT - 1} without data; unanswered: RST and
 *     TIMED_OUT.</li>
 * <li>The send queue is a {@link dev.kiln.net.tcp.SendBuffer} charged to a stack-wide
 *     {@link dev.kiln.net.tcp.BufferBudget} ({@code TcpContext.sendBudget}, {@code TcpConfig.sendBudgetBytes}).
 *     Its ring grows on demand up to the buffer size. Bytes the application lends ({@code writeImmutable}) are
 *     held by reference beside the copied ones ({@code SendExtents}, at most 256 extents: a full table is
 *     back-pressure); they count toward the buffer size but not the budget. Output is queued without allocation per segment, as rows
 *     naming their payload by sequence number (full-sized segments of one push share a row); a segment's
 *     payload is copied once, from the send buffer, when it is drained (lent bytes not at all when the device
 *     gathers: they become frame pieces): {@code Tcb.pollSegmentInto} writes it
 *     as wire bytes (header, options, payload, checksum) without allocating, {@code pollSegment} as a record,
 *     and {@code nextContinuationLen}/{@code pollRunInto} append the payloads of segments with the same
 *     header shape to a TSO super-frame ({@code pollRunInto}: every such segment that fits, in one call: one
 *     send-buffer read and one frame piece per run, not per segment).</li>
 * <li>ICMP errors ({@link dev.kiln.net.tcp.IcmpErrors}: RFC 1122 §4.2.3.9, RFC 5461, RFC 5927 §4.1) and path MTU
 *     discovery ({@code PathMtu}, RFC 1191): fragmentation needed lowers the send MSS and resends the flight at
 *     once without a congestion response (§6.5); the congestion control and scoreboard count in the new MSS
 *     (windows keep their size in segments); the larger MSS is tried again after the timeout (§6.3); a
 *     stack-wide, bounded {@link dev.kiln.net.tcp.PathMtuCache} gives new connections the destination's path MTU (§5).</li>
 * <li>A stack-level TIME-WAIT table bounded by {@code TcpConfig.timeWaitMax} (oldest evicted and counted);
 *     FIN-WAIT-2 bounded by {@code finWait2TimeoutNs} (as Linux's tcp_fin_timeout).</li>
 * </ul>
 *
 * <h2>Not implemented (yet)</h2>
 * <ul>
 * <li>RFC 6675 NextSeg rule 4 (rescue retransmission: the tail loss probe covers the tail, in recovery too),
 *     undo of a retransmission timeout found spurious (RFC 4015's timeout response; RFC 5682 F-RTO),
 *     PRR for NewReno recovery without SACK (RFC 6582's window inflation), reneging detection (a reneged SACKed range is resent only by the next timeout),
 *     RFC 6582 §4.1 multiple-fast-retransmit heuristic, RFC 5681 §4.1 restart after idle, Linux's quick-ACK
 *     mode beyond the start of a connection.</li>
 * <li>Urgent data (URG ignored, RFC 6093), data carried in a SYN (not kept, the
 *     peer resends it), RFC 7323 §5.5 PAWS idle-24-days rule, RFC 7323 dropping of non-RST segments
 *     without timestamps (accepted, like Linux), RFC 6191 TIME-WAIT reuse by a new SYN (answered with an
 *     ACK), RFC 1337 TIME-WAIT assassination protection (an exact RST ends TIME-WAIT), ECN (RFC 3168),
 *     RFC 4821 path MTU probing (RFC 1191 discovery is in {@code PathMtu}), TCP-AO/MD5, MPTCP, TFO.</li>
 * <li>Demultiplexing, frames and the public API are not here: {@code dev.kiln.net.stack.TcpLayer} in {@code KilnStack}.</li>
 * </ul>
 */
package dev.kiln.net.tcp;

package dev.kiln.net.tcp;

import dev.kiln.net.wire.TcpPacket;
import dev.kiln.net.wire.TcpRepr;
import dev.kiln.platform.FramePieces;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * One TCP connection (the TCB of RFC 9293 §3.3.1), sans-I/O: segments come in through
 * {@link #onSegment}, user calls through {@link #send}, {@link #read}, {@link #close}, {@link #abort};
 * time through {@code nowNs}. What it sends is drained with {@link #pollSegment}, what the user should
 * know with {@link #pollEvent}; {@link #pollAtNs} is the next deadline for {@link #onTimer}.
 * Segment arrival is in {@link Arrival} and {@link Handshake}, segment building in {@link Output}.
 */
public final class Tcb {
    static final long NEVER = Long.MAX_VALUE;
    /**
     * Out-of-order ranges kept per connection; a segment needing one more is dropped (bounded memory). 8 were too
     * few under reordering: dropped segments held the sender in recovery until timeouts (TcpLossRecoveryTest).
     */
    static final int OUT_OF_ORDER_INTERVALS = 32;
    /** SACKed ranges the sender remembers (RFC 6675 scoreboard); more only makes recovery more conservative. */
    static final int SACK_RANGES = 16;
    /** In-order aggregates (received super-frames) acknowledged at once at the start, as Linux's quick-ACK mode. */
    static final int QUICK_ACKS = 16;
    /** The longest a stretch ACK waits: bounds the stall of a sender whose whole flight is unacknowledged. */
    static final long STRETCH_ACK_NS = 1_000_000L;

    final TcpContext ctx;
    final TcpConfig cfg;
    final TcpTuple tuple;
    final boolean passive;
    TcpState state;

    // RFC 9293 §3.3.1 send sequence variables; sndWnd is in bytes (already scaled)
    int iss, sndUna, sndNxt, sndWnd, sndWl1, sndWl2, maxSndWnd;
    // receive sequence variables; the receive window is the receive queue's free space
    int irs, rcvNxt, lastAckSent;
    // negotiated (RFC 7323, RFC 2018, RFC 9293 §3.7.1)
    int sndShift, rcvShift, sndMss, tsOffset, tsRecent;
    boolean wsOk, tsOk, sackOk;

    final SendBuffer sendQ; // data bytes from sendBase(): in flight, then unsent (sequence numbers exclude SYN and FIN)
    final ReceiveReassembly rx; // in-order bytes not yet read, then out-of-order data (RFC 2018 SACK blocks)
    final int[] sackScratch = new int[2 * dev.kiln.net.wire.TcpOptionsRepr.MAX_SACK_BLOCKS];
    boolean finQueued, finSent;
    boolean orphaned; // the user closed fully: FIN-WAIT-2 is bounded (see orphan)
    int finSeq;

    final RtoEstimator rto;
    CongestionControl cc; // replaced once the MSS is known (ESTABLISHED)
    SackScoreboard board; // RFC 6675, data sequence numbers only; replaced at ESTABLISHED
    final int[] sackIn = new int[2 * dev.kiln.net.wire.TcpOptionsRepr.MAX_SACK_BLOCKS];
    int dupAcks; // RFC 5681 §2 duplicate ACKs in a row (with SACK: those without blocks): RFC 3042 limited transmit, recovery
    long retransmittedBytes, recoveries, timeouts;
    boolean afterTimeout; // resending what was in flight at the last timeout, [rtxNext, rtoHigh)
    int rtxNext, rtoHigh;
    // RFC 6298 §3 (Karn): one segment timed at a time when timestamps are off; a retransmission cancels it
    boolean timing;
    int timedEnd;
    long timedSentNs;
    long rtxAtNs = NEVER, closeAtNs = NEVER;
    long ptoAtNs = NEVER; // RFC 8985 §7 probe timeout (TailLossProbe)
    long rackAtNs = NEVER; // RFC 8985 §6.2 reordering timer (Recovery.onRackTimer)
    final TailLossProbe tlp = TailLossProbe.create();
    final Undo undo = new Undo(); // RFC 3522/3708/4015 undo of a spurious fast retransmit
    final Prr prr = new Prr(); // RFC 6937 sending rate in SACK recovery
    int rtxCount;
    // RFC 9293 §3.8.6.3 delayed ACK: when the owed ACK goes out; ackOwed: one must go out before this call returns
    long ackAtNs = NEVER;
    long reopenAtNs = NEVER; // WindowReopen: the window update again
    long unacceptableAckNs = NEVER; // when an unacceptable segment without data was last answered (Arrival)
    int reopenTries;
    boolean ackOwed;
    boolean stretchAck; // the pending delayed ACK is a stretch ACK (Arrival.scheduleAck): endOfBatch sends it
    int rcvMss; // the largest segment received: "full-sized" for the every-second-segment rule
    boolean lending; // onSegmentLending: in-order text at an empty buffer may stay in the caller's payload
    int rcvAdv; // the right edge of the window last advertised (RCV.NXT + RCV.WND as the peer knows it)
    int quickAcks = QUICK_ACKS; // aggregates acknowledged at once before stretch ACKs start (slow start)
    boolean noDelay; // Nagle off (RFC 9293 §3.7.4)
    long keepAliveAtNs = NEVER; // RFC 9293 §3.8.4 (KeepAlive)
    int keepAliveProbes; // sent and not answered
    long keepAliveIdleNs, keepAliveIntervalNs; // per connection, from the config at first; idle 0: off
    int keepAliveProbesMax;
    boolean softError; // an ICMP soft error arrived (IcmpErrors) while SND.UNA was softErrorUna
    int softErrorUna;
    final PathMtu pmtu = new PathMtu(); // RFC 1191: the negotiated MSS, when to try it again after a decrease

    final OutQueue out;
    private final TcpPacket view = new TcpPacket(); // for pollSegmentInto
    final ArrayDeque<TcpEvent> events = new ArrayDeque<>();

    Tcb(TcpContext ctx, TcpTuple tuple, boolean passive, long nowNs) {
        this.ctx = ctx;
        this.cfg = ctx.config();
        this.tuple = tuple;
        this.passive = passive;
        this.state = TcpState.CLOSED;
        this.rx = new ReceiveReassembly(cfg.recvBufBytes(), OUT_OF_ORDER_INTERVALS, 0); // reset at the peer's SYN
        this.rto = new RtoEstimator(cfg.rtoMinNs(), cfg.rtoMaxNs(), cfg.rtoInitialNs(), 1_000_000L);
        this.iss = ctx.isn().isn(tuple, nowNs);
        this.sndUna = iss;
        this.sndNxt = iss;
        this.sendQ = new SendBuffer(cfg.sendBufBytes(), ctx.sendBudget(), iss + 1);
        this.out = new OutQueue(sendQ);
        this.tsOffset = (int) ctx.entropy().nextLong(); // RFC 7323 §5.4: a random offset per connection
        this.sndMss = Math.min(cfg.mss(), 536);
        this.cc = newCongestionControl();
        this.board = newScoreboard();
        this.noDelay = cfg.noDelay();
        KeepAlive.set(this, cfg.keepAliveIdleNs(), cfg.keepAliveIntervalNs(), cfg.keepAliveProbes(), nowNs);
    }

    /** OPEN, active (RFC 9293 §3.10.1): sends a SYN and enters SYN-SENT. */
    public static Tcb connect(TcpContext ctx, TcpTuple tuple, long nowNs) {
        Tcb t = new Tcb(ctx, tuple, false, nowNs);
        t.state = TcpState.SYN_SENT;
        Output.syn(t, nowNs);
        return t;
    }

    /** A segment for this connection arrived: header (checksum and options verified) and payload. */
    public void onSegment(TcpRepr seg, MemorySegment payload, long nowNs) { onSegment(seg, payload, 0, nowNs); }

    /** As {@link #onSegment(TcpRepr, MemorySegment, long)}, the payload at {@code frame[payloadOff..]} (no slice made). */
    public void onSegment(TcpRepr seg, MemorySegment frame, long payloadOff, long nowNs) {
        if (payloadOff < 0 || frame.byteSize() - payloadOff < seg.payloadLen()) throw new IllegalArgumentException("payload shorter than the header says");
        switch (state) {
            case CLOSED, LISTEN -> { }
            case SYN_SENT -> Handshake.synSent(this, seg, nowNs); // text in a SYN is not kept
            default -> Arrival.segment(this, seg, frame, payloadOff, nowNs);
        }
    }

    /**
     * As {@link #onSegment(TcpRepr, MemorySegment, long, long)}, but in-order text arriving while nothing is unread
     * stays in {@code frame} (lent, no copy): {@link #readView} shows it in place. The caller must call
     * {@link #settleLent} before {@code frame} changes, which copies what was not consumed.
     */
    public void onSegmentLending(TcpRepr seg, MemorySegment frame, long payloadOff, long nowNs) {
        lending = true;
        try {
            onSegment(seg, frame, payloadOff, nowNs);
        } finally {
            lending = false;
        }
    }

    /** Whether received bytes are lent from the last segment's payload ({@link #onSegmentLending}). */
    public boolean lent() { return rx.lent(); }

    /** Copies lent bytes not yet consumed into the receive buffer. */
    public void settleLent() { rx.settleLent(); }

    /** SEND (RFC 9293 §3.10.2): queues up to {@code len} bytes; @return bytes queued, or -1 when the connection is closing or closed. */
    public int send(MemorySegment data, long off, int len, long nowNs) { return send(data, off, len, false, nowNs); }

    /**
     * SEND of bytes the caller lends by reference ({@code TcpConnection.writeImmutable}: they never change
     * and outlive the connection), or copies if {@code !byReference}; @return as {@link #send(MemorySegment, long, int, long)}.
     */
    public int send(MemorySegment data, long off, int len, boolean byReference, long nowNs) {
        int n = enqueue(data, off, len, byReference);
        if (n >= 0) Output.push(this, nowNs);
        return n;
    }

    /**
     * {@link #send} without sending: the bytes wait in the send buffer until {@link #pushOutput}. A stack that
     * pushes once after a callback's writes cuts segments over all of them (a response's head and its lent body
     * in full-sized segments), as Linux's autocorking does for writes that follow one another.
     */
    public int enqueue(MemorySegment data, long off, int len, boolean byReference) {
        if (finQueued || !(state == TcpState.SYN_SENT || state == TcpState.SYN_RECEIVED || state == TcpState.ESTABLISHED
                || state == TcpState.CLOSE_WAIT)) return -1;
        return byReference ? sendQ.writeRef(data, off, len) : sendQ.write(data, off, len);
    }

    /** Sends what {@link #enqueue} queued, as the windows, Nagle and the congestion state allow. */
    public void pushOutput(long nowNs) { Output.push(this, nowNs); }

    /** RECEIVE (RFC 9293 §3.10.3): moves up to {@code len} received bytes into {@code dst}; @return bytes read (0 if none). */
    public int read(byte[] dst, int off, int len, long nowNs) {
        int n = rx.read(MemorySegment.ofArray(dst), off, Math.min(len, dst.length - off));
        if (n > 0) windowUpdate(nowNs);
        return n;
    }

    /**
     * The received in-order bytes not yet consumed, in place: valid until the next {@link #onSegment},
     * {@link #consume} or {@link #settleLent} (the zero-copy alternative to {@link #read}).
     */
    public MemorySegment readView() { return rx.readView(); }

    /** RECEIVE without a copy: frees the first {@code n} bytes of {@link #readView} (0..{@link #readable}). */
    public void consume(int n, long nowNs) {
        rx.consume(n);
        if (n > 0) windowUpdate(nowNs);
    }

    /**
     * After a read: an ACK that announces the opened window, only when it matters (RFC 9293 §3.8.6.2.2,
     * as Linux's tcp_cleanup_rbuf): the window the peer knows has fallen to half the buffer or less, and the
     * one we can advertise now (receiver SWS avoidance) is at least twice as large. Otherwise the next ACK
     * carries it.
     */
    private void windowUpdate(long nowNs) {
        if (!state.synchronizedState()) return;
        int known = Math.max(0, Seq.diff(rcvNxt, rcvAdv)), offer = rx.advertisedWindow(cfg.mss());
        if (known <= rx.capacity() / 2 && offer >= 2 * known && offer - known >= Math.min(rx.capacity() / 2, cfg.mss())) {
            Output.ack(this, nowNs);
            WindowReopen.sent(this, known, nowNs);
        }
    }

    /** CLOSE (RFC 9293 §3.10.4): FIN after the queued data; in LISTEN or SYN-SENT the TCB is simply deleted. */
    public void close(long nowNs) {
        switch (state) {
            case LISTEN, SYN_SENT -> enterClosed(null);
            case SYN_RECEIVED, ESTABLISHED -> { finQueued = true; state = TcpState.FIN_WAIT_1; Output.push(this, nowNs); }
            case CLOSE_WAIT -> { finQueued = true; state = TcpState.LAST_ACK; Output.push(this, nowNs); }
            default -> { } // already closing: RFC 9293 "error: connection closing"
        }
    }

    /**
     * The user will read no more (a full close, not a half-close): FIN-WAIT-2 is then bounded by
     * {@code finWait2TimeoutNs}, as Linux bounds orphaned sockets with tcp_fin_timeout. A half-closed
     * connection (only {@link #close}) still receives and waits for the peer's FIN as long as the peer lives.
     */
    public void orphan(long nowNs) {
        if (orphaned) return;
        orphaned = true;
        if (state == TcpState.FIN_WAIT_2) closeAtNs = nowNs + cfg.finWait2TimeoutNs();
    }

    /** ABORT (RFC 9293 §3.10.5): RST in the synchronized states that still talk, then CLOSED. */
    public void abort(long nowNs) {
        switch (state) {
            case SYN_RECEIVED, ESTABLISHED, FIN_WAIT_1, FIN_WAIT_2, CLOSE_WAIT -> Output.rst(this, sndNxt);
            default -> { }
        }
        if (state != TcpState.CLOSED) enterClosed(null);
    }

    /** Drops the connection without a word to the peer (it returns its buffer to the budget). */
    void abortSilently() {
        if (state != TcpState.CLOSED) enterClosed(null);
        events.clear();
        out.clear();
    }

    /** Runs the timers due at {@code nowNs}. */
    public void onTimer(long nowNs) {
        if (closeAtNs <= nowNs && state == TcpState.TIME_WAIT) enterClosed(null);
        if (closeAtNs <= nowNs && state == TcpState.FIN_WAIT_2) enterClosed(TcpEvent.TIMED_OUT); // the peer's FIN never came: not an orderly end
        if (rtxAtNs <= nowNs && state != TcpState.CLOSED) Recovery.onTimer(this, nowNs);
        if (rackAtNs <= nowNs && state != TcpState.CLOSED) Recovery.onRackTimer(this, nowNs);
        if (ptoAtNs <= nowNs && state != TcpState.CLOSED) TailLossProbe.onTimer(this, nowNs);
        if (ackAtNs <= nowNs && state != TcpState.CLOSED) Output.ack(this, nowNs); // the delayed ACK is due
        if (reopenAtNs <= nowNs && state != TcpState.CLOSED) WindowReopen.onTimer(this, nowNs);
        if (keepAliveAtNs <= nowNs && state != TcpState.CLOSED) KeepAlive.onTimer(this, nowNs);
        if (pmtu.atNs <= nowNs && state != TcpState.CLOSED) PathMtu.onTimer(this, nowNs); // RFC 1191 §6.3
    }

    /** A stretch ACK is held back ({@link #endOfBatch} would send it). */
    public boolean stretchAckPending() { return stretchAck && ackAtNs != NEVER; }

    /**
     * The caller has taken every frame the device had (the end of a receive batch): a stretch ACK held back
     * for more aggregates of the same burst goes now, as no more are waiting. Returns whether one was queued
     * (the caller then drains this connection's segments).
     */
    public boolean endOfBatch(long nowNs) {
        if (!stretchAckPending()) return false;
        Output.ack(this, nowNs);
        return true;
    }

    /** The next deadline ({@code Long.MAX_VALUE} for none): retransmission or persist, delayed ACK, keep-alive, TIME-WAIT/FIN-WAIT-2. */
    public long pollAtNs() {
        return Math.min(Math.min(Math.min(rtxAtNs, Math.min(ptoAtNs, rackAtNs)), Math.min(closeAtNs, reopenAtNs)),
                Math.min(ackAtNs, Math.min(keepAliveAtNs, pmtu.atNs)));
    }

    /**
     * Nagle's algorithm off ({@code true}, TCP_NODELAY) or on (RFC 9293 §3.7.4, the default unless
     * {@link TcpConfig#noDelay}); takes effect from the next send, ACK or timer.
     */
    public void setNoDelay(boolean on) { noDelay = on; }

    public boolean noDelay() { return noDelay; }

    /**
     * Keep-alives for this connection (RFC 1122 4.2.3.6: switchable per connection): on after {@code idleNs}
     * without a segment from the peer, or off with {@code idleNs} 0; switching on restarts the idle time.
     * @throws IllegalArgumentException as {@link TcpConfig} for the same values
     */
    public void setKeepAlive(long idleNs, long intervalNs, int probes, long nowNs) { KeepAlive.set(this, idleNs, intervalNs, probes, nowNs); }

    /** The idle time before keep-alive probes, 0 when they are off; then {@link #keepAliveIntervalNs}, {@link #keepAliveProbesMax}. */
    public long keepAliveIdleNs() { return keepAliveIdleNs; }
    public long keepAliveIntervalNs() { return keepAliveIntervalNs; }
    public int keepAliveProbesMax() { return keepAliveProbesMax; }

    /** The next segment to send, or null. */
    public OutSegment pollSegment() { return out.poll(tuple); }

    /**
     * The allocation-free alternative to {@link #pollSegment}: writes the next segment (TCP header, options,
     * payload, and the checksum over the IPv4 pseudo-header of {@link #tuple}) at {@code dst[off..]}.
     * @return the bytes written ({@link #nextSegmentLen}), or 0 if nothing is queued
     * @throws IllegalArgumentException if {@code dst} has less room than {@link #nextSegmentLen} (60 + MSS always suffices)
     */
    public int pollSegmentInto(MemorySegment dst, long off) { return out.pollInto(tuple, view, dst, off, true, null); }

    /**
     * {@link #pollSegmentInto(MemorySegment, long)}, the checksum computed only if {@code checksum}: a
     * device completing checksums (TCP segmentation, checksum offload) needs none over the payload.
     * Without it the checksum field holds 0.
     */
    public int pollSegmentInto(MemorySegment dst, long off, boolean checksum) { return out.pollInto(tuple, view, dst, off, checksum, null); }

    /**
     * {@link #pollSegmentInto(MemorySegment, long, boolean)} without a checksum, payload bytes the
     * application lent by reference left where they lie as {@code pieces} of the frame {@code dst}
     * (a gathering device with checksum offload sends them), the rest copied.
     */
    public int pollSegmentInto(MemorySegment dst, long off, FramePieces pieces) { return out.pollInto(tuple, view, dst, off, false, pieces); }

    /** Bytes the next {@link #pollSegmentInto} writes, or 0 if nothing is queued. */
    public int nextSegmentLen() { return out.peekLen(); }

    /**
     * For TCP segmentation offload: the payload bytes of the next segment if it continues the segment drained
     * last with the same header shape (plain data, contiguous, at most {@code mss} bytes, same ACK, window and
     * option values), so a super-frame can carry it as payload only ({@link #pollRunInto}); else 0.
     */
    public int nextContinuationLen(int mss) { return out.continuationLen(mss); }

    /**
     * For TCP segmentation offload: drains every queued segment that continues the run (each one {@link
     * #nextContinuationLen} accepts, its payload only) and fits in {@code maxBytes} and {@code maxSegments},
     * as payload at {@code dst[off..]} (lent bytes as {@code pieces}). @return the bytes
     * drained; {@link #lastSegmentLen()} and {@link #lastSegmentFlags()} describe the last segment
     */
    public int pollRunInto(MemorySegment dst, long off, FramePieces pieces, int mss, int maxBytes, int maxSegments) {
        return out.pollRunInto(dst, off, pieces, mss, maxBytes, maxSegments);
    }

    /** Payload bytes of the segment drained last. */
    public int lastSegmentLen() { return out.lastLen(); }

    /** TCP flags of the segment drained last. */
    public int lastSegmentFlags() { return out.lastFlags(); }

    /** The next event, or null. */
    public TcpEvent pollEvent() { return events.poll(); }

    public TcpState state() { return state; }
    public TcpTuple tuple() { return tuple; }
    /** The most payload bytes per segment we send (RFC 9293 §3.7.1, less option bytes). */
    public int sendMss() { return sndMss - (tsOk ? 12 : 0); }
    public boolean windowScaling() { return wsOk; }
    public int sendWindowShift() { return sndShift; }
    public int recvWindowShift() { return rcvShift; }
    public boolean timestamps() { return tsOk; }
    public boolean sackPermitted() { return sackOk; }
    public int sendWindow() { return sndWnd; }
    public int readable() { return rx.readable(); }
    /** Bytes the receive side holds: in order and not yet read, plus out of order (at most the receive buffer). */
    public int receiveHeldBytes() { return rx.readable() + rx.outOfOrderBytes(); }
    /** Payload bytes sent again (fast retransmit, SACK recovery, timeouts). */
    public long retransmittedBytes() { return retransmittedBytes; }
    /** Fast recoveries entered (RFC 5681 §3.2 or RFC 6675 §5). */
    public long recoveries() { return recoveries; }
    /** Retransmission timeouts that resent data or a FIN (RFC 6298 §5.4). */
    public long timeouts() { return timeouts; }
    /** Tail loss probes sent (RFC 8985 §7), and those that repaired a loss. */
    public long lossProbes() { return tlp.probes; }
    public long lossProbeRepairs() { return tlp.repairs; }
    /** Window reductions undone as spurious (RFC 3522 Eifel, RFC 3708 D-SACK; {@link Undo}). */
    public long undos() { return undo.undone; }
    /** Bytes queued and not yet acknowledged. */
    public int unacknowledged() { return sendQueued(); }

    /** What a copying {@link #send} takes now (the send buffer's free space within the stack's budget and extent table). */
    public int copyable() { return sendQ.copyable(); }

    // --- shared by Handshake, Arrival, Output ---

    /** Data bytes in the send buffer: in flight and unsent. */
    int sendQueued() { return sendQ.end() - sendQ.sndUna(); }

    /**
     * The window field of a segment being sent (RFC 7323 §2.2: SYNs unscaled), remembered as the right edge
     * the peer knows. It is the receive space less receiver SWS avoidance (RFC 9293 §3.8.6.2.2, RFC 1122
     * 4.2.3.3: the edge moves by at least min(buffer / 2, MSS)); scaling rounds down, or up where rounding down
     * would move the advertised edge left.
     */
    int windowField(boolean syn) {
        if (syn) {
            int w = Math.min(rcvWnd(), 0xFFFF);
            rcvAdv = rcvNxt + w;
            return w;
        }
        int w = rx.advertisedWindow(cfg.mss()), f = w >> rcvShift;
        if (Seq.lt(rcvNxt + (f << rcvShift), rcvAdv)) f = (int) (((long) w + (1L << rcvShift) - 1) >> rcvShift);
        f = Math.min(f, 0xFFFF);
        rcvAdv = rcvNxt + (f << rcvShift);
        return f;
    }

    /**
     * Bytes of in-order aggregates a stretch ACK may cover: four of the largest (Linux acknowledges about one
     * per GRO aggregate), at most a quarter of the receive buffer, at least two.
     */
    int stretchAckBytes() { return Math.max(2 * rcvMss, Math.min(4 * rcvMss, rx.capacity() / 4)); }

    /** The receive window: free receive space, in the granularity of our scale. */
    int rcvWnd() { return (rx.window() >> rcvShift) << rcvShift; }

    /** The sequence number of sendQ's first byte: after the SYN once that is acknowledged. */
    int sendBase() { return Seq.gt(sndUna, iss) ? sndUna : iss + 1; }

    /** Starts timing a segment ending at {@code end}, unless one is timed already. */
    void timeSegment(int end, long nowNs) {
        if (timing) return;
        timing = true;
        timedEnd = end;
        timedSentNs = nowNs;
    }

    /**
     * An ACK of new data: an RTT sample from the echoed timestamp when negotiated (RFC 7323 §4, valid for
     * retransmissions too), else from the timed segment if this ACK covers it (RFC 6298 §3).
     */
    void rttSample(TcpRepr seg, long nowNs) {
        boolean covered = timing && Seq.ge(seg.ack(), timedEnd);
        if (covered) timing = false;
        if (tsOk && seg.options().timestamps()) rto.onTimestampEcho(seg.options().tsEcr(), Output.tsNow(this, nowNs), 1_000_000L);
        else if (covered) rto.onSegmentAcked(timedSentNs, nowNs, false);
    }

    boolean finAcked() { return finSent && Seq.gt(sndUna, finSeq); }

    /**
     * RFC 6675 scoreboard with RFC 8985 RACK, sized for a send buffer of full segments: a SACKed range per 8 segments
     * (at least {@link #SACK_RANGES}, at most 256). At 5 % loss a window of 1,400 segments (2 MB buffers) has some 70
     * holes; 16 ranges forgot most of what was SACKed, which was then resent (netem 5 %: 176 MB resent for 300 MB,
     * 12.9 s; with a range per 8 segments 16 MB, 6.4 s, as Linux's 6.1 s).
     */
    SackScoreboard newScoreboard() {
        int segments = cfg.sendBufBytes() / sendMss();
        return new SackScoreboard(sendMss(), Math.max(SACK_RANGES, Math.min(256, segments / 8)), iss + 1, Math.min(4096, segments + 16));
    }

    CongestionControl newCongestionControl() {
        if (cfg.bbr()) return new Bbr(sendMss());
        return cfg.cubic() ? new Cubic(sendMss()) : new NewReno(sendMss());
    }

    /** One past the highest data byte sent (SND.NXT, or the FIN's number once it is sent). */
    int dataHigh() { return finSent ? finSeq : sndNxt; }

    /**
     * Congestion window left for new data outside SACK recovery: cwnd less the flight, plus RFC 3042 limited
     * transmit (one MSS for each of the first two duplicate ACKs, before recovery starts).
     */
    int sendRoom() {
        int room = cc.cwnd() - flight(), dups = sackOk ? Math.max(dupAcks, board.dupAcks()) : dupAcks;
        return cc.inRecovery() ? room : room + Math.min(dups, 2) * sendMss();
    }

    /** Bytes sent and not acknowledged (SYN and FIN count one each). */
    int flight() { return Seq.diff(sndUna, sndNxt); }

    void enterEstablished(long nowNs) {
        state = TcpState.ESTABLISHED;
        KeepAlive.heard(this, nowNs);
        PathMtu.established(this, nowNs); // a path MTU learned for this destination applies from the start
        cc = newCongestionControl();
        board = newScoreboard();
        rtxCount = 0;
        events.add(TcpEvent.ESTABLISHED);
    }

    void enterTimeWait(long nowNs) {
        state = TcpState.TIME_WAIT;
        rtxAtNs = NEVER;
        ptoAtNs = rackAtNs = NEVER;
        ackAtNs = reopenAtNs = NEVER;
        keepAliveAtNs = NEVER;
        pmtu.atNs = NEVER;
        closeAtNs = nowNs + 2 * cfg.mslNs();
    }

    /**
     * RFC 1191 §6.3: the path MTU fell (an ICMP fragmentation-needed message, {@link IcmpErrors}): segments
     * from now on, retransmissions included, carry at most {@code mss} bytes with their options; what was in
     * flight is resent at once at the new size, and the larger MSS is tried again later ({@link PathMtu}).
     * @return whether the MSS was lowered (never raised)
     */
    public boolean pathMtuChanged(int mss, long nowNs) { return PathMtu.lower(this, mss, nowNs); }

    /** The MSS the handshake negotiated (0 before ESTABLISHED); {@link #sendMss} is lower while the path MTU is. */
    public int negotiatedMss() { return pmtu.negotiated; }

    /** Enters CLOSED, telling the user why ({@code reason} may be null) and then CLOSED. */
    void enterClosed(TcpEvent reason) {
        // RFC 1122 §4.2.3.9: a soft ICMP error since the last progress is why it timed out
        if (reason == TcpEvent.TIMED_OUT && softError && sndUna == softErrorUna) reason = TcpEvent.UNREACHABLE;
        state = TcpState.CLOSED;
        sendQ.reset(sndNxt); // its bytes go back to the stack's budget
        rtxAtNs = NEVER;
        ptoAtNs = rackAtNs = NEVER;
        closeAtNs = NEVER;
        ackAtNs = reopenAtNs = NEVER;
        keepAliveAtNs = NEVER;
        pmtu.atNs = NEVER;
        if (reason != null) events.add(reason);
        events.add(TcpEvent.CLOSED);
    }

    @Override
    public String toString() {
        return "Tcb[" + state + " una=" + Seq.unsigned(sndUna) + " nxt=" + Seq.unsigned(sndNxt) + " rcv=" + Seq.unsigned(rcvNxt) + "]";
    }
}

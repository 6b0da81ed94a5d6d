package dev.kiln.net.stack;

import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.tcp.BufferBudget;
import dev.kiln.net.tcp.ChallengeAckLimiter;
import dev.kiln.net.tcp.Isn;
import dev.kiln.net.tcp.OutSegment;
import dev.kiln.net.tcp.Resets;
import dev.kiln.net.tcp.Tcb;
import dev.kiln.net.tcp.TcpConfig;
import dev.kiln.net.tcp.PathMtuCache;
import dev.kiln.net.tcp.TcpContext;
import dev.kiln.net.tcp.TcpTuple;
import dev.kiln.net.tcp.TimeWaitTable;
import dev.kiln.net.wire.Ipv4Packet;
import dev.kiln.net.wire.TcpPacket;
import dev.kiln.net.wire.TcpRepr;
import dev.kiln.net.wire.WireError;
import dev.kiln.platform.Entropy;
import dev.kiln.platform.Offload;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;

/**
 * TCP in the stack: checks and parses segments ({@link TcpPacket}, checksum over the pseudo-header),
 * demultiplexes them — a connection by 4-tuple, else the TIME-WAIT table, else the listener on the
 * port, else an RST (RFC 9293 §3.10.7.1) — and turns what the {@link Tcb}s emit into frames
 * ({@link #transmit}, the one place). Connections whose state changed are settled once per turn
 * (pending list), deadlines sit in {@link TcpTimers}, and tasks from other threads in a concurrent
 * queue drained by {@code doWork} (posting wakes the loop through the stack's waker).
 */
final class TcpLayer {
    private static final int EPHEMERAL_FIRST = 49152, EPHEMERAL_COUNT = 65536 - EPHEMERAL_FIRST;
    private static final int SETTLE_MAX = 1 << 16, TASKS_MAX = 1024;

    private final EthernetLayer eth;
    private final Ipv4Layer ipv4;
    final Counters counters;
    private final Entropy entropy;
    private final TcpConfig base;
    private final Isn isn;
    private final ChallengeAckLimiter challengeAcks;
    private final BufferBudget sendBudget;
    private final PathMtuCache pathMtus; // RFC 1191 §5: per destination, shared by all connections
    private final TimeWaitTable timeWait;
    private final Map<TcpTuple, KilnTcpConnection> conns = new HashMap<>();
    /** Loss-recovery totals of connections already gone; {@link #recoveryCounters} adds the live ones. */
    private final RecoveryTotals goneTotals = new RecoveryTotals();
    private final Map<Integer, KilnTcpListener> listeners = new HashMap<>();
    private final ArrayDeque<KilnTcpConnection> pending = new ArrayDeque<>();
    /**
     * Connections whose write found the stack-wide send budget spent while their own buffer had room: no ACK
     * of theirs will free room, so they are told (onWritable) when the budget has room again ({@link #awaitBudget}).
     */
    private final ArrayDeque<KilnTcpConnection> budgetWaiters = new ArrayDeque<>();
    /** Connections holding a stretch ACK back: sent at the end of the receive batch ({@link #endOfBatch}). */
    private final ArrayDeque<KilnTcpConnection> stretched = new ArrayDeque<>();
    private final TcpTimers timers = new TcpTimers();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final TcpPacket rxView = new TcpPacket();
    private final TcpRepr rxSeg = TcpRepr.scratch(); // every received segment is read into it: valid during receive only
    /**
     * Connections by a hash of their tuple, each slot the last one a segment was received for: a bulk transfer's run
     * of segments, or a busy mix of up to about this many connections (wrk's), finds its connection without
     * building a {@link TcpTuple} for the map. A gone connection leaves its slot ({@link #remove}).
     */
    private final KilnTcpConnection[] recent = new KilnTcpConnection[RECENT_SLOTS];
    private static final int RECENT_SLOTS = 1024;
    private final TcpPacket txView = new TcpPacket();
    /** Output on a device completing checksums: lent bytes gathered, runs as one super-frame when it segments TCPv4; else null. */
    private final SuperSegments superSegments;
    private final int connectsMax;
    private int connects;
    private volatile Runnable waker = () -> { };
    private volatile boolean closed;
    private long nowNs;

    TcpLayer(TcpConfig base, int connectsMax, PathMtuCache pathMtus, EthernetLayer eth, Ipv4Layer ipv4, Entropy entropy, Counters counters) {
        this.pathMtus = pathMtus;
        this.base = base;
        this.connectsMax = connectsMax;
        this.eth = eth;
        this.ipv4 = ipv4;
        this.entropy = entropy;
        this.counters = counters;
        this.isn = new Isn(entropy);
        this.challengeAcks = new ChallengeAckLimiter(base.challengeAcksPerSecond());
        this.sendBudget = new BufferBudget(base.sendBudgetBytes()); // all send buffers of the stack together
        this.timeWait = new TimeWaitTable(base);
        this.superSegments = (eth.offloads() & Offload.TX_CSUM) != 0
                ? new SuperSegments(this, eth, ipv4, counters, (eth.offloads() & Offload.TX_TSO4) != 0) : null;
    }

    long nowNs() { return nowNs; }

    void now(long nowNs) { this.nowNs = nowNs; }

    void waker(Runnable w) { waker = w == null ? () -> { } : w; }

    /** The per-connection TCP configuration for {@code o}: buffer sizes and backlog from the options. */
    TcpContext context(TcpOptions o) {
        TcpConfig c = base.withBacklog(o.backlog()).withRecvBufBytes(Math.max(o.rxBufferBytes(), base.mss())).withSendBufBytes(o.txBufferBytes());
        return new TcpContext(c, isn, entropy, challengeAcks, sendBudget, pathMtus);
    }

    // ---- receive ----

    void receive(RxDatagram rx, long nowNs) {
        this.nowNs = nowNs;
        if (rxView.wrapChecked(rx.seg, rx.payloadOff, rx.payloadLen) != WireError.OK) { counters.inc(Counter.DROP_TCP_MALFORMED); return; }
        if (!rx.checksumTrusted && !rxView.checksumValid(rx.src, rx.dst)) { counters.inc(Counter.DROP_TCP_BAD_CHECKSUM); return; } // RFC 9293 §3.1: mandatory
        TcpRepr seg = rxSeg;
        if (seg.readFrom(rxView) != WireError.OK || seg.srcPort() == 0 || seg.dstPort() == 0) { counters.inc(Counter.DROP_TCP_MALFORMED); return; }
        counters.inc(Counter.RX_TCP);
        int slot = recentSlot(rx.src, seg.srcPort(), seg.dstPort());
        KilnTcpConnection c = recent[slot];
        TcpTuple tuple = null;
        if (c == null || !c.tcb.tuple().is(rx.dst, seg.dstPort(), rx.src, seg.srcPort())) {
            tuple = new TcpTuple(rx.dst, seg.dstPort(), rx.src, seg.srcPort());
            c = conns.get(tuple);
            if (c != null) recent[slot] = c;
        }
        if (c != null) {
            c.tcb.onSegmentLending(seg, rx.seg, rxView.payloadOffset(), nowNs);
            if (c.tcb.lent()) c.received(nowNs); // read in place from the frame, before the next frame overwrites it
            pending(c);
            return;
        }
        if (timeWait.contains(tuple)) { // RFC 9293 §3.10.7.4 in TIME-WAIT
            OutSegment a = timeWait.onSegment(tuple, seg, nowNs);
            if (a != null) transmit(a, nowNs);
            return;
        }
        KilnTcpListener l = listeners.get(seg.dstPort());
        if (l != null) { l.onSegment(tuple, seg, rx.seg.asSlice(rxView.payloadOffset(), seg.payloadLen()), nowNs); return; }
        counters.inc(Counter.DROP_TCP_NO_CONNECTION);
        OutSegment r = Resets.forClosed(tuple, seg); // RFC 9293 §3.10.7.1: CLOSED
        if (r != null) transmit(r, nowNs);
    }

    private static int recentSlot(int remoteIp, int remotePort, int localPort) {
        return ((remoteIp * 0x9E3779B9 + remotePort) * 0x85EBCA6B + localPort) * 0x9E3779B9 >>> (32 - Integer.numberOfTrailingZeros(RECENT_SLOTS));
    }

    /**
     * Sends one segment: header and options emitted behind the IPv4 header in the transmit buffer,
     * the payload copied after them, the checksum over the pseudo-header, then routing and ARP.
     * For segments built outside a TCB (resets, TIME-WAIT and SYN-cookie answers).
     */
    boolean transmit(OutSegment o, long nowNs) {
        TcpRepr h = o.header();
        int hl = h.bufferLen(), len = hl + h.payloadLen();
        if (len > ipv4.payloadMax()) { counters.inc(Counter.DROP_IPV4_TOO_BIG); return false; }
        int dst = o.tuple().remoteIp();
        MemorySegment tx = eth.beginTx();
        MemorySegment.copy(o.payload(), 0, tx, ValueLayout.JAVA_BYTE, Ipv4Layer.L4_OFF + hl, h.payloadLen());
        h.emit(txView.wrap(tx, Ipv4Layer.L4_OFF, len), o.tuple().localIp(), dst);
        if (!ipv4.send(dst, Ipv4Packet.PROTO_TCP, len, nowNs)) return false;
        counters.inc(Counter.TX_TCP);
        if (h.has(TcpPacket.RST)) counters.inc(Counter.TX_TCP_RESETS);
        return true;
    }

    /**
     * Sends everything {@code t} has queued, each segment written straight into the transmit buffer
     * (it always fits: the TCB keeps options and data within the MSS, and the MSS within the MTU);
     * on a device completing checksums through {@link SuperSegments} (gather, super-frames).
     */
    void drain(Tcb t, long nowNs) {
        if (superSegments != null) {
            superSegments.drain(t, nowNs);
            return;
        }
        for (int len; (len = t.nextSegmentLen()) > 0; ) {
            MemorySegment tx = eth.beginTx();
            t.pollSegmentInto(tx, Ipv4Layer.L4_OFF, false);
            sendBuilt(t.tuple(), tx, len, nowNs);
        }
    }

    /** Checksums and sends the segment at {@link Ipv4Layer#L4_OFF} of the transmit buffer. */
    boolean sendBuilt(TcpTuple tuple, MemorySegment tx, int len, long nowNs) {
        if (len > ipv4.payloadMax()) { counters.inc(Counter.DROP_IPV4_TOO_BIG); return false; }
        TcpPacket h = txView.wrap(tx, Ipv4Layer.L4_OFF, len);
        h.fillChecksum(tuple.localIp(), tuple.remoteIp());
        boolean rst = h.has(TcpPacket.RST);
        if (!ipv4.send(tuple.remoteIp(), Ipv4Packet.PROTO_TCP, len, nowNs)) return false;
        counters.inc(Counter.TX_TCP);
        if (rst) counters.inc(Counter.TX_TCP_RESETS);
        return true;
    }

    // ---- connections ----

    void add(KilnTcpConnection c) {
        conns.put(c.tcb.tuple(), c);
        pending(c);
    }

    KilnTcpConnection find(TcpTuple t) { return conns.get(t); }

    /** The connection's TCB is gone (CLOSED, or handed to the TIME-WAIT table). */
    void remove(KilnTcpConnection c) {
        if (c.gone) return;
        c.gone = true;
        TcpTuple t = c.tcb.tuple();
        int slot = recentSlot(t.remoteIp(), t.remotePort(), t.localPort());
        if (recent[slot] == c) recent[slot] = null;
        goneTotals.add(c.tcb);
        conns.remove(c.tcb.tuple(), c);
        if (c.listener != null) c.listener.released(c);
        else connects--;
    }

    void toTimeWait(KilnTcpConnection c) {
        if (timeWait.add(c.tcb)) counters.inc(Counter.TCP_TIME_WAIT);
        remove(c);
    }

    /** A connection whose state changed: settled before this turn ends. */
    void pending(KilnTcpConnection c) {
        if (c.pending || c.gone) return;
        c.pending = true;
        pending.add(c);
    }

    /** As {@link #pending}, settled before the connections already waiting. */
    void pendingFirst(KilnTcpConnection c) {
        if (c.pending || c.gone) return;
        c.pending = true;
        pending.addFirst(c);
    }

    void schedule(KilnTcpConnection c, long atNs) { timers.schedule(c, atNs); }

    /** Loss-recovery totals over every connection this stack had, gone and live (names as {@link RecoveryTotals#into}). */
    void recoveryCounters(Map<String, Long> into) {
        RecoveryTotals all = new RecoveryTotals();
        all.add(goneTotals);
        for (KilnTcpConnection c : conns.values()) all.add(c.tcb);
        all.into(into);
    }

    void awaitBudget(KilnTcpConnection c) {
        if (c.awaitingBudget) return;
        c.awaitingBudget = true;
        budgetWaiters.add(c);
    }

    /**
     * Budget waiters get onWritable once the budget has room for a useful write again (a sixteenth of it, at
     * most 64 KiB: a trickle would wake them for a few bytes each). All of them at once: each takes what is
     * left when its turn comes, and one that finds it spent again waits again.
     */
    private void wakeBudgetWaiters() {
        if (budgetWaiters.isEmpty() || sendBudget.availableBytes() < Math.min(64 << 10, sendBudget.limitBytes() / 16)) return;
        for (KilnTcpConnection c; (c = budgetWaiters.poll()) != null; ) {
            c.awaitingBudget = false;
            if (!c.gone) c.budgetFreed(); // ahead of this turn's other writers: they would take the room first
        }
    }

    int settlePending(long nowNs) {
        wakeBudgetWaiters();
        int n = 0;
        for (KilnTcpConnection c; n < SETTLE_MAX && (c = pending.poll()) != null; n++) {
            c.pending = false;
            c.settle(nowNs);
            if (c.tcb.stretchAckPending() && !c.stretched) {
                c.stretched = true;
                stretched.add(c);
            }
        }
        return n;
    }

    /**
     * The device had no more frames this turn: stretch ACKs held back for more of a burst go now
     * ({@link Tcb#endOfBatch}), so a peer whose flight we have taken never waits out their timer.
     */
    int endOfBatch(long nowNs) {
        int n = 0;
        for (KilnTcpConnection c; (c = stretched.poll()) != null; ) {
            c.stretched = false;
            if (!c.gone && c.tcb.endOfBatch(nowNs)) {
                drain(c.tcb, nowNs);
                n++;
            }
        }
        return n;
    }

    /** Tasks, due timers (connections and TIME-WAIT), then what they changed. */
    /** Tasks posted from other threads: first in a turn. */
    int runTasks(long nowNs) {
        this.nowNs = nowNs;
        return runTasks();
    }

    /**
     * Due timers, after the turn's frames were read: a retransmission or probe timer that fell due while its ACK
     * waited in the device (the loop was late: descheduled, a long callback) sees that ACK first, not a spurious
     * timeout. Then what the timers queued is settled.
     */
    int expireTimers(long nowNs) {
        this.nowNs = nowNs;
        int work = 0;
        if (timeWait.size() > 0 && timeWait.pollAtNs() <= nowNs) timeWait.expire(nowNs); // no iterator on an idle turn
        for (KilnTcpConnection c; (c = timers.due(nowNs)) != null; work++) c.onTimer(nowNs);
        return work + settlePending(nowNs);
    }

    long pollAtNs() {
        if (!tasks.isEmpty() || !pending.isEmpty()) return 0; // a posted task's wake-up may have been consumed by this turn
        return Math.min(timers.nextAtNs(), timeWait.size() == 0 ? Long.MAX_VALUE : timeWait.pollAtNs());
    }

    // ---- tasks from other threads ----

    void post(Runnable task) {
        if (task == null) throw new NullPointerException("task");
        if (closed) throw new RejectedExecutionException("the stack is closed");
        tasks.add(task);
        waker.run();
    }

    private int runTasks() {
        int n = 0;
        for (Runnable t; n < TASKS_MAX && (t = tasks.poll()) != null; n++) {
            try {
                t.run();
            } catch (RuntimeException e) {
                counters.inc(Counter.DROP_TCP_HANDLER_ERROR);
            }
        }
        return n;
    }

    // ---- the API ----

    TcpListener listen(int port, TcpOptions options, TcpHandler handler, int localIp) {
        if (handler == null || options == null) throw new NullPointerException(handler == null ? "handler" : "options");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("TCP port " + port + " is out of range; use 1-65535, or 0 for any free port");
        if (port == 0) port = freePort(p -> !listeners.containsKey(p));
        else if (listeners.containsKey(port)) throw new IllegalStateException("TCP port " + port + " is already listened on; close the other listener or pick another port");
        KilnTcpListener l = new KilnTcpListener(this, port, options, handler, context(options), localIp);
        listeners.put(port, l);
        return l;
    }

    void unlisten(KilnTcpListener l) { listeners.remove(l.port(), l); }

    TcpConnection connect(int localIp, int remoteIp, int remotePort, TcpOptions options, TcpHandler handler) {
        if (handler == null || options == null) throw new NullPointerException(handler == null ? "handler" : "options");
        if (remotePort < 1 || remotePort > 65535) throw new IllegalArgumentException("TCP port " + remotePort + " is out of range 1-65535");
        if (!Routes.isUnicast(remoteIp) || remoteIp == localIp)
            throw new IllegalArgumentException("cannot connect to " + dev.kiln.net.Ipv4.format(remoteIp) + ": not a unicast address of another host");
        if (connects >= connectsMax)
            throw new IllegalStateException("cannot connect to " + dev.kiln.net.Ipv4.format(remoteIp) + ":" + remotePort + ": tcpConnectsMax (" + connectsMax
                    + ") connections opened by tcpConnect are alive; close some or raise tcpConnectsMax in the stack config");
        int port = freePort(p -> {
            TcpTuple t = new TcpTuple(localIp, p, remoteIp, remotePort);
            return !listeners.containsKey(p) && !conns.containsKey(t) && !timeWait.contains(t);
        });
        TcpTuple tuple = new TcpTuple(localIp, port, remoteIp, remotePort);
        KilnTcpConnection c = new KilnTcpConnection(this, null, handler, options, Tcb.connect(context(options), tuple, nowNs));
        connects++;
        add(c);
        return c;
    }

    private int freePort(java.util.function.IntPredicate free) {
        int start = (int) Long.remainderUnsigned(entropy.nextLong(), EPHEMERAL_COUNT);
        for (int i = 0; i < EPHEMERAL_COUNT; i++) {
            int p = EPHEMERAL_FIRST + (start + i) % EPHEMERAL_COUNT;
            if (free.test(p)) return p;
        }
        throw new IllegalStateException("no free ephemeral TCP port (49152-65535); close some connections");
    }

    /** Ends everything: listeners and connections (peers reset, {@code STACK_CLOSED} reported). */
    void closeAll() {
        closed = true;
        for (KilnTcpListener l : listeners.values().toArray(KilnTcpListener[]::new)) l.close();
        for (KilnTcpConnection c : conns.values().toArray(KilnTcpConnection[]::new)) c.kill(TcpCloseReason.STACK_CLOSED, nowNs);
        tasks.clear();
    }

    int connections() { return conns.size(); }

    int timeWaitSize() { return timeWait.size(); }

    int timersFiled() { return timers.size(); }

    /** Connections in every listener's listen queue (each bounded by its backlog). */
    int listenQueued() {
        int n = 0;
        for (KilnTcpListener l : listeners.values()) n += l.queued();
        return n;
    }

    /** Bytes held in the connections' receive reassembly, in order or not (each bounded by its receive buffer). */
    long receiveHeldBytes() {
        long n = 0;
        for (KilnTcpConnection c : conns.values()) n += c.tcb.receiveHeldBytes();
        return n;
    }

    BufferBudget sendBudget() { return sendBudget; }
}

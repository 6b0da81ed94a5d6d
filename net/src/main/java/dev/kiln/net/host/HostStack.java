package dev.kiln.net.host;

import dev.kiln.net.Ipv4;
import dev.kiln.net.NetStack;
import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.UdpHandler;
import dev.kiln.net.UdpSocket;
import dev.kiln.platform.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * The stack API over the host kernel's UDP sockets (the {@code host} target, like mirage's
 * {@code stack-unix}): each bound port is a non-blocking {@link DatagramChannel} bound to the
 * configured address, all registered with one {@link Selector} that also backs
 * {@link #readiness()}.
 *
 * <p>{@link #doWork} asks the selector which channels are readable and drains each, up to
 * {@code rxBatchMax} datagrams a turn. A datagram is received into one direct buffer (viewed
 * as a {@code MemorySegment}), the handler writes its answer into a second direct buffer, and
 * the answer is sent back to the sender.
 *
 * <p><b>Allocation.</b> Our code allocates nothing per datagram: buffers, segment views,
 * payload slices (cached per length up to 4096 bytes) and the selector callback are created
 * once, and the sender's address is decoded without allocating. What remains is the JDK's:
 * {@code DatagramChannel.receive} returns an {@code InetSocketAddress} per call (the JDK reuses
 * the previous one when the sender repeats), and the selector may allocate internally.
 * Measured by {@code HostStackTest.perDatagramAllocationIsSmall} (ThreadMXBean allocated bytes,
 * one repeating sender, JDK 25): 0 bytes per datagram.
 *
 * <p><b>TCP.</b> {@link #tcpListen} adds a non-blocking {@code ServerSocketChannel} to the same
 * selector, and each accepted {@code SocketChannel} too ({@link HostTcpListener},
 * {@link HostTcpConnection}), under the contract of {@link TcpHandler}. A turn runs the tasks other
 * threads posted ({@link TcpListener#execute}), the ready channels, the connections whose state
 * the application changed (pending list), then due connection timers.
 */
public final class HostStack implements NetStack {
    private static final int SLICE_CACHE_MAX = 4096;

    private final HostConfig config;
    private final Selector selector;
    private final InetAddress bindAddress;
    private final long[] counters = new long[HostCounter.values().length];
    private final Map<Integer, HostUdpSocket> sockets = new LinkedHashMap<>();

    private final ByteBuffer rxBuf;
    private final MemorySegment rxSeg;
    private final MemorySegment[] rxSlices;
    private final ByteBuffer replyBuf;
    private final MemorySegment replySeg;
    private final ByteBuffer sendBuf;
    private final MemorySegment sendSeg;
    private final Consumer<SelectionKey> onReady = this::drain;
    private final Consumer<SelectionKey> ignore = k -> { };
    private final Readiness readiness = new SelectorReadiness();

    // Destination cache for sendTo: the last address built.
    private int lastDstAddr;
    private int lastDstPort = -1;
    private InetSocketAddress lastDst;

    private final Map<Integer, HostTcpListener> listeners = new LinkedHashMap<>();
    private final ArrayDeque<HostTcpConnection> pendingTcp = new ArrayDeque<>();
    private final java.util.Set<HostTcpConnection> clients = new LinkedHashSet<>();
    private final ArrayDeque<HostTcpConnection> memoryWaiters = new ArrayDeque<>();
    private final DirectBuffers buffers;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private long nextTimerNs = NEVER;
    private long nowNs;
    private boolean cancelledKeys;

    private int budget;
    private int work;
    private boolean closed;

    private HostStack(HostConfig config, Selector selector) throws IOException {
        this.config = config;
        this.selector = selector;
        this.bindAddress = InetAddress.getByAddress(toBytes(config.bindAddress()));
        this.rxBuf = ByteBuffer.allocateDirect(config.rxDatagramBytesMax() + 1); // +1 detects a cut datagram
        this.rxSeg = MemorySegment.ofBuffer(rxBuf);
        this.rxSlices = new MemorySegment[Math.min(SLICE_CACHE_MAX, config.rxDatagramBytesMax()) + 1];
        this.replyBuf = ByteBuffer.allocateDirect(config.replyBytesMax());
        this.replySeg = MemorySegment.ofBuffer(replyBuf);
        this.sendBuf = ByteBuffer.allocateDirect(config.replyBytesMax());
        this.sendSeg = MemorySegment.ofBuffer(sendBuf);
        this.buffers = new DirectBuffers(config.tcpBuffersBytesMax());
    }

    /**
     * Opens a host stack. Nothing is bound until {@link #udpBind}.
     *
     * @throws UncheckedIOException if the selector cannot be opened
     */
    public static HostStack open(HostConfig config) {
        try {
            return new HostStack(config, Selector.open());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the host stack: " + e.getMessage(), e);
        }
    }

    /** Opens a host stack with defaults, bound to {@code address} (e.g. "127.0.0.1"). */
    public static HostStack open(String address) { return open(HostConfig.of(address)); }

    /** The selector as a {@link Readiness}: await = select with a timeout, wakeup = selector wakeup. */
    public Readiness readiness() { return readiness; }

    @Override
    public int ipv4Address() { return config.bindAddress(); }

    /**
     * Binds {@code port} on the configured address, or an ephemeral port chosen by the kernel for 0.
     *
     * @throws IllegalStateException if the port is in use, not permitted, or {@code udpSocketsMax} are bound
     */
    @Override
    public UdpSocket udpBind(int port, UdpHandler handler) {
        if (closed) throw new IllegalStateException("host stack is closed");
        if (handler == null) throw new NullPointerException("handler");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("UDP port " + port + " is out of range; use 1-65535, or 0 for any free port");
        if (sockets.size() >= config.udpSocketsMax())
            throw new IllegalStateException("cannot bind UDP port " + port + ": udpSocketsMax (" + config.udpSocketsMax() + ") sockets are already bound; close one or raise udpSocketsMax");
        if (port != 0 && sockets.containsKey(port)) throw new IllegalStateException("UDP port " + port + " is already bound by this stack");
        DatagramChannel ch = null;
        String where = Ipv4.format(config.bindAddress()) + ":" + port;
        try {
            ch = DatagramChannel.open(StandardProtocolFamily.INET);
            ch.configureBlocking(false);
            ch.bind(new InetSocketAddress(bindAddress, port));
            int actual = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            HostUdpSocket s = new HostUdpSocket(this, ch, handler, actual);
            s.key = ch.register(selector, SelectionKey.OP_READ, s);
            sockets.put(actual, s);
            return s;
        } catch (IOException e) {
            closeQuietly(ch);
            throw bindFailed("bind UDP " + where, port, e);
        }
    }

    /** A user's error for a failed bind: what failed and what to do. */
    private static IllegalStateException bindFailed(String what, int port, IOException e) {
        String hint = !(e instanceof BindException) ? " (is the address configured on this host?)"
                : port != 0 && port < 1024 ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)" : " (another process may be using it; pick another port)";
        return new IllegalStateException("cannot " + what + ": " + e.getMessage() + hint, e);
    }

    /**
     * Listens on TCP {@code port} at the configured address, with {@code options.backlog()} as the
     * kernel's backlog; see {@link NetStack#tcpListen}.
     *
     * @throws IllegalStateException if the port is in use, not permitted, or already listened on
     */
    @Override
    public TcpListener tcpListen(int port, TcpOptions options, TcpHandler handler) {
        if (closed) throw new IllegalStateException("host stack is closed");
        if (handler == null || options == null) throw new NullPointerException(handler == null ? "handler" : "options");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("TCP port " + port + " is out of range; use 1-65535, or 0 for any free port");
        if (port != 0 && listeners.containsKey(port)) throw new IllegalStateException("TCP port " + port + " is already listened on by this stack");
        String where = Ipv4.format(config.bindAddress()) + ":" + port;
        ServerSocketChannel ch = null;
        try {
            ch = ServerSocketChannel.open(StandardProtocolFamily.INET);
            ch.configureBlocking(false);
            ch.setOption(java.net.StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(new InetSocketAddress(bindAddress, port), options.backlog());
            int actual = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            HostTcpListener l = new HostTcpListener(this, ch, options, handler, actual);
            l.key = ch.register(selector, SelectionKey.OP_ACCEPT, l);
            listeners.put(actual, l);
            return l;
        } catch (IOException e) {
            closeQuietly(ch);
            throw bindFailed("listen on TCP " + where, port, e);
        }
    }

    /**
     * Active open: a non-blocking {@link SocketChannel} bound to the configured address (ephemeral
     * port) and connecting, on the same selector; see {@link NetStack#tcpConnect}. Buffers are direct,
     * sized by {@code options}.
     *
     * @throws IllegalStateException if the socket cannot be opened or bound
     */
    @Override
    public TcpConnection tcpConnect(int remoteIp, int remotePort, TcpOptions options, TcpHandler handler) {
        if (closed) throw new IllegalStateException("host stack is closed");
        if (handler == null || options == null) throw new NullPointerException(handler == null ? "handler" : "options");
        if (remotePort < 1 || remotePort > 65535) throw new IllegalArgumentException("TCP port " + remotePort + " is out of range 1-65535");
        SocketChannel ch = null;
        String where = Ipv4.format(remoteIp) + ":" + remotePort;
        try {
            ch = SocketChannel.open(StandardProtocolFamily.INET);
            ch.configureBlocking(false);
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            ch.bind(new InetSocketAddress(bindAddress, 0));
            int localPort = ((InetSocketAddress) ch.getLocalAddress()).getPort();
            ByteBuffer rx = buffers.take(options.rxBufferBytes());
            if (rx == null) {
                throw new IOException("the host stack's TCP buffers hold " + buffers.heldBytes() + " of their " + buffers.limitBytes()
                        + " bytes of direct memory; close connections or give the JVM more memory (-Xmx or -XX:MaxDirectMemorySize)");
            }
            HostTcpConnection c = new HostTcpConnection(this, null, handler, localPort, ch, rx, options.txBufferBytes(), remoteIp, remotePort);
            c.connecting = true;
            c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            clients.add(c);
            // connect() may finish at once on loopback; the selector reports OP_CONNECT either way
            ch.connect(new InetSocketAddress(InetAddress.getByAddress(toBytes(remoteIp)), remotePort));
            return c;
        } catch (IOException e) {
            closeQuietly(ch);
            throw new IllegalStateException("cannot connect to TCP " + where + ": " + e.getMessage() + " (is the address reachable from " + Ipv4.format(config.bindAddress()) + "?)", e);
        }
    }

    /** A connection of {@link #tcpConnect} ended. */
    void released(HostTcpConnection c) {
        if (clients.remove(c)) {
            buffers.give(c.rxBuf);
            memoryFreed();
        }
    }

    DirectBuffers buffers() { return buffers; }

    /** {@code c}'s write found no direct memory to grow into: it hears onWritable when some comes back. */
    void awaitMemory(HostTcpConnection c) {
        count(HostCounter.TCP_MEMORY_WAITS, 1);
        if (!c.memoryWaiting) {
            c.memoryWaiting = true;
            memoryWaiters.add(c);
        }
    }

    /** A buffer went back: the connections waiting for memory try again (in their next settle). */
    void memoryFreed() {
        for (HostTcpConnection c; (c = memoryWaiters.poll()) != null; ) {
            c.memoryWaiting = false;
            if (c.done) continue;
            c.memoryDue = true;
            pending(c);
        }
    }

    /** From any thread: runs {@code task} on the loop thread at the next turn and wakes the selector. */
    @Override
    public void execute(Runnable task) {
        if (task == null) throw new NullPointerException("task");
        if (closed) throw new java.util.concurrent.RejectedExecutionException("host stack is closed");
        post(task);
    }

    void unlisten(HostTcpListener l) {
        listeners.remove(l.port, l);
        if (l.key != null) l.key.cancel();
        closeQuietly(l.channel);
        deregister(); // frees the port now (see unbind)
    }

    Selector selector() { return selector; }

    long lastNowNs() { return nowNs; }

    void count(HostCounter c, long n) { counters[c.ordinal()] += n; }

    /** Takes one unit of the turn's receive budget; false when it is spent. */
    boolean takeBudget() {
        if (budget <= 0) return false;
        budget--;
        work++;
        return true;
    }

    /** From any thread: runs {@code task} on the loop thread at the next turn. */
    void post(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** A connection whose state the application changed: settled at the end of this turn. */
    void pending(HostTcpConnection c) {
        if (c.pending) return;
        c.pending = true;
        pendingTcp.add(c);
    }

    /**
     * A registered channel closed while its key is cancelled keeps its socket until the selector
     * deregisters the key, so a reset or close would reach the peer only at the next select: do that now.
     */
    void cancelled() { cancelledKeys = true; }

    private void deregister() {
        cancelledKeys = false;
        try {
            if (selector.isOpen()) selector.selectNow(ignore);
        } catch (IOException ignored) {
            // the keys are cancelled either way
        }
    }

    void timerAt(long atNs) { if (atNs < nextTimerNs) nextTimerNs = atNs; }

    void unbind(HostUdpSocket s) {
        sockets.remove(s.port, s);
        if (s.key != null) s.key.cancel();
        closeQuietly(s.channel);
        // A channel registered with a selector is only really closed (its port freed) once the
        // selector deregisters the cancelled key: do that now rather than at the next turn.
        try {
            if (selector.isOpen()) selector.selectNow(ignore);
        } catch (IOException ignored) {
            // the key is cancelled either way
        }
    }

    @Override
    public int doWork(long nowNs) {
        if (closed) return 0;
        this.nowNs = nowNs;
        budget = config.rxBatchMax();
        work = 0;
        runTasks();
        try {
            selector.selectNow(onReady);
        } catch (IOException e) {
            counters[HostCounter.DROP_RX_ERROR.ordinal()]++;
        }
        settlePending();
        if (nowNs >= nextTimerNs) runTimers();
        if (cancelledKeys) deregister();
        return work;
    }

    private void runTasks() {
        for (int i = 0; i < 1024; i++) {
            Runnable t = tasks.poll();
            if (t == null) return;
            work++;
            try {
                t.run();
            } catch (RuntimeException e) {
                counters[HostCounter.DROP_TCP_HANDLER_ERROR.ordinal()]++;
            }
        }
    }

    private void settlePending() {
        for (int i = 0; i < 65536; i++) {
            HostTcpConnection c = pendingTcp.poll();
            if (c == null) return;
            c.pending = false;
            work++;
            c.settle(nowNs);
        }
    }

    private void runTimers() {
        nextTimerNs = NEVER;
        long next = NEVER;
        for (HostTcpListener l : listeners.values().toArray(HostTcpListener[]::new)) {
            l.timer(nowNs);
            next = Math.min(next, l.acceptAgainAtNs);
            for (HostTcpConnection c : l.open.toArray(HostTcpConnection[]::new)) {
                if (c.timerNs <= nowNs) { work++; c.timer(nowNs); }
                if (!c.done) next = Math.min(next, c.timerNs);
            }
        }
        for (HostTcpConnection c : clients.toArray(HostTcpConnection[]::new)) {
            if (c.timerNs <= nowNs && !c.connecting) { work++; c.timer(nowNs); }
            if (!c.done && !c.connecting) next = Math.min(next, c.timerNs);
        }
        settlePending();
        nextTimerNs = Math.min(nextTimerNs, next);
    }

    /** Handles one ready channel: UDP within the turn's budget, TCP accept/read/write. */
    private void drain(SelectionKey key) {
        Object a = key.attachment();
        if (a instanceof HostTcpConnection c) { c.ready(key, nowNs); return; }
        if (a instanceof HostTcpListener l) { l.accept(nowNs); return; }
        HostUdpSocket s = (HostUdpSocket) a;
        while (budget > 0 && s.open) {
            rxBuf.clear();
            SocketAddress from;
            try {
                from = s.channel.receive(rxBuf);
            } catch (IOException e) {
                counters[(s.icmpError(e, nowNs) ? HostCounter.UDP_ICMP_ERRORS : HostCounter.DROP_RX_ERROR).ordinal()]++;
                return;
            }
            if (from == null) return;
            budget--;
            work++;
            int len = rxBuf.position();
            counters[HostCounter.RX_DATAGRAMS.ordinal()]++;
            counters[HostCounter.RX_BYTES.ordinal()] += len;
            if (from != s.lastSender) {
                if (!(from instanceof InetSocketAddress isa) || !(isa.getAddress() instanceof Inet4Address a4)) {
                    counters[HostCounter.DROP_RX_NOT_IPV4.ordinal()]++;
                    continue;
                }
                s.lastSender = isa;
                s.lastSenderAddr = a4.hashCode(); // Inet4Address.hashCode() is the address itself, without a byte[] copy
                s.lastSenderPort = isa.getPort();
            }
            if (len > config.rxDatagramBytesMax()) len = config.rxDatagramBytesMax(); // cut by the kernel anyway
            MemorySegment payload = slice(len);
            int n;
            try {
                n = s.handler.onDatagram(s, s.lastSenderAddr, s.lastSenderPort, payload, replySeg);
            } catch (RuntimeException e) {
                counters[HostCounter.DROP_UDP_HANDLER_ERROR.ordinal()]++;
                continue;
            }
            if (n <= 0) continue;
            if (n > replyBuf.capacity()) {
                counters[HostCounter.DROP_UDP_REPLY_TOO_BIG.ordinal()]++;
                continue;
            }
            replyBuf.clear().limit(n);
            send(s, replyBuf, s.lastSender);
        }
    }

    private MemorySegment slice(int len) {
        if (len >= rxSlices.length) return rxSeg.asSlice(0, len);
        MemorySegment m = rxSlices[len];
        if (m == null) rxSlices[len] = m = rxSeg.asSlice(0, len);
        return m;
    }

    private boolean send(HostUdpSocket s, ByteBuffer buf, SocketAddress to) {
        int n = buf.remaining();
        try {
            if (s.channel.send(buf, to) == 0) {
                counters[HostCounter.DROP_TX_FULL.ordinal()]++;
                return false;
            }
        } catch (IOException e) { // on a connected socket, an ICMP error the kernel held fails the next send
            counters[HostCounter.DROP_TX_ERROR.ordinal()]++;
            if (s.icmpError(e, nowNs)) counters[HostCounter.UDP_ICMP_ERRORS.ordinal()]++;
            return false;
        }
        counters[HostCounter.TX_DATAGRAMS.ordinal()]++;
        counters[HostCounter.TX_BYTES.ordinal()] += n;
        dev.kiln.platform.BootTrace.firstReply();
        return true;
    }

    boolean sendTo(HostUdpSocket s, int dstAddr, int dstPort, MemorySegment payload, int len) {
        if (dstPort < 1 || dstPort > 65535) throw new IllegalArgumentException("destination port " + dstPort + " is out of range 1-65535");
        if (len < 0 || len > payload.byteSize()) throw new IllegalArgumentException("len " + len + " is outside the payload segment (" + payload.byteSize() + " bytes)");
        if (len > sendBuf.capacity()) {
            counters[HostCounter.DROP_UDP_SEND_TOO_BIG.ordinal()]++;
            return false;
        }
        if (dstAddr != lastDstAddr || dstPort != lastDstPort) {
            try {
                lastDst = new InetSocketAddress(InetAddress.getByAddress(toBytes(dstAddr)), dstPort);
            } catch (IOException e) {
                throw new IllegalStateException(e); // cannot happen: 4 bytes are always a valid address
            }
            lastDstAddr = dstAddr;
            lastDstPort = dstPort;
        }
        MemorySegment.copy(payload, 0, sendSeg, 0, len);
        sendBuf.clear().limit(len);
        return send(s, sendBuf, lastDst);
    }

    /** The earliest TCP connection timer ({@link dev.kiln.net.TcpConnection#timerAt}); the host stack has no others. */
    @Override
    public long pollAtNs() {
        // A task posted after runTasks polled the queue but before doWork's selectNow has had its
        // selector wakeup consumed by that selectNow: the loop must not sleep on it.
        return tasks.isEmpty() ? nextTimerNs : 0;
    }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        for (HostCounter c : HostCounter.values()) m.put(c.counterName, counters[c.ordinal()]);
        return m;
    }

    public long counter(HostCounter c) { return counters[c.ordinal()]; }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (HostTcpListener l : listeners.values().toArray(HostTcpListener[]::new)) l.close();
        for (HostTcpConnection c : clients.toArray(HostTcpConnection[]::new)) c.finish(TcpCloseReason.STACK_CLOSED, true, nowNs);
        deregister();
        for (HostUdpSocket s : sockets.values().toArray(HostUdpSocket[]::new)) s.close();
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing useful to do while closing
        }
    }

    static byte[] toBytes(int a) { return new byte[] {(byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a}; }

    static void closeQuietly(Channel ch) {
        if (ch == null) return;
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing after a failure
        }
    }

    /** The selector as a loop's sleeping place. */
    private final class SelectorReadiness implements Readiness {
        @Override
        public void await(long timeoutNs) {
            try {
                if (timeoutNs < 0) selector.select(ignore);
                else if (timeoutNs == 0) selector.selectNow(ignore);
                else selector.select(ignore, Math.max(1, (timeoutNs + 999_999) / 1_000_000));
            } catch (IOException e) {
                throw new UncheckedIOException("selector failed: " + e.getMessage(), e);
            } catch (java.nio.channels.ClosedSelectorException e) {
                // closed while waiting: the loop is ending
            }
        }

        @Override
        public void wakeup() { selector.wakeup(); }
    }
}

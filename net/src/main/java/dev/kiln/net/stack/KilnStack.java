package dev.kiln.net.stack;

import dev.kiln.net.NetStack;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.UdpHandler;
import dev.kiln.net.UdpSocket;
import dev.kiln.net.tcp.PathMtuCache;
import dev.kiln.net.tcp.TcpConfig;
import dev.kiln.platform.Entropy;
import dev.kiln.platform.FrameMeta;
import dev.kiln.platform.NetDevice;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;

/**
 * Kiln's own IPv4 stack on an Ethernet {@link NetDevice}: sans-I/O and polled. It never reads
 * a clock, sleeps or starts a thread: {@link #doWork(long)} is handed the time, runs tasks posted
 * from other threads and due timers, drains up to {@code rxBatchMax} frames, settles the TCP
 * connections they touched (one read, offer and flush per connection per turn) and flushes the
 * device; {@link #pollAtNs()} says when timers next need a turn (0 while tasks wait). Randomness (IP
 * identification start, ephemeral ports, the ISN secret) comes from the {@link Entropy} given at creation.
 *
 * <p>The layers are wired here, in one place:
 * <pre>
 *   NetDevice → EthernetLayer → { ArpLayer (ArpCache, ArpPending), Ipv4Layer (Routes, Reassembler) }
 *   Ipv4Layer → { IcmpLayer (TokenBucket), UdpLayer (KilnUdpSocket),
 *                 TcpLayer (KilnTcpListener ▸ ListenEndpoint, KilnTcpConnection ▸ Tcb, TimeWaitTable, TcpTimers) }
 * </pre>
 *
 * <p>All methods, {@link UdpSocket#sendTo} included, are for the one loop thread, except
 * {@link #execute} and {@link TcpListener#execute}, which wake the loop through the {@link #waker}
 * whoever runs the loop installs. A {@code sendTo} outside a handler uses the time of the latest {@code doWork}.
 */
public final class KilnStack implements NetStack {
    private final NetDevice device;
    private final StackConfig config;
    private final Counters counters = new Counters();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment rx;
    /** What the device says about the frame in {@link #rx} (offloads: checksum state, super-frames). */
    private final FrameMeta rxMeta = new FrameMeta();
    private final EthernetLayer eth;
    private final ArpCache arpCache;
    private final ArpPending arpPending;
    private final ArpLayer arp;
    private final Reassembler reassembler;
    private final Ipv4Layer ipv4;
    private final IcmpLayer icmp;
    private final UdpLayer udp;
    private final TcpLayer tcp;
    private boolean announced;
    private boolean closed;

    private KilnStack(NetDevice device, StackConfig config, Entropy entropy, TcpConfig tcpConfig) {
        this.device = device;
        this.config = config;
        int mtu = device.mtu();
        this.rx = arena.allocate(device.maxFrameBytes(), 8); // mtu + 14, or a super-frame's with segmentation offloads
        eth = new EthernetLayer(device, counters);
        arpCache = new ArpCache(config.arpCacheEntriesMax(), config.arpEntryTtlNs(), counters);
        arpPending = new ArpPending(config.arpPendingPacketsMax(), mtu, arena.allocate((long) config.arpPendingPacketsMax() * mtu, 8));
        arp = new ArpLayer(config, eth, arpCache, arpPending, counters);
        reassembler = new Reassembler(config, counters);
        ipv4 = new Ipv4Layer(config, eth, arp, new Routes(config), reassembler, entropy, counters);
        icmp = new IcmpLayer(config, eth, ipv4, counters);
        udp = new UdpLayer(config, eth, ipv4, icmp, entropy, counters, rx);
        // RFC 9293 §3.7.1: our MSS is what fits in the device's MTU after 40 header bytes
        tcp = new TcpLayer(tcpConfig.withMss(Math.min(tcpConfig.mss(), mtu - 40)), config.tcpConnectsMax(),
                new PathMtuCache(config.pmtuCacheEntriesMax(), config.pmtuTimeoutNs()), eth, ipv4, entropy, counters);
        eth.connect(arp, ipv4);
        ipv4.connect(icmp, udp, tcp);
        icmp.connect(udp, tcp); // ICMP errors go to the UDP socket or TCP connection they quote
    }

    /**
     * Creates a stack on {@code device}. The stack does not own the device (closing the stack
     * leaves it open).
     *
     * @throws IllegalArgumentException if the config is invalid or the device's MTU is outside 576..9000
     */
    public static KilnStack create(NetDevice device, StackConfig config, Entropy entropy) {
        return create(device, config, entropy, TCP_DEFAULT);
    }

    /** TCP as {@link TcpConfig#DEFAULT} but without Nagle, as the host target's sockets (TCP_NODELAY): writes go out at once. */
    public static final TcpConfig TCP_DEFAULT = TcpConfig.DEFAULT.withNoDelay(true);

    /** As {@link #create(NetDevice, StackConfig, Entropy)}, with TCP's timers and switches from {@code tcp} (buffers come from each {@link TcpOptions}). */
    public static KilnStack create(NetDevice device, StackConfig config, Entropy entropy, TcpConfig tcp) {
        if (device == null || config == null || entropy == null || tcp == null) throw new NullPointerException("device, config, entropy and TCP config are required");
        config.validate();
        int mtu = device.mtu();
        // RFC 1122 §3.3.3: hosts must accept 576-byte datagrams; above 9000 is beyond jumbo frames.
        if (mtu < 576 || mtu > 9000) throw new IllegalArgumentException("device MTU " + mtu + " is outside 576..9000; configure the device with a normal MTU such as 1500");
        if ((device.mac() >>> 48) != 0 || (device.mac() & 0x0100_0000_0000L) != 0 || device.mac() == 0)
            throw new IllegalArgumentException("device MAC " + dev.kiln.net.wire.Mac.format(device.mac() & 0xFFFF_FFFF_FFFFL) + " is not a unicast MAC; give the device a unicast address such as 02:00:00:00:00:01");
        return new KilnStack(device, config, entropy, tcp);
    }

    @Override
    public int doWork(long nowNs) {
        if (closed) return 0;
        udp.now(nowNs);
        tcp.now(nowNs);
        int work = tcp.runTasks(nowNs); // tasks from other threads first; timers after the frames (see TcpLayer.expireTimers)
        if (!announced) { // RFC 5227 §2.3: announce our address once at start-up
            announced = true;
            arp.announce();
            work++;
        }
        int batch = config.rxBatchMax();
        boolean drained = false;
        for (int i = 0; i < batch; i++) {
            int n = device.receive(rx, rxMeta);
            if (n <= 0) {
                drained = true;
                break;
            }
            ipv4.checksumTrusted(rxMeta.needsChecksum() || rxMeta.checksumValid());
            counters.inc(Counter.RX_FRAMES);
            counters.add(Counter.RX_BYTES, n);
            eth.receive(rx, (int) Math.min(n, rx.byteSize()), nowNs);
            work++;
        }
        work += tcp.settlePending(nowNs); // once per turn per connection: reads batched, callbacks made
        work += tcp.expireTimers(nowNs);
        if (drained) work += tcp.endOfBatch(nowNs); // nothing more waiting: held-back stretch ACKs go
        work += arp.poll(nowNs);
        work += reassembler.poll(nowNs);
        device.flush();
        return work;
    }

    @Override
    public long pollAtNs() {
        if (closed) return NEVER;
        if (!announced) return 0; // the start-up announcement is due at once
        return Math.min(Math.min(arp.pollAtNs(), reassembler.pollAtNs()), tcp.pollAtNs());
    }

    @Override
    public int ipv4Address() { return config.ipv4Address(); }

    /** The device's MAC address. */
    public long mac() { return eth.mac(); }

    public StackConfig config() { return config; }

    /**
     * Binds {@code port} (1-65535), or any free ephemeral port (49152-65535, chosen with the
     * entropy) for 0.
     *
     * @throws IllegalStateException if the port is bound or {@code udpSocketsMax} sockets are
     */
    @Override
    public UdpSocket udpBind(int port, UdpHandler handler) {
        if (closed) throw new IllegalStateException("stack is closed");
        return udp.bind(port, handler);
    }

    /**
     * Listens on TCP {@code port} (0: an ephemeral port chosen with the entropy) under the contract of
     * {@link TcpHandler}; see {@link NetStack#tcpListen}.
     *
     * @throws IllegalStateException if the port is already listened on
     */
    @Override
    public TcpListener tcpListen(int port, TcpOptions options, TcpHandler handler) {
        if (closed) throw new IllegalStateException("stack is closed");
        return tcp.listen(port, options, handler, config.ipv4Address());
    }

    /** Active open from an ephemeral port chosen with the entropy; see {@link NetStack#tcpConnect}. */
    @Override
    public TcpConnection tcpConnect(int remoteIp, int remotePort, TcpOptions options, TcpHandler handler) {
        if (closed) throw new IllegalStateException("stack is closed");
        return tcp.connect(config.ipv4Address(), remoteIp, remotePort, options, handler);
    }

    /** Runs {@code task} on the loop thread at the next turn and calls the {@link #waker}. Safe from any thread. */
    @Override
    public void execute(Runnable task) { tcp.post(task); }

    /**
     * Installs what wakes the loop when another thread posts a task ({@link #execute},
     * {@link TcpListener#execute}): the loop's {@code Readiness::wakeup}. Whoever runs the loop sets it
     * (the appliance's {@code Net}); tests that drive {@code doWork} themselves need none.
     */
    public void waker(Runnable wakeup) { tcp.waker(wakeup); }

    /** TCP connections with a TCB (half-open, open, closing), and TIME-WAIT entries. */
    public int tcpConnections() { return tcp.connections(); }

    public int tcpTimeWaitEntries() { return tcp.timeWaitSize(); }

    /** Connections in the TCP listen queues: half-open, or established and not yet accepted (each listener's at most its backlog). */
    public int tcpListenQueued() { return tcp.listenQueued(); }

    /** Bytes TCP connections hold in receive reassembly, in order or out of order (each at most its receive buffer). */
    public long tcpReassemblyBytes() { return tcp.receiveHeldBytes(); }

    /** Bytes all TCP send buffers hold together, against {@link #tcpSendBudgetBytesMax}. */
    public long tcpSendBudgetBytesInUse() { return tcp.sendBudget().usedBytes(); }

    /** The stack-wide send budget ({@link TcpConfig#sendBudgetBytes}). */
    public long tcpSendBudgetBytesMax() { return tcp.sendBudget().limitBytes(); }

    /** Entries in the TCP timer heap, stale ones included (tests check it stays bounded). */
    int tcpTimersFiled() { return tcp.timersFiled(); }

    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = counters.snapshot();
        tcp.recoveryCounters(m);
        return m;
    }

    /** One counter, without building the map. */
    public long counter(Counter c) { return counters.get(c); }

    /** Bytes held by datagrams under reassembly (bounded by {@code reassemblyBytesMax}). */
    public int reassemblyBytesInUse() { return reassembler.bytesInUse(); }

    /** Datagrams under reassembly (bounded by {@code reassemblyDatagramsMax}). */
    public int reassemblyDatagramsInUse() { return reassembler.datagramsInUse(); }

    /** Packets waiting for ARP (bounded by {@code arpPendingPacketsMax}). */
    public int arpPendingPackets() { return arpPending.count(); }

    /** Neighbour entries (bounded by {@code arpCacheEntriesMax}). */
    public int arpCacheSize() { return arpCache.size(); }

    /** The MAC cached for {@code ip} at {@code nowNs}, or -1. */
    public long arpLookup(int ip, long nowNs) { return arpCache.lookup(ip, nowNs); }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        tcp.closeAll();
        device.flush();
        udp.closeAll();
        arena.close();
    }
}

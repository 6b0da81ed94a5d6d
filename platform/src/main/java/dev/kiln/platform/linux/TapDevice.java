package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.kiln.platform.BootTrace;
import dev.kiln.platform.FrameMeta;
import dev.kiln.platform.FramePieces;
import dev.kiln.platform.MacAddress;
import dev.kiln.platform.NetDevice;
import dev.kiln.platform.Offload;
import dev.kiln.platform.PlatformException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Linux TAP interface as the appliance's Ethernet card: whole Ethernet frames through a
 * non-blocking {@code /dev/net/tun} descriptor, one {@code read}/{@code write} per frame.
 *
 * <pre>{@code
 * try (TapDevice tap = TapDevice.open(TapConfig.of("kiln0", mac).withNetns("kiln"));
 *      EpollReadiness ready = EpollReadiness.open()) {
 *     ready.add(tap.fd());
 *     ...
 * }
 * }</pre>
 *
 * <p>The transmit buffer is off-heap, allocated once (room for a {@value #SUPER_FRAME_BYTES}-byte
 * super-frame, so the MTU can grow later); {@link #txBuffer()} lends its first
 * {@link #maxFrameBytes()} bytes ({@code mtu + 14} without segmentation offloads). Nothing allocates
 * per frame: {@code read}/{@code write} skip the linker's errno capture (which allocates unless
 * the JIT inlines all of it) and read errno from the thread's cell; an unexpected errno is
 * confirmed by repeating the call with errno captured.
 *
 * <p><b>Offloads.</b> Opened with {@link TapConfig#withOffloads}, every frame travels behind a
 * {@link VnetHeader} (the kernel's {@code virtio_net_hdr}): {@link #transmit(int, FrameMeta)}
 * writes it just before the lent transmit buffer and sends both with one {@code write};
 * {@link #receive(MemorySegment, FrameMeta)} reads it into a device-owned cell and the frame into
 * the caller's buffer with one {@code readv}, so the frame still starts at offset 0. The plain
 * {@link #receive(MemorySegment)} stays safe on such a device: it completes partial checksums in
 * software and drops super-frames (counted as {@code rxGsoDropped}). {@link #offloadStatus()}
 * says what the kernel granted, or why it refused (then the device is a plain TAP, logged once).
 *
 * <p>Use from one thread (the loop thread); {@link #counters()} may be read from others and is
 * then only approximately current. The kernel side's MTU is not changed here; set it to match
 * ({@code ip link set NAME mtu N}).
 */
public final class TapDevice implements NetDevice {
    /** Bytes of the off-heap transmit buffer: enough for any frame a TAP carries. */
    public static final int BUFFER_BYTES = 64 * 1024;
    /** The largest super-frame with segmentation offloads: Ethernet header + a 65535-byte IPv4 datagram. */
    public static final int SUPER_FRAME_BYTES = 14 + 65535;
    private static final int ETH_HEADER = 14;
    /** Where frames start in the transmit allocation: room for the vnet header before, 16-aligned. */
    private static final int FRAME_AT = 16;
    /** The most a receive reads into the caller's buffer. */
    private static final long RX_CAP = Math.max(BUFFER_BYTES, SUPER_FRAME_BYTES);
    /** How many frames one receive call may drop (cut or undeliverable) before it returns 0. */
    private static final int RX_DROPS_PER_CALL = 16;

    private final String name;
    private final String netns;
    private final long mac;
    private final int mtu;
    private final int fd;
    private final Arena arena;
    private final MemorySegment errno;
    private final MemorySegment tx;
    /** Offloads: the vnet header's size (0: plain TAP), what is in force, why not what was asked. */
    private final int vnetBytes, offloads, maxFrame;
    private final String fallback;
    private final boolean offloadsAsked;
    /** The header before {@link #tx}, {@code tx} with it (what one write sends), the receive header cell. */
    private final MemorySegment txHeader, txWire, rxHeader;
    /**
     * Three {@code struct iovec}s for readv: the receive header cell, the caller's buffer, and one
     * spare byte. The kernel cuts a frame longer than the buffers without saying so (its read
     * returns the bytes copied); a byte landing in the spare cell is how a cut shows.
     */
    private final MemorySegment rxIov;
    /** The iovec array of a gathered frame. */
    private final TxIovec txIov;
    /** For the plain methods on an offloading device. */
    private final FrameMeta plainMeta = new FrameMeta();
    private boolean closed;
    /** Opt-in (see {@link #gateOnReadiness}): skip reads after an EAGAIN until {@link #readable()}. */
    private boolean gated;
    private boolean drained;

    private long rxFrames, rxBytes, rxErrors, txFrames, txBytes, txDrops, txErrors;
    private long rxGso, rxGsoDropped, rxCut, rxChecksumsCompleted, txGso, txGathered;

    private TapDevice(TapConfig cfg, TapOpener.Opened opened) {
        this.name = opened.name();
        this.netns = cfg.netns();
        this.mac = cfg.mac();
        this.mtu = cfg.mtu();
        this.fd = opened.fd();
        this.vnetBytes = opened.vnetHeaderBytes();
        this.offloads = opened.offloads();
        this.fallback = opened.fallback();
        this.offloadsAsked = cfg.offloads() != 0;
        this.maxFrame = (offloads & Offload.SEGMENTATION) != 0 ? Math.max(SUPER_FRAME_BYTES, mtu + ETH_HEADER) : mtu + ETH_HEADER;
        this.arena = Arena.ofShared();
        this.errno = Libc.newErrnoState(arena);
        MemorySegment buffer = arena.allocate(FRAME_AT + Math.max(BUFFER_BYTES, SUPER_FRAME_BYTES), 64);
        this.tx = buffer.asSlice(FRAME_AT, maxFrame);
        this.txHeader = buffer.asSlice(FRAME_AT - vnetBytes, vnetBytes);
        this.txWire = buffer.asSlice(FRAME_AT - vnetBytes, vnetBytes + maxFrame);
        this.rxHeader = arena.allocate(16, 16).asSlice(0, vnetBytes);
        this.rxIov = arena.allocate(48, 8);
        this.txIov = new TxIovec(arena);
        rxIov.set(JAVA_LONG, 0, rxHeader.address());
        rxIov.set(JAVA_LONG, 8, vnetBytes);
        rxIov.set(JAVA_LONG, 32, arena.allocate(8, 8).address());
        rxIov.set(JAVA_LONG, 40, 1);
    }

    /**
     * Opens (or creates) the TAP device {@code cfg.name()}, inside {@code cfg.netns()} if set.
     *
     * @throws PlatformException with the reason and the remedy (no {@code /dev/net/tun}, no
     *                           permission, device busy, namespace missing, …)
     */
    public static TapDevice open(TapConfig cfg) {
        return open(cfg, TapOpener.open(cfg));
    }

    /** Opens with {@code tunFlags} for {@code TUNSETOFFLOAD} instead of the config's (tests: a refusal). */
    static TapDevice openWithTunFlags(TapConfig cfg, int tunFlags) {
        return open(cfg, TapOpener.open(cfg, tunFlags));
    }

    private static TapDevice open(TapConfig cfg, TapOpener.Opened opened) {
        try {
            TapDevice tap = new TapDevice(cfg, opened);
            if (opened.fallback() != null) {
                System.getLogger(TapDevice.class.getName()).log(System.Logger.Level.WARNING,
                        "TAP device " + tap.name + ": " + tap.offloadStatus());
            }
            BootTrace.mark("tap-open");
            return tap;
        } catch (RuntimeException | Error e) {
            Libc.close(opened.fd());
            throw e;
        }
    }

    /**
     * Starts linking the per-frame and wait system calls on a background thread (measured: a
     * background thread for the first, costliest link as well only adds contention on two
     * cores), so that their linking overlaps the rest of start-up. Call it first thing at boot;
     * whoever needs a handle first waits for whatever is not ready.
     */
    public static void linkAhead() {
        Libc.linkAhead();
    }

    /** The interface name the kernel reports (differs from the config only for {@code %d} names). */
    public String name() {
        return name;
    }

    /** The namespace the device lives in, or {@code null} for the opener's own. */
    public String netns() {
        return netns;
    }

    @Override
    public long mac() {
        return mac;
    }

    @Override
    public int mtu() {
        return mtu;
    }

    /** The non-blocking {@code /dev/net/tun} descriptor, to register with {@link EpollReadiness#add}. */
    public int fd() {
        return fd;
    }

    @Override
    public int offloads() {
        return offloads;
    }

    @Override
    public int maxFrameBytes() {
        return maxFrame;
    }

    /**
     * What the kernel granted: the offloads in force and the header, none because none were asked
     * for, or none because the kernel refused them (and why).
     */
    public String offloadStatus() {
        if (fallback != null) {
            return "offloads refused by the kernel (" + fallback + "); running as a plain TAP: one frame of at most mtu + 14"
                    + " bytes per write, checksums computed by the stack";
        }
        if (!offloadsAsked) return "offloads off (plain TAP)";
        return "offloads " + Offload.names(offloads) + " (IFF_VNET_HDR, " + vnetBytes + "-byte virtio_net_hdr_v1, frames up to "
                + maxFrame + " bytes)";
    }

    /**
     * Reads one frame with one non-blocking {@code read} (with offloads: one {@code readv} of the
     * header and the frame). Give at least {@code mtu() + 14} bytes. On a plain TAP a frame longer
     * than {@code rx} is cut to fit by the kernel. On an offloading TAP a partial checksum is
     * completed here, and a super-frame or a frame that does not fit is dropped (counted).
     *
     * @return the frame length, or 0 if none is waiting (or the read failed: counted in rxErrors)
     * @throws PlatformException if the device was deleted under us
     */
    @Override
    public int receive(MemorySegment rx) {
        return receive(rx, plainMeta, false);
    }

    /**
     * Reads one frame and its {@link FrameMeta}; see {@link #receive(MemorySegment)}. With
     * {@link Offload#RX_GSO4}, give {@link #maxFrameBytes()} bytes: a frame that does not fit is
     * dropped (counted in rxCut).
     */
    @Override
    public int receive(MemorySegment rx, FrameMeta meta) {
        return receive(rx, meta, true);
    }

    private int receive(MemorySegment rx, FrameMeta meta, boolean withMeta) {
        ensureOpen();
        if (rx.byteSize() < mtu + ETH_HEADER) {
            throw new IllegalArgumentException("receive buffer of " + rx.byteSize() + " bytes is smaller than mtu + 14 = " + (mtu + ETH_HEADER));
        }
        meta.clear();
        if (drained) return 0; // gated: the queue was empty and epoll has not reported it since
        long cap = Math.min(rx.byteSize(), RX_CAP);
        if (vnetBytes == 0) {
            long n = readOnce(rx, cap);
            if (n <= 0) return 0;
            rxFrames++;
            rxBytes += n;
            return (int) n;
        }
        if (!rx.isNative()) throw new IllegalArgumentException("system calls take native (off-heap) segments, not " + rx);
        rxIov.set(JAVA_LONG, 16, rx.address());
        rxIov.set(JAVA_LONG, 24, cap);
        for (int dropped = 0; dropped < RX_DROPS_PER_CALL; dropped++) {
            long got = readOnce(rx, cap);
            if (got < 0) return 0;
            long n = got - vnetBytes;
            if (n < ETH_HEADER) {
                rxErrors++;
                continue;
            }
            if (n > cap) { // it reached the spare byte: the frame did not fit
                rxCut++;
                continue;
            }
            int len = (int) n;
            VnetHeader.read(rxHeader, meta);
            if (meta.needsChecksum() && !VnetHeader.checksumFits(meta, len)) {
                rxErrors++;
                continue;
            }
            if (meta.isGso()) {
                if (!withMeta) {
                    rxGsoDropped++;
                    continue;
                }
                rxGso++;
            } else if (!withMeta && meta.needsChecksum()) {
                VnetHeader.completeChecksum(rx, len, meta);
                rxChecksumsCompleted++;
            }
            rxFrames++;
            rxBytes += len;
            return len;
        }
        return 0;
    }

    /**
     * One {@code read} (plain) or {@code readv} (header + frame).
     *
     * @return the bytes read, or -1 if none: queue empty, interrupted, or a failure (counted)
     */
    private long readOnce(MemorySegment rx, long cap) {
        long n = vnetBytes == 0 ? Libc.readHot(fd, rx, cap) : Libc.readvHot(fd, rxIov, 3);
        if (n >= 0) return n;
        int err = Libc.lastErrno();
        if (err == Errno.EAGAIN) {
            drained = gated;
            return -1;
        }
        if (err == Errno.EINTR) return -1;
        // Rare: read again with errno captured by the linker, to act on the exact cause.
        n = vnetBytes == 0 ? Libc.read(errno, fd, rx, cap) : Libc.readv(errno, fd, rxIov, 3);
        if (n >= 0) return n;
        err = Libc.errno(errno);
        if (err == Errno.EAGAIN) {
            drained = gated;
            return -1;
        }
        if (err == Errno.EINTR) return -1;
        if (err == Errno.EBADFD) throw gone();
        rxErrors++;
        return -1;
    }

    /**
     * Opt-in for a loop that sleeps in a level-triggered epoll on {@link #fd()} and calls
     * {@link #readable()} whenever the wait reports this descriptor: after a read finds the queue
     * empty (EAGAIN), {@link #receive} returns 0 without a syscall until {@link #readable()}.
     * This saves the second EAGAIN read a polled stack makes per wake-up (it turns again after
     * doing work, to see whether more came). No frame can be missed: one that arrives after the
     * EAGAIN keeps the descriptor ready, so the next {@code epoll_wait} returns at once. Off by
     * default (a caller that polls {@link #receive} without epoll must leave it off).
     */
    public void gateOnReadiness(boolean on) {
        gated = on;
        drained = false;
    }

    /** The epoll wait reported {@link #fd()} readable: the next {@link #receive} reads again. */
    public void readable() {
        drained = false;
    }

    /** Lends the transmit buffer: {@link #maxFrameBytes()} bytes. */
    @Override
    public MemorySegment txBuffer() {
        return tx;
    }

    /**
     * Writes the first {@code len} bytes of {@link #txBuffer()} with one {@code write} (behind a
     * zeroed vnet header on an offloading TAP).
     *
     * @return false, counting a drop, if the kernel would not take the frame now (queue full,
     *         link down) or refused it
     * @throws IllegalArgumentException if {@code len} is not a frame length (14 … mtu + 14)
     */
    @Override
    public boolean transmit(int len) {
        ensureOpen();
        if (len < ETH_HEADER || len > mtu + ETH_HEADER) {
            throw new IllegalArgumentException("frame length " + len + " is outside 14…" + (mtu + ETH_HEADER));
        }
        if (vnetBytes != 0) txHeader.fill((byte) 0);
        return send(len);
    }

    /**
     * Writes the frame behind a vnet header that asks the kernel for what {@code meta} says: a
     * partial checksum completed, a TCPv4 super-frame of up to {@link #maxFrameBytes()} bytes cut
     * into segments. The kernel does both lazily: on the path to a local socket it keeps the
     * super-frame whole and trusts the checksum; a device without those offloads on the way out
     * gets real segments with real checksums.
     *
     * @throws IllegalArgumentException if {@code meta} asks for an offload {@link #offloads()} lacks,
     *                                  or its offsets do not fit the frame
     */
    @Override
    public boolean transmit(int len, FrameMeta meta) {
        if (meta.isPlain()) return transmit(len);
        ensureOpen();
        VnetHeader.checkTransmit(meta, len, offloads, mtu + ETH_HEADER, maxFrame);
        VnetHeader.write(txHeader, meta);
        boolean sent = send(len);
        if (sent && meta.isGso()) txGso++;
        return sent;
    }

    /**
     * A gathered frame ({@link NetDevice#transmit(int, FrameMeta, FramePieces)}) with one
     * {@code writev}: the vnet header and the buffer's headers, then the pieces from where they lie
     * (and any buffer bytes between them), so their bytes are copied once, by the kernel. A plain
     * frame on a TAP without a vnet header has its pieces copied into the buffer first (the default).
     *
     * @throws IllegalArgumentException as {@link #transmit(int, FrameMeta)}, or if a piece lies
     *                                  outside the frame or in a segment no longer alive
     */
    @Override
    public boolean transmit(int len, FrameMeta meta, FramePieces pieces) {
        if (pieces.isEmpty() || meta.isPlain()) return NetDevice.super.transmit(len, meta, pieces);
        ensureOpen();
        VnetHeader.checkTransmit(meta, len, offloads, mtu + ETH_HEADER, maxFrame);
        VnetHeader.write(txHeader, meta);
        int iovcnt = txIov.fill(txWire, vnetBytes, len, pieces);
        txGathered++;
        boolean sent = send(len, iovcnt);
        if (sent && meta.isGso()) txGso++;
        return sent;
    }

    private boolean send(int len) {
        return send(len, 0);
    }

    /** Writes the frame: with one {@code write} of the buffer, or one {@code writev} of {@code iovcnt} entries of {@link #txIov}. */
    private boolean send(int len, int iovcnt) {
        long wire = vnetBytes + len;
        long n = iovcnt == 0 ? Libc.writeHot(fd, txWire, wire) : Libc.writevHot(fd, txIov.iov(), iovcnt);
        if (BootTrace.enabled() && n > 0 && tx.get(ValueLayout.JAVA_BYTE, 12) == 0x08 && tx.get(ValueLayout.JAVA_BYTE, 13) == 0) {
            BootTrace.firstReply(); // the first IPv4 frame out: the first answer, when profiling boot
        }
        if (n < 0) {
            if (isDrop(Libc.lastErrno())) {
                txDrops++;
                return false;
            }
            // Rare: write again with errno captured by the linker, to act on the exact cause.
            n = iovcnt == 0 ? Libc.write(errno, fd, txWire, wire) : Libc.writev(errno, fd, txIov.iov(), iovcnt);
            if (n < 0) {
                int err = Libc.errno(errno);
                if (err == Errno.EBADFD) throw gone();
                if (!isDrop(err)) txErrors++;
                txDrops++;
                return false;
            }
        }
        if (n != wire) {
            txDrops++;
            return false;
        }
        txFrames++;
        txBytes += len;
        return true;
    }

    /** Queue full, interrupted, or link down (EIO): the frame is dropped, nothing is wrong. */
    private static boolean isDrop(int err) {
        return err == Errno.EAGAIN || err == Errno.ENOBUFS || err == Errno.EINTR || err == Errno.EIO;
    }

    /**
     * rxFrames, rxBytes, rxErrors, txFrames, txBytes, txDrops, txErrors (txErrors also count in
     * txDrops); if offloads were asked for, also rxGso (super-frames delivered), rxGsoDropped (to
     * the plain receive), rxCut (did not fit the buffer), rxChecksumsCompleted (by the plain
     * receive), txGso (super-frames sent), txGathered (frames written with writev from pieces), offloadFallback (1 if the kernel refused them).
     */
    @Override
    public Map<String, Long> counters() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("rxFrames", rxFrames);
        m.put("rxBytes", rxBytes);
        m.put("rxErrors", rxErrors);
        m.put("txFrames", txFrames);
        m.put("txBytes", txBytes);
        m.put("txDrops", txDrops);
        m.put("txErrors", txErrors);
        if (offloadsAsked) {
            m.put("rxGso", rxGso);
            m.put("rxGsoDropped", rxGsoDropped);
            m.put("rxCut", rxCut);
            m.put("rxChecksumsCompleted", rxChecksumsCompleted);
            m.put("txGso", txGso);
            m.put("txGathered", txGathered);
            m.put("offloadFallback", fallback == null ? 0L : 1L);
        }
        return m;
    }

    /** Closes the descriptor; a non-persistent device disappears with it. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        Libc.close(fd);
        arena.close();
    }

    @Override
    public String toString() {
        return "TapDevice[" + name + (netns == null ? "" : " in netns " + netns) + ", mac " + MacAddress.format(mac)
                + ", mtu " + mtu + ", fd " + fd + (offloadsAsked ? ", " + offloadStatus() : "") + "]";
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("TAP device " + name + " is closed");
    }

    private PlatformException gone() {
        return new PlatformException("TAP device " + name + " went away (deleted with `ip link del`?); restart the appliance");
    }
}

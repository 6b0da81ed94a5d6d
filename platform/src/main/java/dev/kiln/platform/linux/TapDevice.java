package dev.kiln.platform.linux;

import dev.kiln.platform.BootTrace;
import java.lang.foreign.ValueLayout;

import dev.kiln.platform.MacAddress;
import dev.kiln.platform.NetDevice;
import dev.kiln.platform.PlatformException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
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
 * <p>The transmit buffer is off-heap, allocated once ({@value #BUFFER_BYTES} bytes, so the MTU
 * can grow later); {@link #txBuffer()} lends its first {@code mtu + 14} bytes. Nothing allocates
 * per frame: {@code read}/{@code write} skip the linker's errno capture (which allocates unless
 * the JIT inlines all of it) and read errno from the thread's cell; an unexpected errno is
 * confirmed by repeating the call with errno captured.
 *
 * <p>Use from one thread (the loop thread); {@link #counters()} may be read from others and is
 * then only approximately current. The kernel side's MTU is not changed here; set it to match
 * ({@code ip link set NAME mtu N}).
 */
public final class TapDevice implements NetDevice {
    /** Bytes of the off-heap transmit buffer: enough for any frame a TAP carries. */
    public static final int BUFFER_BYTES = 64 * 1024;
    private static final int ETH_HEADER = 14;

    private final String name;
    private final String netns;
    private final long mac;
    private final int mtu;
    private final int fd;
    private final Arena arena;
    private final MemorySegment errno;
    private final MemorySegment tx;
    private boolean closed;
    /** Opt-in (see {@link #gateOnReadiness}): skip reads after an EAGAIN until {@link #readable()}. */
    private boolean gated;
    private boolean drained;

    private long rxFrames, rxBytes, rxErrors, txFrames, txBytes, txDrops, txErrors;

    private TapDevice(TapConfig cfg, TapOpener.Opened opened) {
        this.name = opened.name();
        this.netns = cfg.netns();
        this.mac = cfg.mac();
        this.mtu = cfg.mtu();
        this.fd = opened.fd();
        this.arena = Arena.ofShared();
        this.errno = Libc.newErrnoState(arena);
        this.tx = arena.allocate(BUFFER_BYTES, 64).asSlice(0, mtu + ETH_HEADER);
    }

    /**
     * Opens (or creates) the TAP device {@code cfg.name()}, inside {@code cfg.netns()} if set.
     *
     * @throws PlatformException with the reason and the remedy (no {@code /dev/net/tun}, no
     *                           permission, device busy, namespace missing, …)
     */
    public static TapDevice open(TapConfig cfg) {
        TapOpener.Opened opened = TapOpener.open(cfg);
        try {
            TapDevice tap = new TapDevice(cfg, opened);
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

    /**
     * Reads one frame with one non-blocking {@code read}. A frame longer than {@code rx} is cut
     * to fit by the kernel; give at least {@code mtu() + 14} bytes.
     *
     * @return the frame length, or 0 if none is waiting (or the read failed: counted in rxErrors)
     * @throws PlatformException if the device was deleted under us
     */
    @Override
    public int receive(MemorySegment rx) {
        ensureOpen();
        if (rx.byteSize() < mtu + ETH_HEADER) {
            throw new IllegalArgumentException("receive buffer of " + rx.byteSize() + " bytes is smaller than mtu + 14 = " + (mtu + ETH_HEADER));
        }
        if (drained) return 0; // gated: the queue was empty and epoll has not reported it since
        long cap = Math.min(rx.byteSize(), BUFFER_BYTES);
        long n = Libc.readHot(fd, rx, cap);
        if (n < 0) {
            int err = Libc.lastErrno();
            if (err == Errno.EAGAIN) {
                drained = gated;
                return 0;
            }
            if (err == Errno.EINTR) return 0;
            // Rare: read again with errno captured by the linker, to act on the exact cause.
            n = Libc.read(errno, fd, rx, cap);
            if (n < 0) {
                err = Libc.errno(errno);
                if (err == Errno.EAGAIN) {
                    drained = gated;
                    return 0;
                }
                if (err == Errno.EINTR) return 0;
                if (err == Errno.EBADFD) throw gone();
                rxErrors++;
                return 0;
            }
        }
        if (n == 0) return 0;
        rxFrames++;
        rxBytes += n;
        return (int) n;
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

    @Override
    public MemorySegment txBuffer() {
        return tx;
    }

    /**
     * Writes the first {@code len} bytes of {@link #txBuffer()} with one {@code write}.
     *
     * @return false, counting a drop, if the kernel would not take the frame now (queue full,
     *         link down) or refused it
     * @throws IllegalArgumentException if {@code len} is not a frame length (14 … mtu + 14)
     */
    @Override
    public boolean transmit(int len) {
        ensureOpen();
        if (len < ETH_HEADER || len > tx.byteSize()) {
            throw new IllegalArgumentException("frame length " + len + " is outside 14…" + tx.byteSize());
        }
        long n = Libc.writeHot(fd, tx, len);
        if (BootTrace.enabled() && n > 0 && tx.get(ValueLayout.JAVA_BYTE, 12) == 0x08 && tx.get(ValueLayout.JAVA_BYTE, 13) == 0) {
            BootTrace.firstReply(); // the first IPv4 frame out: the first answer, when profiling boot
        }
        if (n < 0) {
            if (isDrop(Libc.lastErrno())) {
                txDrops++;
                return false;
            }
            // Rare: write again with errno captured by the linker, to act on the exact cause.
            n = Libc.write(errno, fd, tx, len);
            if (n < 0) {
                int err = Libc.errno(errno);
                if (err == Errno.EBADFD) throw gone();
                if (!isDrop(err)) txErrors++;
                txDrops++;
                return false;
            }
        }
        if (n != len) {
            txDrops++;
            return false;
        }
        txFrames++;
        txBytes += n;
        return true;
    }

    /** Queue full, interrupted, or link down (EIO): the frame is dropped, nothing is wrong. */
    private static boolean isDrop(int err) {
        return err == Errno.EAGAIN || err == Errno.ENOBUFS || err == Errno.EINTR || err == Errno.EIO;
    }

    /** rxFrames, rxBytes, rxErrors, txFrames, txBytes, txDrops, txErrors (txErrors also count in txDrops). */
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
                + ", mtu " + mtu + ", fd " + fd + "]";
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("TAP device " + name + " is closed");
    }

    private PlatformException gone() {
        return new PlatformException("TAP device " + name + " went away (deleted with `ip link del`?); restart the appliance");
    }
}

package dev.kiln.net.stack;

import dev.kiln.platform.NetDevice;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

/**
 * A minimal Linux TAP NetDevice through FFM, for interop tests only (the product's TAP device
 * lives in the platform module). Non-blocking; one read/write per frame.
 */
final class TapTestDevice implements NetDevice {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO_OPT = Linker.Option.captureCallState("errno");
    private static final MethodHandle OPEN = down("open", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT), ERRNO_OPT);
    private static final MethodHandle IOCTL = down("ioctl", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), ERRNO_OPT, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle FCNTL = down("fcntl", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), ERRNO_OPT, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle READ = down("read", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), ERRNO_OPT);
    private static final MethodHandle WRITE = down("write", FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG), ERRNO_OPT);
    private static final MethodHandle CLOSE = down("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final long TUNSETIFF = 0x400454caL;
    private static final int EAGAIN = 11;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment state = arena.allocate(CALL_STATE);
    private final MemorySegment tx = arena.allocate(1514);
    private final int fd;
    private final long mac;

    private static MethodHandle down(String name, FunctionDescriptor fd, Linker.Option... opts) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, opts);
    }

    TapTestDevice(String name, long mac) {
        this.mac = mac;
        try {
            int f = (int) OPEN.invokeExact(state, arena.allocateFrom("/dev/net/tun"), 2 /* O_RDWR */);
            if (f < 0) throw new IllegalStateException("open /dev/net/tun failed: errno " + errno() + " — run as root");
            MemorySegment ifr = arena.allocate(40);
            byte[] n = name.getBytes(StandardCharsets.US_ASCII);
            MemorySegment.copy(n, 0, ifr, ValueLayout.JAVA_BYTE, 0, n.length);
            ifr.set(ValueLayout.JAVA_SHORT, 16, (short) (0x0002 | 0x1000)); // IFF_TAP | IFF_NO_PI
            int r = (int) IOCTL.invokeExact(state, f, TUNSETIFF, ifr);
            if (r < 0) throw new IllegalStateException("TUNSETIFF " + name + " failed: errno " + errno() + " — run as root or grant CAP_NET_ADMIN");
            r = (int) FCNTL.invokeExact(state, f, 4 /* F_SETFL */, 0x800 /* O_NONBLOCK */);
            if (r < 0) throw new IllegalStateException("fcntl O_NONBLOCK failed: errno " + errno());
            this.fd = f;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private int errno() { return (int) ERRNO.get(state, 0L); }

    @Override public long mac() { return mac; }
    @Override public int mtu() { return 1500; }

    @Override
    public int receive(MemorySegment rx) {
        try {
            long n = (long) READ.invokeExact(state, fd, rx, rx.byteSize());
            if (n < 0) {
                if (errno() == EAGAIN) return 0;
                throw new IllegalStateException("read from TAP failed: errno " + errno());
            }
            return (int) n;
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override public MemorySegment txBuffer() { return tx; }

    @Override
    public boolean transmit(int len) {
        try {
            long n = (long) WRITE.invokeExact(state, fd, tx, (long) len);
            return n == len;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
        arena.close();
    }
}

package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Test helper: an {@code AF_PACKET} socket in a network namespace that sees every frame on its
 * interfaces, both directions ({@code ETH_P_ALL}), as a Linux peer's view of the wire.
 */
final class PacketCapture implements AutoCloseable {
    private static final int AF_PACKET = 17, SOCK_RAW = 3, SOCK_NONBLOCK = 0x800, SOCK_CLOEXEC = 0x80000;
    private static final int ETH_P_ALL_BE = 0x0300; // htons(ETH_P_ALL = 3)
    private static final MethodHandle SOCKET = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("socket").orElseThrow(),
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.captureCallState("errno"));

    private final Arena arena = Arena.ofShared();
    private final MemorySegment errno = Libc.newErrnoState(arena);
    private final EpollReadiness ready = EpollReadiness.open();
    private final int fd;
    final MemorySegment buf = arena.allocate(TapDevice.SUPER_FRAME_BYTES, 64);

    private PacketCapture(int fd) {
        this.fd = fd;
        ready.add(fd);
    }

    static PacketCapture openIn(String ns) {
        int fd = NetnsSwitch.callIn(ns, () -> {
            try (Arena a = Arena.ofConfined()) {
                MemorySegment e = Libc.newErrnoState(a);
                int s = (int) SOCKET.invokeExact(e, AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, ETH_P_ALL_BE);
                if (s < 0) throw new AssertionError("AF_PACKET socket failed: " + Errno.describe(Libc.errno(e)));
                return s;
            } catch (Throwable t) {
                throw t instanceof AssertionError ae ? ae : new AssertionError(t);
            }
        });
        return new PacketCapture(fd);
    }

    /** The next frame into {@link #buf}; its length, or 0 if none came before {@code deadlineNs}. */
    int next(long deadlineNs) {
        while (true) {
            long n = Libc.read(errno, fd, buf, buf.byteSize());
            if (n > 0) return (int) n;
            if (n < 0 && Libc.errno(errno) != Errno.EAGAIN) throw new AssertionError("capture read: " + Errno.describe(Libc.errno(errno)));
            long left = deadlineNs - System.nanoTime();
            if (left <= 0) return 0;
            ready.await(left);
        }
    }

    @Override
    public void close() {
        ready.close();
        Libc.close(fd);
        arena.close();
    }
}

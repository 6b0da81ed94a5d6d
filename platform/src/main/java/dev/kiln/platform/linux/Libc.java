package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;

/**
 * The few libc functions the Linux platform calls, as cached FFM downcall handles.
 *
 * <p>Functions that can fail take an <em>errno state</em> segment first (from
 * {@link #newErrnoState}): the linker captures {@code errno} into it right after the call
 * ({@code Linker.Option.captureCallState("errno")}), so read it with {@link #errno} when the
 * result is -1. Each thread needs its own errno state (or must not share one concurrently).
 * The variadic {@code open}, {@code ioctl} and {@code fcntl} are linked with
 * {@code firstVariadicArg}. Cheap calls that never block ({@code read}/{@code write} on
 * non-blocking descriptors, {@code clock_gettime}, {@code getrandom}) are linked
 * {@code critical(true)}: no thread-state transition, and heap segments may be passed.
 * The per-frame {@link #readHot}/{@link #writeHot} skip errno capture (it allocates per call
 * unless fully inlined) and read errno with {@link #lastErrno()} instead.
 *
 * <p>Linking needs native access. Call {@link NativeAccess#check()} (the factories in this
 * package do) to turn a denial into a clear {@link dev.kiln.platform.PlatformException}.
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET =
            CAPTURE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final Linker.Option CRITICAL = Linker.Option.critical(true);
    private static final Linker.Option VARIADIC_2 = Linker.Option.firstVariadicArg(2);

    // open(const char *path, int flags, ... /* mode_t mode */)
    private static final MethodHandle OPEN = link("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), ERRNO, VARIADIC_2);
    private static final MethodHandle CLOSE = link("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = link("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO, CRITICAL);
    private static final MethodHandle WRITE = link("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), ERRNO, CRITICAL);
    // long syscall(long number, ...): the per-frame read/write go through it, not through libc's
    // read/write, which are pthread cancellation points and so bracket every call with
    // __pthread_enable/disable_asynccancel in a multi-threaded process such as the JVM (≈ 3% of
    // the tap appliance's CPU under load). syscall() sets errno like read/write do.
    // On an architecture whose numbers we do not know, the plain libc read/write are used.
    private static final String ARCH = System.getProperty("os.arch");
    private static final long SYS_READ = ARCH.equals("amd64") ? 0 : ARCH.equals("aarch64") ? 63 : -1;
    private static final long SYS_WRITE = ARCH.equals("amd64") ? 1 : ARCH.equals("aarch64") ? 64 : -1;
    private static final MethodHandle READ_HOT = SYS_READ >= 0
            ? MethodHandles.insertArguments(link("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
                    Linker.Option.firstVariadicArg(1), CRITICAL), 0, SYS_READ)
            : link("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CRITICAL);
    private static final MethodHandle WRITE_HOT = SYS_WRITE >= 0
            ? MethodHandles.insertArguments(link("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG),
                    Linker.Option.firstVariadicArg(1), CRITICAL), 0, SYS_WRITE)
            : link("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CRITICAL);
    // int *__errno_location(void), declared as returning the address as a long: no segment object
    private static final MethodHandle ERRNO_LOCATION = link("__errno_location", FunctionDescriptor.of(JAVA_LONG), CRITICAL);
    /** All of memory, to read the errno cell at an address without making a segment per read. */
    @SuppressWarnings("restricted")
    private static final MemorySegment EVERYTHING = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);
    // ioctl(int fd, unsigned long request, ...)
    private static final MethodHandle IOCTL = link("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), ERRNO, VARIADIC_2);
    // fcntl(int fd, int cmd, ...)
    private static final MethodHandle FCNTL = link("fcntl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), ERRNO, VARIADIC_2);
    private static final MethodHandle SETNS = link("setns", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    private static final MethodHandle EPOLL_CREATE1 = link("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT), ERRNO);
    private static final MethodHandle EPOLL_CTL = link("epoll_ctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS), ERRNO);
    private static final MethodHandle EPOLL_WAIT = link("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT), ERRNO);
    private static final MethodHandle EPOLL_WAIT_HOT = link("epoll_wait", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD = link("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
    private static final MethodHandle CLOCK_GETTIME = link("clock_gettime", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), CRITICAL);
    private static final MethodHandle GETRANDOM = link("getrandom", FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO, CRITICAL);
    // may block until the kernel's pool is seeded (early boot): not critical, so GC can proceed
    private static final MethodHandle GETRANDOM_BLOCKING = link("getrandom", FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO);

    // prctl(int option, ...): seal set-up (PR_SET_NO_NEW_PRIVS)
    private static final MethodHandle PRCTL = link("prctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG), ERRNO, Linker.Option.firstVariadicArg(1));
    // long syscall(long number, ...) with three arguments, the last a pointer (seccomp(2))
    private static final MethodHandle SYSCALL3 = link("syscall", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS), ERRNO, Linker.Option.firstVariadicArg(1));

    // open(2) flags
    public static final int O_RDONLY = 0, O_RDWR = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    // fcntl(2) commands
    public static final int F_GETFL = 3, F_SETFL = 4;
    // setns(2) namespace type
    public static final int CLONE_NEWNET = 0x40000000;
    // epoll(7)
    public static final int EPOLL_CLOEXEC = 0x80000, EPOLL_CTL_ADD = 1, EPOLL_CTL_DEL = 2, EPOLL_CTL_MOD = 3;
    public static final int EPOLLIN = 0x1, EPOLLERR = 0x8, EPOLLHUP = 0x10;
    /** struct epoll_event is packed on x86-64: u32 events at 0, u64 data at 4. */
    public static final int EPOLL_EVENT_BYTES = 12, EPOLL_EVENT_DATA = 4;
    // eventfd(2)
    public static final int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000;
    // clock_gettime(2); struct timespec is two longs
    public static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1;
    public static final int TIMESPEC_BYTES = 16;
    // getrandom(2)
    public static final int GRND_NONBLOCK = 0x1;

    static {
        // Link lastErrno()'s call sites now: the first call spins method-handle classes (and so
        // does customisation after ~127 calls), and the JVM's own libc calls while doing so would
        // overwrite the errno it is about to read. Seen in tests: EBADF read back as EAGAIN.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment scratch = arena.allocate(8);
            for (int i = 0; i < 200; i++) {
                readHot(-1, scratch, 8);
                writeHot(-1, scratch, 8);
                lastErrno();
            }
        }
    }

    private Libc() {}

    @SuppressWarnings("restricted") // native access is checked by NativeAccess.check()
    private static MethodHandle link(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** Forces the handles to link; used by {@link NativeAccess#check()}. */
    static void link() {}

    /** A fresh errno state segment from {@code arena}; one per thread that makes calls. */
    public static MemorySegment newErrnoState(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** The errno captured by the last call that was given {@code state}. */
    public static int errno(MemorySegment state) {
        return state.get(JAVA_INT, ERRNO_OFFSET);
    }

    public static int open(MemorySegment errno, MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(errno, path, flags, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** close(2); errors are ignored (the descriptor is released either way on Linux). */
    public static int close(int fd) {
        try {
            return (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long read(MemorySegment errno, int fd, MemorySegment buf, long count) {
        try {
            return (long) READ.invokeExact(errno, fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long write(MemorySegment errno, int fd, MemorySegment buf, long count) {
        try {
            return (long) WRITE.invokeExact(errno, fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * read(2) for the per-frame path: no errno capture, because {@code captureCallState} slices
     * the state segment on every call, and that allocation survives whenever the JIT does not
     * inline the whole downcall into the caller (it did not in an OSR-compiled loop: 40 bytes per
     * call). On -1 read the cause at once with {@link #lastErrno()} on the same thread.
     */
    public static long readHot(int fd, MemorySegment buf, long count) {
        try {
            return (long) READ_HOT.invokeExact(fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** write(2) for the per-frame path; see {@link #readHot}. Also for callers that ignore failures. */
    public static long writeHot(int fd, MemorySegment buf, long count) {
        try {
            return (long) WRITE_HOT.invokeExact(fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The calling thread's errno, read from its thread-local cell ({@code __errno_location}).
     * Call it straight after a failed {@link #readHot}/{@link #writeHot} on the same thread. Only
     * compiled Java code runs in between; should the JVM ever make a failing libc call on this
     * thread in that window (at a safepoint, or linking a method handle: the class initialiser
     * links this one's call sites for that reason), the cause would be misread, so callers must
     * treat every errno they do not expect the same safe way, e.g. by repeating the call through
     * the capturing handle. Allocation-free.
     */
    public static int lastErrno() {
        try {
            long cell = (long) ERRNO_LOCATION.invokeExact();
            return EVERYTHING.get(JAVA_INT, cell);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ioctl(MemorySegment errno, int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL.invokeExact(errno, fd, request, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int fcntl(MemorySegment errno, int fd, int cmd, int arg) {
        try {
            return (int) FCNTL.invokeExact(errno, fd, cmd, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int setns(MemorySegment errno, int fd, int nstype) {
        try {
            return (int) SETNS.invokeExact(errno, fd, nstype);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int epollCreate1(MemorySegment errno, int flags) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(errno, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int epollCtl(MemorySegment errno, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.invokeExact(errno, epfd, op, fd, event);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int epollWait(MemorySegment errno, int epfd, MemorySegment events, int maxEvents, int timeoutMs) {
        try {
            return (int) EPOLL_WAIT.invokeExact(errno, epfd, events, maxEvents, timeoutMs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** epoll_wait(2) for the loop's every turn: no errno capture; see {@link #readHot}, {@link #lastErrno()}. */
    public static int epollWaitHot(int epfd, MemorySegment events, int maxEvents, int timeoutMs) {
        try {
            return (int) EPOLL_WAIT_HOT.invokeExact(epfd, events, maxEvents, timeoutMs);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int eventfd(MemorySegment errno, int initval, int flags) {
        try {
            return (int) EVENTFD.invokeExact(errno, initval, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** clock_gettime(2) into {@code timespec} (16 bytes: tv_sec, tv_nsec). */
    public static int clockGettime(int clockId, MemorySegment timespec) {
        try {
            return (int) CLOCK_GETTIME.invokeExact(clockId, timespec);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * getrandom(2), linked critical: pass {@link #GRND_NONBLOCK} so it never blocks (it fails
     * with EAGAIN before the pool is seeded); {@code buf} may be a heap segment.
     */
    public static long getrandom(MemorySegment errno, MemorySegment buf, long len, int flags) {
        try {
            return (long) GETRANDOM.invokeExact(errno, buf, len, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** getrandom(2) that may block (flags 0 waits for the seeded pool); {@code buf} must be off-heap. */
    public static long getrandomBlocking(MemorySegment errno, MemorySegment buf, long len, int flags) {
        try {
            return (long) GETRANDOM_BLOCKING.invokeExact(errno, buf, len, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** prctl(2) with all four optional arguments given (unused ones must be 0). */
    public static int prctl(MemorySegment errno, int option, long arg2, long arg3, long arg4, long arg5) {
        try {
            return (int) PRCTL.invokeExact(errno, option, arg2, arg3, arg4, arg5);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** syscall(2) for calls glibc has no wrapper for, e.g. {@code seccomp(op, flags, ptr)}. */
    public static long syscall(MemorySegment errno, long number, long arg1, long arg2, MemorySegment arg3) {
        try {
            return (long) SYSCALL3.invokeExact(errno, number, arg1, arg2, arg3);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("native call failed", t);
    }
}

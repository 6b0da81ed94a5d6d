package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * The system calls the Linux platform makes, as FFM downcalls through libc's {@code syscall(3)}.
 *
 * <p>Every call goes through one function shape, {@code long syscall(long nr, long a1, …, long a6)}
 * (pointers passed as addresses of native segments), linked at most three ways, each on first
 * use: with {@code errno} captured ({@link #newErrnoState}, {@link #errno}) for the control
 * path; without capture and {@code critical} for the per-frame {@link #readHot}/{@link #writeHot};
 * without capture for the blocking {@link #epollWaitHot}. Linking a downcall handle spins
 * method-handle and stub classes that no AOT cache holds (≈ 10 ms each at boot, ≈ 30 ms for the
 * first), so one shape and lazy linking are what keep boot short: the tap appliance links three
 * handles, the host appliance none until it seals. {@code syscall()} also skips the pthread
 * cancellation points libc's {@code read}/{@code write} wrap every call in (≈ 3% of the tap
 * appliance's CPU under load). The hot calls read errno with {@link #lastErrno()} instead of
 * capturing it (capture slices the state segment per call, an allocation whenever the JIT does
 * not inline the whole downcall).
 *
 * <p>Linking needs native access. Call {@link NativeAccess#check()} (the factories in this
 * package do) to turn a denial into a clear {@link dev.kiln.platform.PlatformException}.
 * Architectures: x86-64 and aarch64 (the numbers are in {@link Nr}).
 */
public final class Libc {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET =
            CAPTURE_LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    /** {@code long syscall(long number, ...)} with six arguments, all passed as longs. */
    private static final FunctionDescriptor SYSCALL6 = FunctionDescriptor.of(JAVA_LONG,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    private static final Linker.Option VARIADIC_1 = Linker.Option.firstVariadicArg(1);

    /** Control path: may block, errno captured into the caller's state segment. */
    private static final class Sys {
        static final MethodHandle H = link("syscall", SYSCALL6, VARIADIC_1, Linker.Option.captureCallState("errno"));

        static {
            dev.kiln.platform.BootTrace.mark("link-sys");
        }
    }

    /** Per-frame path: never blocks (non-blocking descriptors), no thread-state transition, no capture. */
    private static final class Hot {
        static final MethodHandle H = link("syscall", SYSCALL6, VARIADIC_1, Linker.Option.critical(false));
        // int *__errno_location(void), declared as returning the address as a long: no segment object
        static final MethodHandle ERRNO_LOCATION = link("__errno_location", FunctionDescriptor.of(JAVA_LONG), Linker.Option.critical(false));
        /** All of memory, to read the errno cell at an address without making a segment per read. */
        @SuppressWarnings("restricted")
        static final MemorySegment EVERYTHING = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

        static {
            // Link lastErrno()'s call sites now: the first calls spin method-handle classes, and the
            // JVM's own libc calls while doing so would overwrite the errno about to be read (seen:
            // EBADF read back as EAGAIN). Method-handle customisation spins again after
            // CUSTOMIZE_THRESHOLD (127) interpreted calls, so call past it, unless the launcher
            // turned customisation off (-Djava.lang.invoke.MethodHandle.CUSTOMIZE_THRESHOLD=-1,
            // as images do: the JIT folds these constant handles anyway).
            int threshold = Integer.getInteger("java.lang.invoke.MethodHandle.CUSTOMIZE_THRESHOLD", 127);
            int calls = threshold < 0 ? 2 : threshold + 2;
            for (int i = 0; i < calls; i++) {
                try {
                    long r = (long) H.invokeExact(Nr.READ, -1L, 0L, 0L, 0L, 0L, 0L);
                    long cell = (long) ERRNO_LOCATION.invokeExact();
                    if (r != -1 || cell == 0) throw new IllegalStateException("syscall(read, -1) returned " + r);
                } catch (Throwable t) {
                    throw rethrow(t);
                }
            }
            dev.kiln.platform.BootTrace.mark("link-hot");
        }
    }

    /** The loop's blocking wait: thread-state transition (GC may run meanwhile), no capture. */
    private static final class Wait {
        static final MethodHandle H = link("syscall", SYSCALL6, VARIADIC_1);

        static {
            dev.kiln.platform.BootTrace.mark("link-wait");
        }
    }

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
    // getrandom(2)
    public static final int GRND_NONBLOCK = 0x1;

    private Libc() {}

    @SuppressWarnings("restricted") // native access is checked by NativeAccess.check()
    private static MethodHandle link(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** Checks that libc and native access are there; used by {@link NativeAccess#check()}. Links nothing. */
    @SuppressWarnings("restricted")
    static void link() {
        LINKER.defaultLookup().find("syscall").orElseThrow(() -> new UnsatisfiedLinkError("libc has no syscall"));
        MemorySegment.NULL.reinterpret(1); // a restricted method: throws IllegalCallerException without native access
    }

    /**
     * Links the per-frame and wait handles on a background thread, so that a boot overlaps their
     * class spinning with its own work (opening the device, loading data). Whoever needs a handle
     * first waits for its class initialisation.
     */
    static void linkAhead() {
        Thread.ofPlatform().name("kiln-link-ahead").daemon(true).start(() -> {
            try {
                MethodHandle h = Hot.H;
                h = Wait.H;
            } catch (Throwable ignored) {
                // the caller's own first use reports it
            }
        });
    }

    /** A fresh errno state segment from {@code arena}; one per thread that makes calls. */
    public static MemorySegment newErrnoState(Arena arena) {
        return arena.allocate(CAPTURE_LAYOUT);
    }

    /** The errno captured by the last call that was given {@code state}. */
    public static int errno(MemorySegment state) {
        return state.get(JAVA_INT, ERRNO_OFFSET);
    }

    /** System call numbers for this architecture. */
    static final class Nr {
        private static final boolean ARM = System.getProperty("os.arch").equals("aarch64");
        static final long READ = ARM ? 63 : 0, WRITE = ARM ? 64 : 1, READV = ARM ? 65 : 19, WRITEV = ARM ? 66 : 20, CLOSE = ARM ? 57 : 3, IOCTL = ARM ? 29 : 16,
                FCNTL = ARM ? 25 : 72, OPENAT = ARM ? 56 : 257, SETNS = ARM ? 268 : 308,
                EPOLL_CREATE1 = ARM ? 20 : 291, EPOLL_CTL = ARM ? 21 : 233, EPOLL_PWAIT = ARM ? 22 : 281,
                EVENTFD2 = ARM ? 19 : 290, GETRANDOM = ARM ? 278 : 318, PRCTL = ARM ? 167 : 157;

        static {
            String arch = System.getProperty("os.arch");
            if (!arch.equals("amd64") && !arch.equals("aarch64")) {
                throw new UnsatisfiedLinkError("Kiln's Linux platform knows the system calls of amd64 and aarch64, not " + arch);
            }
        }

        private Nr() {}
    }

    private static final long AT_FDCWD = -100;

    /** syscall(2) through the errno-capturing handle; returns the raw result (-1 on failure). */
    private static long sys(MemorySegment errno, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        try {
            return (long) Sys.H.invokeExact(errno, nr, a1, a2, a3, a4, a5, a6);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The address of a native segment, for a pointer argument. */
    private static long ptr(MemorySegment s) {
        if (!s.isNative()) throw new IllegalArgumentException("system calls take native (off-heap) segments, not " + s);
        return s.address();
    }

    /** open(2) as openat(AT_FDCWD, path, flags); {@code path} is a NUL-terminated native string. */
    public static int open(MemorySegment errno, MemorySegment path, int flags) {
        return (int) sys(errno, Nr.OPENAT, AT_FDCWD, ptr(path), flags, 0, 0, 0);
    }

    /** close(2); errors are ignored (the descriptor is released either way on Linux). */
    public static int close(int fd) {
        try {
            return (int) (long) Hot.H.invokeExact(Nr.CLOSE, (long) fd, 0L, 0L, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long read(MemorySegment errno, int fd, MemorySegment buf, long count) {
        return sys(errno, Nr.READ, fd, ptr(buf), count, 0, 0, 0);
    }

    public static long write(MemorySegment errno, int fd, MemorySegment buf, long count) {
        return sys(errno, Nr.WRITE, fd, ptr(buf), count, 0, 0, 0);
    }

    /**
     * read(2) for the per-frame path on a non-blocking descriptor: no errno capture (see the class
     * comment); on -1 read the cause at once with {@link #lastErrno()} on the same thread.
     */
    public static long readHot(int fd, MemorySegment buf, long count) {
        return hot(Nr.READ, fd, ptr(buf), count);
    }

    /** readv(2) of {@code iovcnt} {@code struct iovec}s (16 bytes each: base, length) at {@code iov}. */
    public static long readv(MemorySegment errno, int fd, MemorySegment iov, int iovcnt) {
        return sys(errno, Nr.READV, fd, ptr(iov), iovcnt, 0, 0, 0);
    }

    /** readv(2) for the per-frame path; see {@link #readHot}. */
    public static long readvHot(int fd, MemorySegment iov, int iovcnt) {
        return hot(Nr.READV, fd, ptr(iov), iovcnt);
    }

    /** A per-frame system call of three arguments through the hot handle (no errno capture). */
    private static long hot(long nr, int fd, long a2, long a3) {
        try {
            return (long) Hot.H.invokeExact(nr, (long) fd, a2, a3, 0L, 0L, 0L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** writev(2) of {@code iovcnt} {@code struct iovec}s (16 bytes each: base, length) at {@code iov}. */
    public static long writev(MemorySegment errno, int fd, MemorySegment iov, int iovcnt) {
        return sys(errno, Nr.WRITEV, fd, ptr(iov), iovcnt, 0, 0, 0);
    }

    /** writev(2) for the per-frame path (a gathered frame); see {@link #readHot}. */
    public static long writevHot(int fd, MemorySegment iov, int iovcnt) {
        return hot(Nr.WRITEV, fd, ptr(iov), iovcnt);
    }

    /** write(2) for the per-frame path; see {@link #readHot}. Also for callers that ignore failures. */
    public static long writeHot(int fd, MemorySegment buf, long count) {
        return hot(Nr.WRITE, fd, ptr(buf), count);
    }

    /**
     * The calling thread's errno, read from its thread-local cell ({@code __errno_location}).
     * Call it straight after a failed {@link #readHot}/{@link #writeHot}/{@link #epollWaitHot} on
     * the same thread. Only compiled Java code runs in between; should the JVM ever make a failing
     * libc call on this thread in that window (at a safepoint, or linking a method handle: the hot
     * handles are linked and called once before first use for that reason), the cause would be
     * misread, so callers must treat every errno they do not expect the same safe way, e.g. by
     * repeating the call through the capturing handle. Allocation-free.
     */
    public static int lastErrno() {
        try {
            long cell = (long) Hot.ERRNO_LOCATION.invokeExact();
            return Hot.EVERYTHING.get(JAVA_INT, cell);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** ioctl(2) with a pointer argument. */
    public static int ioctl(MemorySegment errno, int fd, long request, MemorySegment arg) {
        return (int) sys(errno, Nr.IOCTL, fd, request, ptr(arg), 0, 0, 0);
    }

    /** ioctl(2) whose argument is a value, not a pointer (e.g. {@code TUNSETOFFLOAD}). */
    public static int ioctlValue(MemorySegment errno, int fd, long request, long arg) {
        return (int) sys(errno, Nr.IOCTL, fd, request, arg, 0, 0, 0);
    }

    public static int fcntl(MemorySegment errno, int fd, int cmd, int arg) {
        return (int) sys(errno, Nr.FCNTL, fd, cmd, arg, 0, 0, 0);
    }

    public static int setns(MemorySegment errno, int fd, int nstype) {
        return (int) sys(errno, Nr.SETNS, fd, nstype, 0, 0, 0, 0);
    }

    public static int epollCreate1(MemorySegment errno, int flags) {
        return (int) sys(errno, Nr.EPOLL_CREATE1, flags, 0, 0, 0, 0, 0);
    }

    public static int epollCtl(MemorySegment errno, int epfd, int op, int fd, MemorySegment event) {
        return (int) sys(errno, Nr.EPOLL_CTL, epfd, op, fd, ptr(event), 0, 0);
    }

    /** epoll_wait(2), as epoll_pwait with no signal mask (aarch64 has only the latter). */
    public static int epollWait(MemorySegment errno, int epfd, MemorySegment events, int maxEvents, int timeoutMs) {
        return (int) sys(errno, Nr.EPOLL_PWAIT, epfd, ptr(events), maxEvents, timeoutMs, 0, 8);
    }

    /** epoll_wait(2) for the loop's every turn: no errno capture; see {@link #readHot}, {@link #lastErrno()}. */
    public static int epollWaitHot(int epfd, MemorySegment events, int maxEvents, int timeoutMs) {
        try {
            return (int) (long) Wait.H.invokeExact(Nr.EPOLL_PWAIT, (long) epfd, ptr(events), (long) maxEvents, (long) timeoutMs, 0L, 8L);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** eventfd(2), as eventfd2. */
    public static int eventfd(MemorySegment errno, int initval, int flags) {
        return (int) sys(errno, Nr.EVENTFD2, initval, flags, 0, 0, 0, 0);
    }

    /**
     * getrandom(2) into a native segment. Pass {@link #GRND_NONBLOCK} so it never blocks (it
     * fails with EAGAIN before the pool is seeded); with flags 0 it waits for the seeded pool.
     */
    public static long getrandom(MemorySegment errno, MemorySegment buf, long len, int flags) {
        return sys(errno, Nr.GETRANDOM, ptr(buf), len, flags, 0, 0, 0);
    }

    /** prctl(2) with all four optional arguments given (unused ones must be 0). */
    public static int prctl(MemorySegment errno, int option, long arg2, long arg3, long arg4, long arg5) {
        return (int) sys(errno, Nr.PRCTL, option, arg2, arg3, arg4, arg5, 0);
    }

    /** syscall(2) for calls glibc has no wrapper for, e.g. {@code seccomp(op, flags, ptr)}. */
    public static long syscall(MemorySegment errno, long number, long arg1, long arg2, MemorySegment arg3) {
        return sys(errno, number, arg1, arg2, arg3.equals(MemorySegment.NULL) ? 0 : ptr(arg3), 0, 0, 0);
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("native call failed", t);
    }
}

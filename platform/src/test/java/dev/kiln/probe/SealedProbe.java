package dev.kiln.probe;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.kiln.platform.PlatformException;
import dev.kiln.platform.linux.EpollReadiness;
import dev.kiln.platform.linux.Errno;
import dev.kiln.platform.linux.Libc;
import dev.kiln.platform.linux.LinuxClock;
import dev.kiln.platform.linux.LinuxEntropy;
import dev.kiln.platform.linux.Seal;
import dev.kiln.platform.linux.SealPolicy;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * A sealed appliance in miniature, run in a forked JVM by {@code SealTest}. It binds a UDP
 * echo socket on 127.0.0.1 (prints {@code port N}), seals, tries each forbidden action (one line
 * each: {@code exec: refused EPERM …}), then serves: echoes datagrams, allocates, collects,
 * starts platform and virtual threads, JIT-compiles, and prints {@code alive N} about twice a
 * second until the datagram {@code exit} arrives (echoed, then exit 0). Not stdin: after the
 * seal a failed {@code ProcessBuilder.start()} closes descriptor 0 (JDK 25: its {@code pipe2}
 * is refused and the clean-up path closes fd 0).
 *
 * <p>Modes: {@code serve} (the above), {@code seal-only} (seal, then serve without the
 * forbidden-action tries: for {@code strace}), {@code unchecked} (seal without the code-cache
 * check), {@code unsealed} (everything but the seal, for comparisons), {@code refuse:NAME} (seal with NAME taken out of the allowlist, then serve: shows
 * that this probe catches a needed call missing from the policy).
 */
public final class SealedProbe {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MemoryLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final int PROT_READ = 1, PROT_WRITE = 2, PROT_EXEC = 4, MAP_PRIVATE = 2, MAP_ANONYMOUS = 0x20;
    private static final AtomicLong SINK = new AtomicLong();

    private SealedProbe() {}

    @SuppressWarnings("restricted")
    private static MethodHandle link(String name, FunctionDescriptor fd, Linker.Option... o) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), fd, o);
    }

    public static void main(String[] args) throws Throwable {
        String mode = args.length > 0 ? args[0] : "serve";
        long parentPid = ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(1L);
        MethodHandle mmap = link("mmap", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), ERRNO);
        MethodHandle mprotect = link("mprotect", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), ERRNO);
        MethodHandle ptrace = link("ptrace", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), ERRNO, Linker.Option.firstVariadicArg(1));
        MethodHandle kill = link("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), ERRNO);
        MethodHandle execve = link("execve", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), ERRNO);
        MethodHandle memfd = link("memfd_create", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
        Arena arena = Arena.ofAuto();
        MemorySegment errno = arena.allocate(CAPTURE);
        MemorySegment binTrue = arena.allocateFrom("/bin/true");
        MemorySegment argv = arena.allocate(ADDRESS, 2);
        argv.setAtIndex(ADDRESS, 0, binTrue);
        MemorySegment memfdName = arena.allocateFrom("kiln");

        DatagramChannel echo = DatagramChannel.open();
        echo.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        int port = ((InetSocketAddress) echo.getLocalAddress()).getPort();
        EpollReadiness readiness = EpollReadiness.open(); // epoll + eventfd must exist before the seal
        LinuxEntropy entropy = new LinuxEntropy();
        LinuxClock clock = new LinuxClock();
        platform(readiness, entropy, clock);
        work(0); // load what the work loop uses while files can still be opened
        if (mode.equals("tsync-conflict")) ownFilterOnOneThread(arena);
        List<String> tries = new ArrayList<>();
        attempt("warm-up", () -> "ok"); // loads Action and the lambda machinery
        try {
            Seal.prepare();
            SealPolicy policy = mode.startsWith("refuse:") ? SealPolicy.appliance().refusing(mode.substring(7))
                    : SealPolicy.appliance();
            if (!mode.equals("unsealed")) Seal.apply(mode.equals("unchecked") ? policy.withoutCodeCacheCheck() : policy);
        } catch (PlatformException e) {
            System.out.println(e.getMessage());
            System.exit(3);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("shutdown hook ran")));
        System.out.println((Seal.isSealed() ? "sealed" : "unsealed") + " pid " + ProcessHandle.current().pid());
        System.out.println("port " + port);
        if (mode.equals("serve")) {
            tries.add(attempt("exec", () -> new ProcessBuilder("/bin/true").start().waitFor()));
            tries.add(attempt("execve", () -> errnoOf((int) execve.invokeExact(errno, binTrue, argv, MemorySegment.NULL), errno)));
            tries.add(attempt("open", () -> { Files.newInputStream(Path.of("/etc/hostname")).close(); return "ok"; }));
            tries.add(attempt("create", () -> Files.writeString(Path.of("/tmp/kiln-sealed-" + ProcessHandle.current().pid()), "x")));
            tries.add(attempt("udp-socket", () -> { DatagramChannel.open().close(); return "ok"; }));
            tries.add(attempt("tcp-socket", () -> { SocketChannel.open().close(); return "ok"; }));
            tries.add(attempt("mmap-exec", () -> {
                MemorySegment p = (MemorySegment) mmap.invokeExact(errno, MemorySegment.NULL, 4096L, PROT_READ | PROT_EXEC,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
                return p.address() == -1L ? Errno.name(errno.get(JAVA_INT, 0)) : "ok";
            }));
            tries.add(attempt("mprotect-exec", () -> {
                MemorySegment p = (MemorySegment) mmap.invokeExact(errno, MemorySegment.NULL, 4096L, PROT_READ | PROT_WRITE,
                        MAP_PRIVATE | MAP_ANONYMOUS, -1, 0L);
                if (p.address() == -1L) return "mmap-rw " + Errno.name(errno.get(JAVA_INT, 0));
                return errnoOf((int) mprotect.invokeExact(errno, p, 4096L, PROT_READ | PROT_EXEC), errno);
            }));
            tries.add(attempt("ptrace", () -> errnoOf((int) (long) ptrace.invokeExact(errno, 0 /*TRACEME*/, 0,
                    MemorySegment.NULL, MemorySegment.NULL), errno)));
            tries.add(attempt("kill", () -> errnoOf((int) kill.invokeExact(errno, (int) parentPid, 0), errno)));
            tries.add(attempt("memfd", () -> errnoOf((int) memfd.invokeExact(errno, memfdName, 0), errno)));
            for (String t : tries) System.out.println(t);
            System.out.println("platform: " + platform(readiness, entropy, clock));
        }
        AtomicBoolean stop = new AtomicBoolean(), failed = new AtomicBoolean();
        Thread echoer = Thread.ofPlatform().name("echo").start(() -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(2048);
            while (!stop.get()) {
                try {
                    buf.clear();
                    var from = echo.receive(buf);
                    buf.flip();
                    if (buf.remaining() == 4 && buf.getInt(0) == 0x65786974) stop.set(true); // "exit"
                    echo.send(buf, from);
                } catch (Exception e) {
                    System.out.println("echo failed: " + e);
                    failed.set(true);
                    stop.set(true);
                    return;
                }
            }
        });
        Thread worker = Thread.ofPlatform().name("worker").start(() -> {
            for (long round = 1; !stop.get(); round++) {
                work(round);
                System.out.println("alive " + round);
            }
        });
        echoer.join();
        worker.join();
        echo.close();
        System.out.println("bye");
        System.exit(failed.get() ? 4 : 0);
    }

    /**
     * Starts a thread that installs its own allow-all seccomp filter (without TSYNC) and parks:
     * a later TSYNC seal cannot take it over, and must say which thread is in the way.
     */
    static void ownFilterOnOneThread(Arena arena) throws InterruptedException {
        MemorySegment insn = arena.allocate(8, 8);
        insn.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) 0x06); // BPF_RET|BPF_K
        insn.set(JAVA_INT, 4, 0x7fff0000); // SECCOMP_RET_ALLOW
        MemorySegment fprog = arena.allocate(16, 8);
        fprog.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 0, (short) 1);
        fprog.set(ADDRESS, 8, insn);
        MethodHandle gettid = link("gettid", FunctionDescriptor.of(JAVA_INT));
        var ready = new java.util.concurrent.CountDownLatch(1);
        Thread.ofPlatform().daemon().start(() -> {
            MemorySegment errno = Libc.newErrnoState(arena);
            Libc.prctl(errno, 38 /* PR_SET_NO_NEW_PRIVS */, 1, 0, 0, 0);
            long r = Libc.syscall(errno, 317 /* seccomp */, 1 /* SET_MODE_FILTER */, 0, fprog);
            int tid;
            try {
                tid = (int) gettid.invokeExact();
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
            System.out.println("own filter " + r + " on thread " + tid);
            ready.countDown();
            java.util.concurrent.locks.LockSupport.park();
        });
        ready.await();
    }

    /** The platform's own FFM devices under the seal: an epoll wake-up from another thread, entropy, clock. */
    static String platform(EpollReadiness readiness, LinuxEntropy entropy, LinuxClock clock) {
        long before = readiness.wakeups();
        Thread waker = Thread.ofPlatform().start(readiness::wakeup);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (readiness.wakeups() == before && System.nanoTime() < deadline) readiness.poll(1_000_000_000L);
        try {
            waker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long a = entropy.nextLong(), b = entropy.nextLong();
        long t0 = clock.nanoTime(), t1 = clock.nanoTime();
        return "epoll-wakeup " + (readiness.wakeups() > before ? "ok" : "MISSING")
                + " entropy " + (a != b ? "ok" : "SAME") + " clock " + (t1 >= t0 && clock.wallNanos() > 0 ? "ok" : "BAD");
    }

    /** Half a second of real work: allocation, GC, threads of both kinds, JIT-hot code, formatting. */
    static void work(long round) {
        long end = System.nanoTime() + 500_000_000L;
        ConcurrentHashMap<Integer, byte[]> map = new ConcurrentHashMap<>();
        while (System.nanoTime() < end) {
            for (int i = 0; i < 2_000; i++) map.put(i, new byte[1024 + (i & 511)]);
            SINK.addAndGet(IntStream.range(0, 20_000).map(i -> i * 31 ^ (i >>> 3)).filter(i -> (i & 7) != 0).sum());
            SINK.addAndGet(String.format("%d %.2f %s", round, round / 3.0, "x").length());
            map.clear();
        }
        System.gc();
        try {
            Thread p = Thread.ofPlatform().start(() -> SINK.incrementAndGet());
            List<Thread> vts = new ArrayList<>();
            for (int i = 0; i < 50; i++) vts.add(Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                SINK.incrementAndGet();
            }));
            for (Thread t : vts) t.join();
            p.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    interface Action {
        Object run() throws Throwable;
    }

    private static String errnoOf(int result, MemorySegment errno) {
        return result == -1 ? Errno.name(errno.get(JAVA_INT, 0)) : "ok " + result;
    }

    /** "name: refused EPERM (detail)" when refused with EPERM; "name: ALLOWED …" otherwise. */
    private static String attempt(String name, Action action) {
        try {
            Object r = action.run();
            String s = String.valueOf(r);
            return s.startsWith("E") ? name + ": refused " + s : name + ": ALLOWED " + s;
        } catch (Throwable t) {
            String msg = t.getClass().getSimpleName() + ": " + t.getMessage();
            return msg.contains("Operation not permitted") ? name + ": refused EPERM (" + msg + ")" : name + ": FAILED " + msg;
        }
    }
}

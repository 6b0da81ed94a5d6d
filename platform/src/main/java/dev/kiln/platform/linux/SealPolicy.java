package dev.kiln.platform.linux;

import dev.kiln.platform.PlatformException;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a sealed appliance may still ask of the kernel: an allowlist of system calls by x86-64
 * name. Everything else is refused with {@code EPERM}.
 *
 * <p>Some calls are never in the list because the filter decides them by their arguments
 * ({@link #CONDITIONAL}): {@code clone} only for threads ({@code CLONE_THREAD}); {@code clone3}
 * answers {@code ENOSYS} so glibc falls back to {@code clone}; {@code mmap}, {@code mprotect}
 * and {@code pkey_mprotect} only without {@code PROT_EXEC}; {@code tgkill} only to a thread of
 * this process. And some are never allowed ({@link #NEVER}): a policy naming one of them is a
 * mistake and is rejected, so "no exec, no new processes, no files, no sockets" cannot be
 * loosened by accident.
 *
 * @param allowed system calls allowed whatever their arguments (x86-64 names)
 * @param acceptFds listening sockets, bound before the seal, on which {@code accept}/{@code accept4}
 *     stay allowed (the filter compares the descriptor argument); every other accept is refused.
 *     A TCP server on host sockets needs this; no new listening socket can be made after the seal.
 * @param requireCodeCacheFlags refuse to seal unless the JVM committed its whole code cache at
 *     boot ({@link Seal#REQUIRED_JVM_FLAGS}) or runs interpreted only; turn off only in a test
 *     that wants to watch a JVM die
 */
public record SealPolicy(Set<String> allowed, boolean requireCodeCacheFlags, Set<Integer> acceptFds) {
    /** Decided by the filter from the arguments; not allowed to appear in {@link #allowed}. */
    public static final Set<String> CONDITIONAL = Set.of("clone", "clone3", "mmap", "mprotect", "pkey_mprotect", "tgkill");

    /**
     * Refused in every policy: running programs, new processes, opening files, new sockets,
     * new descriptors for kernel objects, touching other processes, and changing the seal.
     */
    public static final Set<String> NEVER = Set.of(
            "execve", "execveat", "fork", "vfork",
            "open", "openat", "openat2", "creat",
            "socket", "socketpair", "accept", "accept4", "bind", "listen", "connect",
            "ptrace", "process_vm_readv", "process_vm_writev", "kill", "tkill",
            "memfd_create", "pipe", "pipe2", "eventfd2", "epoll_create1", "dup", "dup2", "dup3",
            "seccomp");

    /**
     * The allowlist of a serving appliance. Measured with {@code strace -f} on
     * {@code SealedProbe} after the seal (Temurin 25.0.3, glibc 2.36; G1, Parallel and Serial GC;
     * C2, C1-only and {@code -Xint}; UDP echo on a channel bound before the seal; GC, new
     * platform and virtual threads, JIT, {@code String.format}, SIGTERM and shutdown hooks):
     * futex, clock_gettime, clock_nanosleep, sched_yield, sched_getaffinity, getrusage, mmap and
     * mprotect (no exec), madvise, rt_sigprocmask, rt_sigreturn, restart_syscall, gettid,
     * getpid, getppid, clone (threads) after clone3 → ENOSYS, set_robust_list, rseq, prctl
     * (thread names), exit, exit_group, read, write, pread64 (class loading from the jimage and
     * jars opened before the seal), close, epoll_wait, sendto, recvfrom. The rest of the list is
     * the same calls' siblings (readv, ppoll, epoll_pwait, sendmsg, …) and what glibc and HotSpot
     * use on paths the probe did not reach (munmap, mremap, brk, sigaltstack, getrandom, …).
     * Refused but harmless in the measurements: glibc's malloc reading
     * {@code /proc/sys/vm/overcommit_memory} (it assumes the default), and HotSpot deleting its
     * hsperfdata file at exit (use {@code -XX:-UsePerfData}).
     */
    public static final List<String> APPLIANCE_SYSCALLS = List.of(
            // memory (mmap/mprotect without PROT_EXEC are CONDITIONAL)
            "munmap", "mremap", "madvise", "brk", "mincore",
            // threads, signals, scheduling
            "futex", "rt_sigprocmask", "rt_sigreturn", "rt_sigaction", "sigaltstack",
            "set_robust_list", "set_tid_address", "rseq", "exit", "exit_group", "restart_syscall",
            "sched_yield", "sched_getaffinity", "membarrier", "prctl",
            // identity and time
            "gettid", "getpid", "getppid", "clock_gettime", "clock_getres", "gettimeofday",
            "clock_nanosleep", "nanosleep", "getrusage", "sysinfo", "times",
            // I/O on descriptors opened before sealing
            "read", "write", "pread64", "pwrite64", "readv", "writev", "close", "fstat", "newfstatat",
            "lseek", "fcntl", "poll", "ppoll", "epoll_wait", "epoll_pwait", "epoll_ctl",
            // sockets opened and bound before sealing
            "sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg",
            "getsockname", "getpeername", "getsockopt", "shutdown",
            // options on connections accepted after sealing (the JDK sets TCP_NODELAY; see acceptFds)
            "setsockopt",
            // entropy
            "getrandom");

    public SealPolicy {
        allowed = Collections.unmodifiableSet(new TreeSet<>(allowed));
        acceptFds = Collections.unmodifiableSet(new TreeSet<>(acceptFds));
        for (int fd : acceptFds) {
            if (fd < 0) throw new PlatformException("seal policy: accept allowed on descriptor " + fd + ", which is not one");
        }
        for (String name : allowed) {
            if (SyscallTable.x86_64(name).isEmpty())
                throw new PlatformException("seal policy names an unknown system call '" + name
                        + "'; use the x86-64 name from asm/unistd_64.h (e.g. newfstatat, pread64)");
            if (CONDITIONAL.contains(name))
                throw new PlatformException("seal policy lists '" + name
                        + "', which the filter decides by its arguments; remove it from the allowlist");
            if (NEVER.contains(name))
                throw new PlatformException("seal policy allows '" + name
                        + "', which a sealed appliance never may (no exec, processes, files or new sockets)");
        }
    }

    /** The policy for a serving appliance: {@link #APPLIANCE_SYSCALLS}, code-cache flags required. */
    public static SealPolicy appliance() {
        return new SealPolicy(Set.copyOf(APPLIANCE_SYSCALLS), true, Set.of());
    }

    /** This policy with {@code names} allowed as well. */
    public SealPolicy allowing(String... names) {
        Set<String> s = new TreeSet<>(allowed);
        s.addAll(List.of(names));
        return new SealPolicy(s, requireCodeCacheFlags, acceptFds);
    }

    /** This policy with {@code names} refused. */
    public SealPolicy refusing(String... names) {
        Set<String> s = new TreeSet<>(allowed);
        List.of(names).forEach(s::remove);
        return new SealPolicy(s, requireCodeCacheFlags, acceptFds);
    }

    /** This policy without the code-cache check (tests that watch a sealed JVM fail). */
    public SealPolicy withoutCodeCacheCheck() {
        return new SealPolicy(allowed, false, acceptFds);
    }

    /** This policy with {@code accept}/{@code accept4} allowed on the listening sockets {@code fds} only. */
    public SealPolicy acceptingOn(java.util.Collection<Integer> fds) {
        return new SealPolicy(allowed, requireCodeCacheFlags, new TreeSet<>(fds));
    }
}

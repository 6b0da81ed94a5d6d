package dev.kiln.platform.linux;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;

/**
 * x86-64 system call numbers ({@code asm/unistd_64.h}) for the calls a seal policy names: the
 * ones a sealed HotSpot appliance needs, and the ones it refuses by name. A policy names calls,
 * the filter compiler turns names into numbers here, so a typo is an error at seal time.
 */
public final class SyscallTable {
    private static final Map<String, Integer> X86_64 = new LinkedHashMap<>();

    static {
        String table = """
                read 0 write 1 open 2 close 3 stat 4 fstat 5 lstat 6 poll 7 lseek 8 mmap 9 mprotect 10
                munmap 11 brk 12 rt_sigaction 13 rt_sigprocmask 14 rt_sigreturn 15 ioctl 16 pread64 17
                pwrite64 18 readv 19 writev 20 access 21 pipe 22 select 23 sched_yield 24 mremap 25
                msync 26 mincore 27 madvise 28 dup 32 dup2 33 nanosleep 35 getpid 39 socket 41
                connect 42 accept 43 sendto 44 recvfrom 45 sendmsg 46 recvmsg 47 shutdown 48 bind 49
                listen 50 getsockname 51 getpeername 52 socketpair 53 setsockopt 54 getsockopt 55
                clone 56 fork 57 vfork 58 execve 59 exit 60 kill 62 uname 63 fcntl 72 getcwd 79
                creat 85 gettimeofday 96 getrusage 98 sysinfo 99 times 100 ptrace 101 getuid 102
                getgid 104 geteuid 107 getegid 108 getppid 110 sigaltstack 131 getpriority 140
                sched_getparam 143 sched_getscheduler 145 prctl 157 gettid 186 tkill 200 futex 202
                sched_setaffinity 203 sched_getaffinity 204 set_tid_address 218 restart_syscall 219
                clock_gettime 228 clock_getres 229 clock_nanosleep 230 exit_group 231 epoll_wait 232
                epoll_ctl 233 tgkill 234 openat 257 newfstatat 262 pselect6 270 ppoll 271
                set_robust_list 273 epoll_pwait 281 accept4 288 eventfd2 290 epoll_create1 291
                dup3 292 pipe2 293 recvmmsg 299 prlimit64 302 sendmmsg 307 process_vm_readv 310
                process_vm_writev 311 seccomp 317 getrandom 318 memfd_create 319 execveat 322
                membarrier 324 pkey_mprotect 329 statx 332 rseq 334 clone3 435 openat2 437
                epoll_pwait2 441
                """;
        String[] words = table.trim().split("\\s+");
        for (int i = 0; i < words.length; i += 2) X86_64.put(words[i], Integer.parseInt(words[i + 1]));
    }

    private SyscallTable() {}

    /** The x86-64 number of {@code name}, or empty if this table does not know it. */
    public static OptionalInt x86_64(String name) {
        Integer nr = X86_64.get(name);
        return nr == null ? OptionalInt.empty() : OptionalInt.of(nr);
    }

    /** The x86-64 name of {@code nr}, or {@code "syscall NR"}. */
    public static String nameOf(int nr) {
        for (var e : X86_64.entrySet()) if (e.getValue() == nr) return e.getKey();
        return "syscall " + nr;
    }

    /** Every name this table knows, in number order. */
    public static Map<String, Integer> all() {
        return Collections.unmodifiableMap(X86_64);
    }
}

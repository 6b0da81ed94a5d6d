package dev.kiln.platform.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Compiles a {@link SealPolicy} into a classic-BPF seccomp program (x86-64).
 *
 * <p>The program, in order:
 * <pre>
 *   arch != AUDIT_ARCH_X86_64            → KILL_PROCESS   (int 0x80 / i386 numbering: an attack)
 *   nr &gt;= 0x40000000 (x32 ABI)           → ERRNO(EPERM)
 *   nr == clone:  flags &amp; CLONE_THREAD   → ALLOW, else ERRNO(EPERM)   (threads yes, processes no)
 *   nr == clone3                         → ERRNO(ENOSYS)  (glibc falls back to clone)
 *   nr == mmap|mprotect|pkey_mprotect: prot &amp; PROT_EXEC → ERRNO(EPERM), else ALLOW
 *   nr == tgkill: tgid == own pid        → ALLOW, else ERRNO(EPERM)
 *   nr in policy.allowed                 → ALLOW
 *   anything else                        → ERRNO(EPERM)
 * </pre>
 * Each test is a {@code jeq k, 0, n} over a short block that ends in a {@code ret}, so no jump
 * offset grows with the list (BPF jumps are 8-bit). {@code struct sock_filter} is 8 bytes
 * (u16 code, u8 jt, u8 jf, u32 k); arguments are 64-bit in {@code seccomp_data} and the filter
 * reads their low 32 bits (little-endian), which hold every flag it tests.
 */
public final class SeccompFilter {
    // seccomp_data offsets
    static final int DATA_NR = 0, DATA_ARCH = 4, DATA_ARGS = 16;
    public static final int AUDIT_ARCH_X86_64 = 0xC000003E;
    public static final int X32_SYSCALL_BIT = 0x40000000;
    // return values
    public static final int RET_KILL_PROCESS = 0x80000000, RET_ALLOW = 0x7fff0000, RET_ERRNO = 0x00050000;
    // BPF opcodes
    static final int BPF_LD_W_ABS = 0x20, BPF_JMP_JEQ_K = 0x15, BPF_JMP_JGE_K = 0x35, BPF_JMP_JSET_K = 0x45,
            BPF_RET_K = 0x06;
    public static final int CLONE_THREAD = 0x10000, PROT_EXEC = 0x4;
    /** Kernel limit on one program (BPF_MAXINSNS). */
    public static final int MAX_INSNS = 4096;

    /** One instruction; {@code code} u16, {@code jt}/{@code jf} u8, {@code k} u32. */
    public record Insn(int code, int jt, int jf, int k) {
        public Insn {
            if ((code & ~0xffff) != 0 || (jt & ~0xff) != 0 || (jf & ~0xff) != 0)
                throw new IllegalArgumentException("instruction field out of range: " + code + " " + jt + " " + jf);
        }
    }

    private final List<Insn> insns;

    private SeccompFilter(List<Insn> insns) {
        this.insns = List.copyOf(insns);
    }

    /** The program for {@code policy} in a process whose pid is {@code pid}. */
    public static SeccompFilter compile(SealPolicy policy, int pid) {
        List<Insn> p = new ArrayList<>();
        int eperm = RET_ERRNO | Errno.EPERM;
        p.add(ld(DATA_ARCH));
        p.add(jeq(AUDIT_ARCH_X86_64, 1, 0));
        p.add(ret(RET_KILL_PROCESS));
        p.add(ld(DATA_NR));
        p.add(new Insn(BPF_JMP_JGE_K, 0, 1, X32_SYSCALL_BIT));
        p.add(ret(eperm));
        // clone: threads only. Block: ld args[0]; jset CLONE_THREAD; ret allow; ret eperm
        p.add(jeq(nr("clone"), 0, 4));
        p.add(ld(DATA_ARGS));
        p.add(new Insn(BPF_JMP_JSET_K, 0, 1, CLONE_THREAD));
        p.add(ret(RET_ALLOW));
        p.add(ret(eperm));
        p.add(jeq(nr("clone3"), 0, 1));
        p.add(ret(RET_ERRNO | Errno.ENOSYS));
        // no new executable mappings
        for (String name : List.of("mmap", "mprotect", "pkey_mprotect")) {
            p.add(jeq(nr(name), 0, 4));
            p.add(ld(DATA_ARGS + 16)); // args[2] = prot
            p.add(new Insn(BPF_JMP_JSET_K, 0, 1, PROT_EXEC));
            p.add(ret(eperm));
            p.add(ret(RET_ALLOW));
        }
        // signals to our own threads only (HotSpot's handshakes, JFR, thread dumps)
        p.add(jeq(nr("tgkill"), 0, 4));
        p.add(ld(DATA_ARGS)); // args[0] = tgid
        p.add(jeq(pid, 0, 1));
        p.add(ret(RET_ALLOW));
        p.add(ret(eperm));
        // accept only on listening sockets bound before the seal: [ld fd, jeq fd_i..., ret eperm, ret allow]
        List<Integer> fds = List.copyOf(policy.acceptFds());
        if (!fds.isEmpty()) {
            for (String name : List.of("accept", "accept4")) {
                p.add(jeq(nr(name), 0, 1 + fds.size() + 2));
                p.add(ld(DATA_ARGS)); // args[0] = the listening socket
                for (int i = 0; i < fds.size(); i++) p.add(jeq(fds.get(i), fds.size() - i, 0));
                p.add(ret(eperm));
                p.add(ret(RET_ALLOW));
            }
        }
        for (String name : policy.allowed()) {
            p.add(jeq(nr(name), 0, 1));
            p.add(ret(RET_ALLOW));
        }
        p.add(ret(eperm));
        if (p.size() > MAX_INSNS) throw new IllegalStateException("seccomp program too long: " + p.size());
        return new SeccompFilter(p);
    }

    private static int nr(String name) {
        return SyscallTable.x86_64(name).orElseThrow();
    }

    private static Insn ld(int offset) {
        return new Insn(BPF_LD_W_ABS, 0, 0, offset);
    }

    private static Insn jeq(int k, int jt, int jf) {
        return new Insn(BPF_JMP_JEQ_K, jt, jf, k);
    }

    private static Insn ret(int k) {
        return new Insn(BPF_RET_K, 0, 0, k);
    }

    public List<Insn> instructions() {
        return insns;
    }

    /** The program as {@code struct sock_filter[]} in {@code arena}. */
    public MemorySegment encode(Arena arena) {
        MemorySegment seg = arena.allocate(8L * insns.size(), 8);
        for (int i = 0; i < insns.size(); i++) {
            Insn in = insns.get(i);
            long at = 8L * i;
            seg.set(ValueLayout.JAVA_SHORT, at, (short) in.code());
            seg.set(ValueLayout.JAVA_BYTE, at + 2, (byte) in.jt());
            seg.set(ValueLayout.JAVA_BYTE, at + 3, (byte) in.jf());
            seg.set(ValueLayout.JAVA_INT, at + 4, in.k());
        }
        return seg;
    }

    /** {@code struct sock_fprog} (u16 len at 0, pointer at 8) pointing at {@link #encode}. */
    public MemorySegment fprog(Arena arena) {
        MemorySegment prog = encode(arena);
        MemorySegment fprog = arena.allocate(16, 8);
        fprog.set(ValueLayout.JAVA_SHORT, 0, (short) insns.size());
        fprog.set(ValueLayout.ADDRESS, 8, prog);
        return fprog;
    }

    /**
     * Runs the program on one system call, as the kernel would: the verdict
     * ({@code RET_ALLOW}, {@code RET_ERRNO | errno}, {@code RET_KILL_PROCESS}). For tests and
     * for explaining a policy; handles exactly the instructions {@link #compile} emits.
     */
    public int evaluate(int arch, int nr, long... args) {
        int acc = 0;
        for (int pc = 0; pc < insns.size(); pc++) {
            Insn in = insns.get(pc);
            switch (in.code()) {
                case BPF_LD_W_ABS -> acc = load(in.k(), arch, nr, args);
                case BPF_JMP_JEQ_K -> pc += acc == in.k() ? in.jt() : in.jf();
                case BPF_JMP_JGE_K -> pc += Integer.compareUnsigned(acc, in.k()) >= 0 ? in.jt() : in.jf();
                case BPF_JMP_JSET_K -> pc += (acc & in.k()) != 0 ? in.jt() : in.jf();
                case BPF_RET_K -> {
                    return in.k();
                }
                default -> throw new IllegalStateException("unexpected opcode " + in.code());
            }
        }
        throw new IllegalStateException("program fell off its end");
    }

    private static int load(int offset, int arch, int nr, long[] args) {
        if (offset == DATA_NR) return nr;
        if (offset == DATA_ARCH) return arch;
        int i = (offset - DATA_ARGS) / 8;
        long v = i < args.length ? args[i] : 0;
        return (offset - DATA_ARGS) % 8 == 0 ? (int) v : (int) (v >>> 32);
    }
}

package dev.kiln.platform.linux;

import static dev.kiln.platform.linux.SeccompFilter.AUDIT_ARCH_X86_64;
import static dev.kiln.platform.linux.SeccompFilter.RET_ALLOW;
import static dev.kiln.platform.linux.SeccompFilter.RET_ERRNO;
import static dev.kiln.platform.linux.SeccompFilter.RET_KILL_PROCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.platform.PlatformException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The compiled program, run through the same semantics as the kernel's classic BPF. */
class SeccompFilterTest {
    static final int PID = 4242;
    static final int EPERM = RET_ERRNO | Errno.EPERM, ENOSYS = RET_ERRNO | Errno.ENOSYS;
    final SeccompFilter f = SeccompFilter.compile(SealPolicy.appliance(), PID);

    int verdict(String name, long... args) {
        return f.evaluate(AUDIT_ARCH_X86_64, SyscallTable.x86_64(name).orElseThrow(), args);
    }

    @Test
    void everyAllowlistedCallIsAllowed() {
        for (String name : SealPolicy.APPLIANCE_SYSCALLS) assertEquals(RET_ALLOW, verdict(name), name);
    }

    @Test
    void acceptOnlyOnTheListeningSocketsTheSealWasGiven() {
        SeccompFilter g = SeccompFilter.compile(SealPolicy.appliance().acceptingOn(java.util.List.of(7, 12, 40)), PID);
        for (String name : java.util.List.of("accept", "accept4")) {
            int nr = SyscallTable.x86_64(name).orElseThrow();
            for (long fd : new long[] {7, 12, 40}) assertEquals(RET_ALLOW, g.evaluate(AUDIT_ARCH_X86_64, nr, fd, 0, 0, 0x80000), name + " " + fd);
            for (long fd : new long[] {0, 6, 8, 11, 13, 39, 41, 1000}) assertEquals(EPERM, g.evaluate(AUDIT_ARCH_X86_64, nr, fd), name + " " + fd);
        }
        for (String name : SealPolicy.NEVER) { // the rest of NEVER is untouched
            if (!name.startsWith("accept")) assertEquals(EPERM, g.evaluate(AUDIT_ARCH_X86_64, SyscallTable.x86_64(name).orElseThrow(), 7), name);
        }
        for (String name : SealPolicy.APPLIANCE_SYSCALLS) {
            assertEquals(RET_ALLOW, g.evaluate(AUDIT_ARCH_X86_64, SyscallTable.x86_64(name).orElseThrow()), name);
        }
        assertThrows(PlatformException.class, () -> SealPolicy.appliance().acceptingOn(java.util.List.of(-1)));
    }

    @Test
    void everyNeverCallIsRefusedWithEperm() {
        for (String name : SealPolicy.NEVER) assertEquals(EPERM, verdict(name), name);
    }

    @Test
    void unknownCallsAreRefusedWithEperm() {
        assertEquals(EPERM, f.evaluate(AUDIT_ARCH_X86_64, 999));
        assertEquals(EPERM, verdict("ioctl"));
        assertEquals(EPERM, verdict("sched_setaffinity"));
    }

    @Test
    void cloneOnlyForThreads() {
        long glibcThread = 0x3d0f00; // CLONE_VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|PARENT_SETTID|CHILD_CLEARTID
        assertEquals(RET_ALLOW, verdict("clone", glibcThread));
        assertEquals(EPERM, verdict("clone", 0x11 /* SIGCHLD: fork */));
        assertEquals(EPERM, verdict("clone", 0x4111 /* CLONE_VM|CLONE_VFORK|SIGCHLD: posix_spawn */));
        assertEquals(EPERM, verdict("clone", 0xffffffff00000000L /* flag bits only in the high half */));
    }

    @Test
    void clone3AnswersEnosysSoGlibcFallsBack() {
        assertEquals(ENOSYS, verdict("clone3", 0));
    }

    @Test
    void noNewExecutableMappings() {
        int rw = 3, rx = 5, x = 4;
        for (String name : new String[] {"mmap", "mprotect", "pkey_mprotect"}) {
            assertEquals(RET_ALLOW, verdict(name, 0, 4096, rw), name);
            assertEquals(RET_ALLOW, verdict(name, 0, 4096, 0), name);
            assertEquals(EPERM, verdict(name, 0, 4096, rx), name);
            assertEquals(EPERM, verdict(name, 0, 4096, x), name);
            assertEquals(EPERM, verdict(name, 0, 4096, 7), name);
        }
    }

    @Test
    void signalsOnlyToOwnThreads() {
        assertEquals(RET_ALLOW, verdict("tgkill", PID, 4243, 10));
        assertEquals(EPERM, verdict("tgkill", 1, 1, 9));
        assertEquals(EPERM, verdict("kill", PID, 9));
    }

    @Test
    void foreignArchitectureKillsAndX32IsRefused() {
        assertEquals(RET_KILL_PROCESS, f.evaluate(0x40000003 /* AUDIT_ARCH_I386 */, 11 /* i386 execve */));
        assertEquals(RET_KILL_PROCESS, f.evaluate(0xC00000B7 /* AUDIT_ARCH_AARCH64 */, 0));
        assertEquals(EPERM, f.evaluate(AUDIT_ARCH_X86_64, 0x40000000 | 0 /* x32 read */));
        assertEquals(EPERM, f.evaluate(AUDIT_ARCH_X86_64, 0x40000000 | 59));
    }

    @Test
    void encodesStructSockFilterAndFprog() {
        try (Arena arena = Arena.ofConfined()) {
            var prog = f.encode(arena);
            assertEquals(8L * f.instructions().size(), prog.byteSize());
            // first instruction: ld [4] (arch) = code 0x20, k 4
            assertEquals((short) 0x20, prog.get(ValueLayout.JAVA_SHORT, 0));
            assertEquals(4, prog.get(ValueLayout.JAVA_INT, 4));
            // second: jeq AUDIT_ARCH_X86_64, jt 1, jf 0
            assertEquals((short) 0x15, prog.get(ValueLayout.JAVA_SHORT, 8));
            assertEquals(1, prog.get(ValueLayout.JAVA_BYTE, 10));
            assertEquals(0, prog.get(ValueLayout.JAVA_BYTE, 11));
            assertEquals(AUDIT_ARCH_X86_64, prog.get(ValueLayout.JAVA_INT, 12));
            var fprog = f.fprog(arena);
            assertEquals(16, fprog.byteSize());
            assertEquals((short) f.instructions().size(), fprog.get(ValueLayout.JAVA_SHORT, 0));
            assertTrue(fprog.get(ValueLayout.ADDRESS, 8).address() != 0);
        }
        assertTrue(f.instructions().size() < SeccompFilter.MAX_INSNS);
    }

    @Test
    void policiesCannotAllowTheForbiddenOrConditionalOrUnknown() {
        var never = assertThrows(PlatformException.class, () -> SealPolicy.appliance().allowing("execve"));
        assertTrue(never.getMessage().contains("execve"), never.getMessage());
        var cond = assertThrows(PlatformException.class, () -> SealPolicy.appliance().allowing("mmap"));
        assertTrue(cond.getMessage().contains("decides by its arguments"), cond.getMessage());
        var typo = assertThrows(PlatformException.class, () -> new SealPolicy(Set.of("fstat64"), true, Set.of()));
        assertTrue(typo.getMessage().contains("unknown system call 'fstat64'"), typo.getMessage());
    }

    @Test
    void allowingAndRefusingChangeTheProgram() {
        var withIoctl = SeccompFilter.compile(SealPolicy.appliance().allowing("ioctl"), PID);
        assertEquals(RET_ALLOW, withIoctl.evaluate(AUDIT_ARCH_X86_64, 16));
        var noRead = SeccompFilter.compile(SealPolicy.appliance().refusing("read"), PID);
        assertEquals(EPERM, noRead.evaluate(AUDIT_ARCH_X86_64, 0));
    }
}

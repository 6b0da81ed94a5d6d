package dev.kiln.platform.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class LibcTest {
    @Test
    void capturesErrnoOfAFailedOpen() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.newErrnoState(arena);
            assertEquals(-1, Libc.open(errno, arena.allocateFrom("/nonexistent/kiln"), Libc.O_RDONLY));
            assertEquals(Errno.ENOENT, Libc.errno(errno));
            assertEquals(-1, Libc.read(errno, -1, arena.allocate(8), 8));
            assertEquals(Errno.EBADF, Libc.errno(errno));
        }
    }

    @Test
    void hotCallsReadErrnoFromTheThreadsCell() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.newErrnoState(arena);
            MemorySegment buf = arena.allocate(8);
            for (int i = 0; i < 20_000; i++) { // through interpreter, C1 and C2
                long n = Libc.readHot(-1, buf, 8);
                int err = Libc.lastErrno(); // straight after: nothing else may run in between
                assertEquals(-1, n);
                assertEquals(Errno.EBADF, err, "call " + i);
            }
            int efd = Libc.eventfd(errno, 0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
            assertTrue(efd >= 0);
            try {
                long n = Libc.readHot(efd, buf, 8);
                int err = Libc.lastErrno();
                assertEquals(-1, n, "empty eventfd would block");
                assertEquals(Errno.EAGAIN, err);
                n = Libc.writeHot(efd, buf, 2);
                err = Libc.lastErrno();
                assertEquals(-1, n, "eventfd takes 8 bytes only");
                assertEquals(Errno.EINVAL, err);
                buf.set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 1);
                assertEquals(8, Libc.writeHot(efd, buf, 8));
                buf.fill((byte) 0);
                assertEquals(8, Libc.readHot(efd, buf, 8));
                assertEquals(1, buf.get(java.lang.foreign.ValueLayout.JAVA_LONG, 0));
                // System calls take native segments only: a heap segment is refused, not misread.
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> Libc.readHot(efd, MemorySegment.ofArray(new byte[8]), 8));
            } finally {
                Libc.close(efd);
            }
        }
    }

    @Test
    void getrandomBothWays() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.newErrnoState(arena);
            MemorySegment a = arena.allocate(32), b = arena.allocate(32);
            assertEquals(32, Libc.getrandom(errno, a, 32, Libc.GRND_NONBLOCK));
            assertEquals(32, Libc.getrandom(errno, b, 32, 0));
            assertTrue(a.mismatch(b) >= 0, "two draws differ");
            assertTrue(b.mismatch(arena.allocate(32)) >= 0, "blocking draw is not zeros");
        }
    }

    @Test
    void variadicFcntlWorks() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment errno = Libc.newErrnoState(arena);
            int efd = Libc.eventfd(errno, 0, Libc.EFD_CLOEXEC);
            try {
                int flags = Libc.fcntl(errno, efd, Libc.F_GETFL, 0);
                assertEquals(0, flags & Libc.O_NONBLOCK);
                assertEquals(0, Libc.fcntl(errno, efd, Libc.F_SETFL, flags | Libc.O_NONBLOCK));
                assertEquals(Libc.O_NONBLOCK, Libc.fcntl(errno, efd, Libc.F_GETFL, 0) & Libc.O_NONBLOCK);
            } finally {
                Libc.close(efd);
            }
        }
    }
}

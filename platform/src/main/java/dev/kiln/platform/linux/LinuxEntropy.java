package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.kiln.platform.Entropy;
import dev.kiln.platform.PlatformException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@link Entropy} from the kernel's {@code getrandom(2)} (flags 0: the urandom pool, which
 * blocks only until it is first seeded at boot). Short reads and EINTR are retried until the
 * segment is full. Heap and off-heap segments both work. Thread-safe.
 */
public final class LinuxEntropy implements Entropy {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread errno state and an 8-byte buffer for {@link #nextLong()}. */
    private static final class Scratch {
        final Arena arena = Arena.ofAuto();
        final MemorySegment errno = Libc.newErrnoState(arena);
        final MemorySegment word = arena.allocate(8, 8);
    }

    /** @throws PlatformException if native access is denied */
    public LinuxEntropy() {
        NativeAccess.check();
    }

    @Override
    public void fill(MemorySegment dst) {
        fill(dst, SCRATCH.get().errno);
    }

    @Override
    public long nextLong() {
        Scratch s = SCRATCH.get();
        fill(s.word, s.errno);
        return s.word.get(JAVA_LONG, 0);
    }

    private static void fill(MemorySegment dst, MemorySegment errno) {
        long off = 0, size = dst.byteSize();
        while (off < size) {
            long want = Math.min(size - off, 1 << 20);
            long n = Libc.getrandom(errno, dst.asSlice(off, want), want, 0);
            if (n > 0) {
                off += n;
            } else if (n < 0) {
                int err = Libc.errno(errno);
                if (err == Errno.EINTR || err == Errno.EAGAIN) continue;
                if (err == Errno.ENOSYS) throw new PlatformException("this kernel has no getrandom(2); Kiln needs Linux 3.17 or later");
                throw new PlatformException("getrandom failed: " + Errno.describe(err));
            }
        }
    }
}

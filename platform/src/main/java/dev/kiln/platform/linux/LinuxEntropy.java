package dev.kiln.platform.linux;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.kiln.platform.Entropy;
import dev.kiln.platform.PlatformException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * {@link Entropy} from the kernel's {@code getrandom(2)} (the urandom pool). It asks
 * {@code GRND_NONBLOCK} first; only if the pool is not yet seeded (early boot, e.g. in a fresh
 * microVM) does it wait for it. Short reads and EINTR are retried until the segment is full.
 * Heap segments are filled through a per-thread native bounce buffer. Thread-safe.
 */
public final class LinuxEntropy implements Entropy {
    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /** Per-thread errno state and an 8-byte buffer for {@link #nextLong()}. */
    private static final class Scratch {
        final Arena arena = Arena.ofAuto();
        final MemorySegment errno = Libc.newErrnoState(arena);
        final MemorySegment word = arena.allocate(8, 8);
        final MemorySegment bounce = arena.allocate(256, 8);
    }

    /** @throws PlatformException if native access is denied */
    public LinuxEntropy() {
        NativeAccess.check();
    }

    @Override
    public void fill(MemorySegment dst) {
        fill(dst, SCRATCH.get());
    }

    @Override
    public long nextLong() {
        Scratch s = SCRATCH.get();
        fill(s.word, s);
        return s.word.get(JAVA_LONG, 0);
    }

    private static void fill(MemorySegment dst, Scratch s) {
        MemorySegment errno = s.errno;
        long off = 0, size = dst.byteSize();
        while (off < size) {
            long want = Math.min(size - off, 1 << 20);
            MemorySegment into = dst.isNative() ? dst.asSlice(off, want) : s.bounce;
            if (!dst.isNative()) want = Math.min(want, s.bounce.byteSize());
            long n = Libc.getrandom(errno, into, want, Libc.GRND_NONBLOCK);
            if (n > 0 && !dst.isNative()) MemorySegment.copy(s.bounce, 0, dst, off, n);
            if (n > 0) {
                off += n;
            } else if (n < 0) {
                int err = Libc.errno(errno);
                if (err == Errno.EINTR) continue;
                if (err == Errno.EAGAIN) {
                    off += waitForSeed(dst.asSlice(off, Math.min(want, s.bounce.byteSize())), s);
                    continue;
                }
                if (err == Errno.ENOSYS) throw new PlatformException("this kernel has no getrandom(2); Kiln needs Linux 3.17 or later");
                throw new PlatformException("getrandom failed: " + Errno.describe(err));
            }
        }
    }

    /** Blocks until the pool is seeded, then fills {@code dst} (at most the bounce size) from it. */
    private static long waitForSeed(MemorySegment dst, Scratch s) {
        long n;
        do {
            n = Libc.getrandom(s.errno, s.bounce, dst.byteSize(), 0);
        } while (n < 0 && Libc.errno(s.errno) == Errno.EINTR);
        if (n < 0) throw new PlatformException("getrandom failed: " + Errno.describe(Libc.errno(s.errno)));
        MemorySegment.copy(s.bounce, 0, dst, 0, n);
        return n;
    }
}

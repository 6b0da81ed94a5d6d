package dev.kiln.platform;

import java.lang.foreign.MemorySegment;

/** Random bytes: the kernel's getrandom on Linux, a seeded generator in the simulator. */
public interface Entropy {
    /** Fills {@code dst} entirely with random bytes. */
    void fill(MemorySegment dst);

    /** A random long. */
    long nextLong();
}

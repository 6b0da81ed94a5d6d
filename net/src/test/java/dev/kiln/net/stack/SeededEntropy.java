package dev.kiln.net.stack;

import dev.kiln.platform.Entropy;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Deterministic entropy for tests. */
public final class SeededEntropy implements Entropy {
    private final SplittableRandom random;

    public SeededEntropy(long seed) { random = new SplittableRandom(seed); }

    @Override
    public void fill(MemorySegment dst) {
        for (long i = 0; i < dst.byteSize(); i++) dst.set(ValueLayout.JAVA_BYTE, i, (byte) random.nextInt());
    }

    @Override
    public long nextLong() { return random.nextLong(); }
}

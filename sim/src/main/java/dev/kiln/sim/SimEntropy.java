package dev.kiln.sim;

import dev.kiln.platform.Entropy;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;

/** Seeded randomness: same seed, same bytes. Each node gets its own, derived from the master seed. */
public final class SimEntropy implements Entropy {
    private final SplittableRandom random;
    private final long seed;

    public SimEntropy(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
    }

    /** The entropy of node {@code nodeIndex} in the run with master seed {@code masterSeed}. */
    public static SimEntropy forNode(long masterSeed, int nodeIndex) {
        return new SimEntropy(SimSeeds.derive(masterSeed, 1000L + nodeIndex));
    }

    public long seed() {
        return seed;
    }

    @Override
    public void fill(MemorySegment dst) {
        long n = dst.byteSize();
        long i = 0;
        for (; i + 8 <= n; i += 8) dst.set(ValueLayout.JAVA_LONG_UNALIGNED, i, random.nextLong());
        if (i < n) {
            long r = random.nextLong();
            for (; i < n; i++, r >>>= 8) dst.set(ValueLayout.JAVA_BYTE, i, (byte) r);
        }
    }

    @Override
    public long nextLong() {
        return random.nextLong();
    }
}

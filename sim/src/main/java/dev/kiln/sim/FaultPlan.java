package dev.kiln.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What the simulated network does to frames. Every fault is decided per frame and per
 * destination port by draws from the network's seeded stream, in this order:
 * partition → loss → corruption → delay (base + jitter, plus a reordering delay) → duplication
 * (the duplicate gets its own corruption and delay draws).
 *
 * @param lossProb           probability a frame is dropped
 * @param duplicateProb      probability a frame is delivered twice
 * @param reorderProb        probability a frame gets an extra delay in [0, reorderDelayMaxNs],
 *                           so that later frames overtake it
 * @param reorderDelayMaxNs  the largest reordering delay
 * @param baseDelayNs        one-way latency of every frame (at least 1 ns, so a reply is never
 *                           delivered at the instant of its request)
 * @param jitterNs           extra latency, uniform in [0, jitterNs]; jitter reorders too
 * @param corruptProb        probability a frame has bits flipped
 * @param corruptBitsMax     a corrupted frame gets 1..corruptBitsMax random bit flips (distinct bits).
 *                           Keep it 1 when an invariant relies on checksums: the 16-bit one's-complement
 *                           Internet checksum detects every single-bit error but not every
 *                           double one.
 *                           Each frame is corrupted independently, so a datagram sent as several IPv4
 *                           fragments can get several flips, which the checksum may miss.
 * @param corruptScope       which frames and bytes corruption may touch
 * @param partitions         windows of virtual time in which frames between two nodes are dropped
 * @param corruptHow         what a corruption does: flip bits, or replace one random byte by a different value
 *                           (a one-byte change is always caught by the Internet checksum)
 * @param links              per-direction overrides of loss and corruption rates ({@link Link}), first match wins
 * @param burstProb          probability, per frame and direction (src → dst), that a loss burst starts: that frame
 *                           and up to {@code burstLenMax - 1} more frames on the same direction are dropped
 *                           (Gilbert–Elliott style correlated loss)
 * @param burstLenMax        the longest burst, in frames
 */
public record FaultPlan(
        double lossProb,
        double duplicateProb,
        double reorderProb,
        long reorderDelayMaxNs,
        long baseDelayNs,
        long jitterNs,
        double corruptProb,
        int corruptBitsMax,
        CorruptScope corruptScope,
        List<Partition> partitions,
        CorruptHow corruptHow,
        List<Link> links,
        double burstProb,
        int burstLenMax) {

    /** What one corruption does to a frame. */
    public enum CorruptHow {
        /** 1..{@code corruptBitsMax} distinct bit flips. */
        BITS,
        /** One random byte replaced by a different random value. */
        BYTE
    }

    /**
     * Rates for frames from node {@code src} to node {@code dst} (one direction; {@link #ANY} matches every
     * node), replacing the plan's {@code lossProb} and {@code corruptProb} for them.
     */
    public record Link(int src, int dst, double lossProb, double corruptProb) {
        public Link {
            if (src < ANY || dst < ANY) throw new IllegalArgumentException("link nodes must be node indexes or FaultPlan.ANY, got " + src + " -> " + dst);
            checkProb("link lossProb", lossProb);
            checkProb("link corruptProb", corruptProb);
        }

        boolean matches(int s, int d) {
            return (src == ANY || src == s) && (dst == ANY || dst == d);
        }
    }

    /**
     * What corruption may touch. Real links check a frame's FCS and drop it when it fails, so what
     * reaches a host corrupted was corrupted inside a bridge or router, which recomputes the FCS:
     * that is {@link #IPV4}, the default. {@link #FRAME} flips any bit of any frame, as on a link
     * without FCS; ARP has no checksum, so a flipped sender address poisons neighbour caches (until
     * their entries expire), which a liveness phase must then allow for.
     */
    public enum CorruptScope {
        /** Only IPv4 frames (ethertype 0x0800), only bits after the Ethernet header: what the IPv4 and transport checksums must catch. */
        IPV4,
        /** Any bit of any frame. */
        FRAME
    }

    /** A node index meaning "every node" in a {@link Partition}. */
    public static final int ANY = -1;

    /**
     * During [{@code fromNs}, {@code untilNs}) of virtual time, frames between node {@code a} and node
     * {@code b} (both directions) are dropped; {@code b == ANY} cuts {@code a} off from everyone.
     * Decided when a frame is sent.
     */
    public record Partition(int a, int b, long fromNs, long untilNs) {
        public Partition {
            if (a < 0) throw new IllegalArgumentException("partition node a must be a node index >= 0, got " + a);
            if (b < ANY) throw new IllegalArgumentException("partition node b must be a node index or FaultPlan.ANY, got " + b);
            if (untilNs < fromNs) throw new IllegalArgumentException("partition ends (" + untilNs + " ns) before it starts (" + fromNs + " ns)");
        }

        /** Whether a frame from node {@code src} to node {@code dst} sent at {@code nowNs} is cut. */
        public boolean cuts(int src, int dst, long nowNs) {
            if (nowNs < fromNs || nowNs >= untilNs) return false;
            if (b == ANY) return src == a || dst == a;
            return (src == a && dst == b) || (src == b && dst == a);
        }
    }

    public FaultPlan {
        checkProb("lossProb", lossProb);
        checkProb("duplicateProb", duplicateProb);
        checkProb("reorderProb", reorderProb);
        checkProb("corruptProb", corruptProb);
        if (reorderDelayMaxNs < 0) throw new IllegalArgumentException("reorderDelayMaxNs must be >= 0, got " + reorderDelayMaxNs);
        if (baseDelayNs < 1) throw new IllegalArgumentException("baseDelayNs must be >= 1 ns, got " + baseDelayNs);
        if (jitterNs < 0) throw new IllegalArgumentException("jitterNs must be >= 0, got " + jitterNs);
        if (corruptBitsMax < 1) throw new IllegalArgumentException("corruptBitsMax must be >= 1, got " + corruptBitsMax);
        if (corruptScope == null) throw new IllegalArgumentException("corruptScope is required (IPV4 or FRAME)");
        partitions = List.copyOf(partitions);
        if (corruptHow == null) throw new IllegalArgumentException("corruptHow is required (BITS or BYTE)");
        links = List.copyOf(links);
        checkProb("burstProb", burstProb);
        if (burstLenMax < 1) throw new IllegalArgumentException("burstLenMax must be >= 1, got " + burstLenMax);
    }

    /** The legacy shape: bit-flip corruption, no per-direction rates, no loss bursts. */
    public FaultPlan(double lossProb, double duplicateProb, double reorderProb, long reorderDelayMaxNs, long baseDelayNs, long jitterNs,
                     double corruptProb, int corruptBitsMax, CorruptScope corruptScope, List<Partition> partitions) {
        this(lossProb, duplicateProb, reorderProb, reorderDelayMaxNs, baseDelayNs, jitterNs, corruptProb, corruptBitsMax, corruptScope,
                partitions, CorruptHow.BITS, List.of(), 0, 1);
    }

    /** The loss probability for a frame from {@code src} to {@code dst}. */
    public double lossProb(int src, int dst) {
        for (Link l : links) if (l.matches(src, dst)) return l.lossProb;
        return lossProb;
    }

    /** The corruption probability for a frame from {@code src} to {@code dst}. */
    public double corruptProb(int src, int dst) {
        for (Link l : links) if (l.matches(src, dst)) return l.corruptProb;
        return corruptProb;
    }

    private static void checkProb(String name, double p) {
        if (!(p >= 0.0 && p <= 1.0)) throw new IllegalArgumentException(name + " must be a probability in [0, 1], got " + p);
    }

    /** A perfect network: 100 µs latency, nothing else. */
    public static FaultPlan none() {
        return builder().build();
    }

    /** The same latency, without loss, duplication, reordering, corruption or partitions: the liveness phase. */
    public FaultPlan healed() {
        return new FaultPlan(0, 0, 0, 0, baseDelayNs, jitterNs, 0, 1, corruptScope, List.of(), corruptHow, List.of(), 0, 1);
    }

    /** Whether frames from {@code src} to {@code dst} sent at {@code nowNs} are cut by a partition. */
    public boolean partitioned(int src, int dst, long nowNs) {
        for (Partition p : partitions) if (p.cuts(src, dst, nowNs)) return true;
        return false;
    }

    /** {@link #random(long, int, long)} for 4 nodes and a 10 s safety phase. */
    public static FaultPlan random(long seed) {
        return random(seed, 4, 10_000_000_000L);
    }

    /**
     * A plan picked from {@code seed}: each fault is on or off, and its rate drawn, so a seed fixes
     * both the plan and (through the {@link Simulation}) every draw. Rates are moderate enough that a
     * protocol with retries still makes progress; partitions fall within
     * [{@link SimClock#START_NS}, {@code START_NS + safetyNs}) and name nodes {@code 0..nodeCount-1}.
     * Corruption flips one bit per frame (see {@link #corruptBitsMax}) of IPv4 packets only (see {@link CorruptScope}).
     */
    public static FaultPlan random(long seed, int nodeCount, long safetyNs) {
        SplittableRandom r = new SplittableRandom(SimSeeds.derive(seed, 1));
        Builder b = builder();
        if (r.nextInt(4) != 0) b.loss(r.nextDouble(0.0, 0.3));
        if (r.nextInt(3) == 0) b.duplicate(r.nextDouble(0.0, 0.2));
        if (r.nextInt(2) == 0) b.reorder(r.nextDouble(0.0, 0.3), 1_000L * r.nextLong(1, 50_000));
        b.delay(1_000L * r.nextLong(1, 5_000), r.nextInt(2) == 0 ? 0 : 1_000L * r.nextLong(1, 2_000));
        if (r.nextInt(2) == 0) b.corrupt(r.nextDouble(0.0, 0.2), 1);
        if (nodeCount >= 2 && safetyNs > 0 && r.nextInt(2) == 0) {
            int n = r.nextInt(1, 4);
            for (int i = 0; i < n; i++) {
                int a = r.nextInt(nodeCount);
                int other = r.nextInt(nodeCount);
                int bnode = other == a || r.nextInt(3) == 0 ? ANY : other;
                long from = SimClock.START_NS + r.nextLong(safetyNs);
                long len = r.nextLong(1, Math.max(2, safetyNs / 4));
                b.partition(a, bnode, from, Math.min(from + len, SimClock.START_NS + safetyNs));
            }
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.lossProb = lossProb;
        b.duplicateProb = duplicateProb;
        b.reorderProb = reorderProb;
        b.reorderDelayMaxNs = reorderDelayMaxNs;
        b.baseDelayNs = baseDelayNs;
        b.jitterNs = jitterNs;
        b.corruptProb = corruptProb;
        b.corruptBitsMax = corruptBitsMax;
        b.corruptScope = corruptScope;
        b.partitions.addAll(partitions);
        b.corruptHow = corruptHow;
        b.links.addAll(links);
        b.burstProb = burstProb;
        b.burstLenMax = burstLenMax;
        return b;
    }

    /** Builds a {@link FaultPlan}; defaults are a perfect network with 100 µs latency. */
    public static final class Builder {
        private double lossProb, duplicateProb, reorderProb, corruptProb;
        private long reorderDelayMaxNs, jitterNs;
        private long baseDelayNs = 100_000;
        private int corruptBitsMax = 1;
        private CorruptScope corruptScope = CorruptScope.IPV4;
        private final List<Partition> partitions = new ArrayList<>();
        private CorruptHow corruptHow = CorruptHow.BITS;
        private final List<Link> links = new ArrayList<>();
        private double burstProb;
        private int burstLenMax = 1;

        private Builder() {}

        /** Corruption replaces one random byte instead of flipping bits (see {@link CorruptHow#BYTE}). */
        public Builder corruptHow(CorruptHow how) { corruptHow = how; return this; }

        /** Loss and corruption rates for frames from {@code src} to {@code dst} only (see {@link Link}). */
        public Builder link(int src, int dst, double lossProb, double corruptProb) { links.add(new Link(src, dst, lossProb, corruptProb)); return this; }

        /** Loss bursts: each frame starts one with probability {@code prob}, of 1..{@code lenMax} frames on its direction. */
        public Builder bursts(double prob, int lenMax) { burstProb = prob; burstLenMax = lenMax; return this; }

        public Builder loss(double prob) { lossProb = prob; return this; }

        public Builder duplicate(double prob) { duplicateProb = prob; return this; }

        public Builder reorder(double prob, long delayMaxNs) { reorderProb = prob; reorderDelayMaxNs = delayMaxNs; return this; }

        public Builder delay(long baseNs, long jitterNs) { this.baseDelayNs = baseNs; this.jitterNs = jitterNs; return this; }

        /** Corrupts IPv4 packets (see {@link CorruptScope#IPV4}) with probability {@code prob}, 1..bitsMax bits each. */
        public Builder corrupt(double prob, int bitsMax) { corruptProb = prob; corruptBitsMax = bitsMax; return this; }

        public Builder corruptScope(CorruptScope scope) { corruptScope = scope; return this; }

        public Builder partition(int a, int b, long fromNs, long untilNs) { partitions.add(new Partition(a, b, fromNs, untilNs)); return this; }

        public FaultPlan build() {
            return new FaultPlan(lossProb, duplicateProb, reorderProb, reorderDelayMaxNs, baseDelayNs, jitterNs,
                    corruptProb, corruptBitsMax, corruptScope, partitions, corruptHow, links, burstProb, burstLenMax);
        }
    }
}

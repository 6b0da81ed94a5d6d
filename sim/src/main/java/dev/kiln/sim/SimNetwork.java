package dev.kiln.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * One simulated Ethernet segment: a switch with {@link SimNetDevice} ports. By default it learns
 * source MACs and forwards unicast to the learned port, flooding unknown destinations; broadcast and
 * multicast go to every other port. As a hub ({@link #hub(boolean)}) it sends every frame to every
 * other port.
 *
 * <p>Each (frame, destination) pair is put through the {@link FaultPlan} with draws from the
 * network's own seeded stream and then waits in the delivery queue, ordered by delivery time and,
 * for equal times, by a sequence number, so a run is a function of its seed. {@link #traceHash()}
 * summarises every delivery (time, port, bytes).
 */
public final class SimNetwork {
    public static final int MTU_DEFAULT = 1500;
    public static final int RX_QUEUE_MAX_DEFAULT = 256;

    /** Fates of a frame at one destination, in the event log. */
    public enum Fate { DELIVERED, LOST, PARTITIONED, RX_QUEUE_FULL, FILTERED }

    private record Delivery(long atNs, long seq, SimNetDevice dst, int srcNode, byte[] frame) {}

    private final SimClock clock;
    private final SplittableRandom random;
    private FaultPlan plan;
    private boolean hub;
    private final List<SimNetDevice> ports = new ArrayList<>();
    private final Map<Long, SimNetDevice> macTable = new HashMap<>();
    private final Map<Integer, Integer> burstLeft = new HashMap<>();
    private final PriorityQueue<Delivery> queue = new PriorityQueue<>((x, y) ->
            x.atNs != y.atNs ? Long.compare(x.atNs, y.atNs) : Long.compare(x.seq, y.seq));
    private long seq;
    private long traceHash = 0xcbf29ce484222325L;
    private int inFlightHighWater;

    private long sent, delivered, lost, bursts, partitioned, duplicated, reordered, corrupted, rxQueueFull, flooded, filtered;

    private static final int LOG_SIZE = 64;
    private final long[] logTime = new long[LOG_SIZE];
    private final int[] logSrc = new int[LOG_SIZE], logDst = new int[LOG_SIZE], logLen = new int[LOG_SIZE];
    private final Fate[] logFate = new Fate[LOG_SIZE];
    private long logCount;
    private PcapWriter capture;
    /** The last frames delivered, kept to be written as a pcap when a run fails ({@link #writeTail}). */
    public static final int TAIL_FRAMES = 4096;
    private final byte[][] tailFrames = new byte[TAIL_FRAMES][];
    private final long[] tailWallNs = new long[TAIL_FRAMES];
    private long tailCount;

    /**
     * @param clock the virtual clock deliveries are timed by
     * @param seed  the seed of the network's fault draws (derive it from the master seed)
     * @param plan  the faults to apply
     */
    public SimNetwork(SimClock clock, long seed, FaultPlan plan) {
        this.clock = clock;
        this.random = new SplittableRandom(seed);
        this.plan = plan;
    }

    /** Attaches a port for node {@code node} with a default MAC (02:00:00:00:pp:pp), MTU 1500 and rx queue. */
    public SimNetDevice attach(int node) {
        return attach(node, 0x02_00_00_00_00_00L + ports.size() + 1, MTU_DEFAULT, RX_QUEUE_MAX_DEFAULT);
    }

    public SimNetDevice attach(int node, long mac, int mtu, int rxQueueMax) {
        if (mtu < 68 || mtu > 65535) throw new IllegalArgumentException("mtu must be in [68, 65535], got " + mtu);
        if (rxQueueMax < 1) throw new IllegalArgumentException("rxQueueMax must be >= 1, got " + rxQueueMax);
        if ((mac >>> 48) != 0) throw new IllegalArgumentException("mac must fit in 48 bits, got 0x" + Long.toHexString(mac));
        SimNetDevice d = new SimNetDevice(this, ports.size(), node, mac, mtu, rxQueueMax);
        ports.add(d);
        return d;
    }

    public List<SimNetDevice> ports() {
        return Collections.unmodifiableList(ports);
    }

    /** Sends every frame to every other port instead of learning MACs. */
    public SimNetwork hub(boolean hub) {
        this.hub = hub;
        return this;
    }

    public FaultPlan plan() {
        return plan;
    }

    /** Replaces the plan for frames sent from now on; frames in flight keep their fate. */
    public void setPlan(FaultPlan plan) {
        this.plan = plan;
    }

    /** Ends every fault for frames sent from now on (the liveness phase): see {@link FaultPlan#healed()}. */
    public void heal() {
        plan = plan.healed();
    }

    /** Records every delivered frame to {@code pcap} from now on (null stops recording). */
    public void capture(PcapWriter pcap) {
        this.capture = pcap;
    }

    public PcapWriter capture() {
        return capture;
    }

    /** When the next frame is due, or {@link Long#MAX_VALUE}. */
    public long nextDeliveryNs() {
        Delivery d = queue.peek();
        return d == null ? Long.MAX_VALUE : d.atNs;
    }

    /** Frames in flight. */
    public int inFlight() {
        return queue.size();
    }

    public int inFlightHighWater() {
        return inFlightHighWater;
    }

    /** A running 64-bit hash over every delivered frame with its time and port. */
    public long traceHash() {
        return traceHash;
    }

    /** Moves every frame due by {@code nowNs} into its device's rx queue. @return frames moved */
    public int deliverDue(long nowNs) {
        int n = 0;
        Delivery d;
        while ((d = queue.peek()) != null && d.atNs <= nowNs) {
            queue.poll();
            n++;
            if (d.dst.enqueue(d.frame)) {
                delivered++;
                hash(d.atNs, d.dst.port(), d.frame);
                if (capture != null) capture.write(clock.wallNanos(), d.frame);
                int t = (int) (tailCount++ % TAIL_FRAMES);
                tailFrames[t] = d.frame; // frames are never changed once scheduled: keeping the reference is enough
                tailWallNs[t] = clock.wallNanos();
                log(d.atNs, d.srcNode, d.dst.node(), d.frame.length, Fate.DELIVERED);
            } else {
                rxQueueFull++;
                log(d.atNs, d.srcNode, d.dst.node(), d.frame.length, Fate.RX_QUEUE_FULL);
            }
        }
        return n;
    }

    void send(SimNetDevice src, byte[] frame) {
        sent++;
        long now = clock.nanoTime();
        boolean multicast = (frame[0] & 1) != 0;
        long srcMac = mac(frame, 6);
        if (!hub && (frame[6] & 1) == 0) macTable.put(srcMac, src);
        SimNetDevice known = hub || multicast ? null : macTable.get(mac(frame, 0));
        if (known != null) {
            if (known == src) {
                filtered++;
                log(now, src.node(), src.node(), frame.length, Fate.FILTERED);
            } else {
                toPort(src, known, frame, now);
            }
            return;
        }
        if (!multicast) flooded++;
        for (SimNetDevice dst : ports) if (dst != src) toPort(src, dst, frame, now);
    }

    private void toPort(SimNetDevice src, SimNetDevice dst, byte[] frame, long now) {
        if (plan.partitioned(src.node(), dst.node(), now)) {
            partitioned++;
            log(now, src.node(), dst.node(), frame.length, Fate.PARTITIONED);
            return;
        }
        double loss = plan.lossProb(src.node(), dst.node());
        if ((loss > 0 && random.nextDouble() < loss) || inBurst(src.node(), dst.node())) {
            lost++;
            log(now, src.node(), dst.node(), frame.length, Fate.LOST);
            return;
        }
        schedule(src, dst, frame, now);
        if (plan.duplicateProb() > 0 && random.nextDouble() < plan.duplicateProb()) {
            duplicated++;
            schedule(src, dst, frame, now);
        }
    }

    private void schedule(SimNetDevice src, SimNetDevice dst, byte[] frame, long now) {
        byte[] f = frame;
        boolean eligible = plan.corruptScope() == FaultPlan.CorruptScope.FRAME
                || (frame.length > 14 && frame[12] == 0x08 && frame[13] == 0x00);
        double corrupt = plan.corruptProb(src.node(), dst.node());
        if (eligible && corrupt > 0 && random.nextDouble() < corrupt) {
            corrupted++;
            f = frame.clone();
            int from = plan.corruptScope() == FaultPlan.CorruptScope.FRAME ? 0 : 14 * 8;
            if (plan.corruptHow() == FaultPlan.CorruptHow.BYTE) {
                f[from / 8 + random.nextInt(f.length - from / 8)] ^= (byte) (1 + random.nextInt(255)); // never the same value
            } else {
                flipBits(f, from);
            }
        }
        long delay = plan.baseDelayNs();
        if (plan.jitterNs() > 0) delay += random.nextLong(plan.jitterNs() + 1);
        if (plan.reorderProb() > 0 && random.nextDouble() < plan.reorderProb()) {
            reordered++;
            if (plan.reorderDelayMaxNs() > 0) delay += random.nextLong(plan.reorderDelayMaxNs() + 1);
        }
        queue.add(new Delivery(now + delay, seq++, dst, src.node(), f));
        if (queue.size() > inFlightHighWater) inFlightHighWater = queue.size();
    }

    /** 1..corruptBitsMax distinct bit flips at or after bit {@code from}, so that flips never undo each other. */
    private void flipBits(byte[] f, int from) {
        int bits = f.length * 8 - from;
        int flips = Math.min(bits, plan.corruptBitsMax() == 1 ? 1 : 1 + random.nextInt(plan.corruptBitsMax()));
        int[] done = new int[flips];
        for (int i = 0; i < flips; i++) {
            int bit;
            boolean again;
            do {
                bit = from + random.nextInt(bits);
                again = false;
                for (int j = 0; j < i; j++) again |= done[j] == bit;
            } while (again);
            done[i] = bit;
            f[bit >>> 3] ^= (byte) (1 << (bit & 7));
        }
    }

    /** Whether a loss burst on the direction src → dst drops this frame (starting one with {@code burstProb}). */
    private boolean inBurst(int src, int dst) {
        if (plan.burstProb() <= 0) return false;
        int key = src * 65_536 + dst;
        int left = burstLeft.getOrDefault(key, 0);
        if (left == 0 && random.nextDouble() < plan.burstProb()) left = 1 + random.nextInt(plan.burstLenMax());
        if (left == 0) return false;
        burstLeft.put(key, left - 1);
        bursts++;
        return true;
    }

    private void hash(long atNs, int port, byte[] frame) {
        long h = SimSeeds.mix64(traceHash ^ atNs) ^ port;
        for (byte b : frame) h = (h ^ (b & 0xff)) * 0x100000001b3L;
        traceHash = SimSeeds.mix64(h ^ frame.length);
    }

    private void log(long t, int src, int dst, int len, Fate fate) {
        int i = (int) (logCount++ % LOG_SIZE);
        logTime[i] = t;
        logSrc[i] = src;
        logDst[i] = dst;
        logLen[i] = len;
        logFate[i] = fate;
    }

    /** Writes the last {@value #TAIL_FRAMES} delivered frames (oldest first) to {@code pcap}. @return how many */
    public int writeTail(PcapWriter pcap) {
        long n = Math.min(TAIL_FRAMES, tailCount);
        for (long k = tailCount - n; k < tailCount; k++) {
            int i = (int) (k % TAIL_FRAMES);
            pcap.write(tailWallNs[i], tailFrames[i]);
        }
        pcap.close();
        return (int) n;
    }

    /** The last few frame events (oldest first), for failure messages. */
    public List<String> recentEvents(int max) {
        List<String> out = new ArrayList<>();
        long n = Math.min(Math.min(max, LOG_SIZE), logCount);
        for (long k = logCount - n; k < logCount; k++) {
            int i = (int) (k % LOG_SIZE);
            out.add("t=" + logTime[i] + " node " + logSrc[i] + " -> node " + logDst[i] + " " + logLen[i] + " B " + logFate[i]);
        }
        return out;
    }

    public Map<String, Long> counters() {
        Map<String, Long> c = new LinkedHashMap<>();
        c.put("sent", sent);
        c.put("delivered", delivered);
        c.put("lost", lost);
        c.put("lostInBursts", bursts);
        c.put("partitioned", partitioned);
        c.put("duplicated", duplicated);
        c.put("reordered", reordered);
        c.put("corrupted", corrupted);
        c.put("rxQueueFull", rxQueueFull);
        c.put("flooded", flooded);
        c.put("filtered", filtered);
        c.put("inFlight", (long) queue.size());
        c.put("inFlightHighWater", (long) inFlightHighWater);
        return c;
    }

    private static long mac(byte[] f, int off) {
        long m = 0;
        for (int i = 0; i < 6; i++) m = (m << 8) | (f[off + i] & 0xff);
        return m;
    }

    static String formatMac(long mac) {
        StringBuilder sb = new StringBuilder(17);
        for (int i = 5; i >= 0; i--) {
            int b = (int) (mac >>> (8 * i)) & 0xff;
            if (sb.length() > 0) sb.append(':');
            if (b < 16) sb.append('0');
            sb.append(Integer.toHexString(b));
        }
        return sb.toString();
    }
}

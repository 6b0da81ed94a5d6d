package dev.kiln.sim;

import dev.kiln.platform.Agent;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** Test agent: sends a numbered frame to each target every {@code periodNs} until {@code count}, and records what it receives. */
final class Blaster implements Agent {
    record Received(long seq, long sentNs, long atNs, long srcMac, boolean intact) {}

    private final SimNetDevice dev;
    private final long[] targets;
    private final long periodNs;
    private final long count;
    private long nextNs;
    private long sent;
    final List<Received> received = new ArrayList<>();
    private final MemorySegment rx = Arena.ofAuto().allocate(1514);
    boolean read = true;

    Blaster(SimNetDevice dev, long startNs, long periodNs, long count, long... targets) {
        this.dev = dev;
        this.targets = targets;
        this.periodNs = periodNs;
        this.count = count;
        this.nextNs = count == 0 ? NEVER : startNs;
    }

    long sent() { return sent; }

    @Override
    public int doWork(long nowNs) {
        int work = 0;
        if (read) {
            int len;
            while ((len = dev.receive(rx)) > 0) {
                boolean ok = RawFrames.intact(rx, len);
                received.add(new Received(RawFrames.seq(rx), RawFrames.sentNs(rx), nowNs, RawFrames.srcMac(rx), ok));
                work++;
            }
        }
        while (nextNs <= nowNs) {
            for (long t : targets) {
                RawFrames.write(dev.txBuffer(), t, dev.mac(), sent, nowNs, 0);
                dev.transmit(RawFrames.LEN);
            }
            sent++;
            work++;
            nextNs = sent >= count ? NEVER : nextNs + periodNs;
        }
        return work;
    }

    @Override
    public long pollAtNs() {
        return nextNs;
    }
}

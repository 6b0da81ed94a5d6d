package dev.kiln.sim;

import dev.kiln.platform.Agent;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Test agent: at random intervals sends a random-length frame of random bytes to a random peer (all from its node's entropy); drains its device. */
final class Chatter implements Agent {
    private final SimNode node;
    private final long[] peers;
    private final long untilNs;
    private long nextNs;
    private final MemorySegment rx = Arena.ofAuto().allocate(1514);
    long received, receivedBytes;

    Chatter(SimNode node, long untilNs, long... peers) {
        this.node = node;
        this.peers = peers;
        this.untilNs = untilNs;
        this.nextNs = SimClock.START_NS + Math.floorMod(node.entropy().nextLong(), 1_000_000L);
    }

    @Override
    public int doWork(long nowNs) {
        int work = 0;
        int len;
        while ((len = node.device().receive(rx)) > 0) {
            received++;
            receivedBytes += len;
            work++;
        }
        while (nextNs <= nowNs) {
            long r = node.entropy().nextLong();
            long dst = peers[(int) Math.floorMod(r, (long) peers.length)];
            int n = 14 + (int) Math.floorMod(r >>> 16, 1500L);
            MemorySegment tx = node.device().txBuffer();
            node.entropy().fill(tx.asSlice(0, n));
            RawFrames.putMac(tx, 0, dst);
            RawFrames.putMac(tx, 6, node.device().mac());
            node.device().transmit(n);
            work++;
            nextNs += 1 + Math.floorMod(node.entropy().nextLong(), 2_000_000L);
            if (nextNs > untilNs) nextNs = NEVER;
        }
        return work;
    }

    @Override
    public long pollAtNs() {
        return nextNs;
    }
}

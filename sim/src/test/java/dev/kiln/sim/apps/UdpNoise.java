package dev.kiln.sim.apps;

import dev.kiln.net.NetStack;
import dev.kiln.net.UdpSocket;
import dev.kiln.platform.Agent;
import dev.kiln.platform.Entropy;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * A hostile client on its own stack: at random intervals until {@code untilNs} sends the server
 * datagrams that pass every checksum but carry hostile payloads: random bytes, or one of the
 * {@code seeds} (valid requests) with random bytes overwritten, truncated or extended. Answers are
 * ignored. Everything is drawn from the given entropy.
 */
public final class UdpNoise implements Agent {
    private final UdpSocket socket;
    private final Entropy entropy;
    private final int dstAddr, dstPort;
    private final List<byte[]> seeds;
    private final long untilNs, meanGapNs;
    private final MemorySegment tx = Arena.ofAuto().allocate(1472);
    private long nextNs;
    private long sent, answers;

    public UdpNoise(NetStack stack, int localPort, Entropy entropy, int dstAddr, int dstPort, List<byte[]> seeds,
                    long startNs, long untilNs, long meanGapNs) {
        this.entropy = entropy;
        this.dstAddr = dstAddr;
        this.dstPort = dstPort;
        this.seeds = seeds;
        this.untilNs = untilNs;
        this.meanGapNs = meanGapNs;
        this.nextNs = startNs;
        this.socket = stack.udpBind(localPort, (s, src, sp, payload, reply) -> {
            answers++;
            return 0;
        });
    }

    public long sent() { return sent; }

    public long answers() { return answers; }

    @Override
    public int doWork(long nowNs) {
        int work = 0;
        while (nextNs <= nowNs) {
            long r = entropy.nextLong();
            int len;
            if (seeds.isEmpty() || (r & 3) == 0) {
                len = (int) Math.floorMod(r >>> 8, 600L);
                entropy.fill(tx.asSlice(0, len));
            } else {
                byte[] s = seeds.get((int) Math.floorMod(r >>> 8, (long) seeds.size()));
                len = Math.clamp(s.length + (int) Math.floorMod(r >>> 24, 9L) - 4, 0, (int) tx.byteSize());
                MemorySegment.copy(s, 0, tx, ValueLayout.JAVA_BYTE, 0, Math.min(len, s.length));
                if (len > s.length) entropy.fill(tx.asSlice(s.length, len - s.length));
                int edits = 1 + (int) Math.floorMod(r >>> 32, 4L);
                for (int i = 0; i < edits && len > 0; i++) {
                    long e = entropy.nextLong();
                    tx.set(ValueLayout.JAVA_BYTE, Math.floorMod(e, (long) len), (byte) (e >>> 32));
                }
            }
            socket.sendTo(dstAddr, dstPort, tx, len);
            sent++;
            work++;
            nextNs += 1 + Math.floorMod(entropy.nextLong(), 2 * meanGapNs);
            if (nextNs > untilNs) nextNs = NEVER;
        }
        return work;
    }

    @Override
    public long pollAtNs() {
        return nextNs;
    }
}

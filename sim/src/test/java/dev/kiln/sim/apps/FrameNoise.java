package dev.kiln.sim.apps;

import dev.kiln.platform.Agent;
import dev.kiln.sim.SimNode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A hostile node without a stack: at random intervals until {@code untilNs} sends frames of random
 * bytes behind a plausible Ethernet header (to a victim MAC or broadcast; IPv4 or ARP ethertype, and
 * for IPv4 a plausible version/IHL byte), so the victims' parsers see hostile input. Everything is
 * drawn from the node's entropy. Drains (and ignores) what it receives.
 */
public final class FrameNoise implements Agent {
    private final SimNode node;
    private final long[] victims;
    private final long untilNs, meanGapNs;
    private final MemorySegment rx = Arena.ofAuto().allocate(1514);
    private long nextNs;
    private long sent;

    public FrameNoise(SimNode node, long startNs, long untilNs, long meanGapNs, long... victimMacs) {
        this.node = node;
        this.victims = victimMacs;
        this.untilNs = untilNs;
        this.meanGapNs = meanGapNs;
        this.nextNs = startNs;
    }

    public long sent() {
        return sent;
    }

    @Override
    public int doWork(long nowNs) {
        int work = 0;
        while (node.device().receive(rx) > 0) work++;
        while (nextNs <= nowNs) {
            long r = node.entropy().nextLong();
            int len = 14 + (int) Math.floorMod(r, 1501L);
            MemorySegment f = node.device().txBuffer();
            node.entropy().fill(f.asSlice(0, len));
            long dst = (r >>> 20) % 4 == 0 || victims.length == 0 ? 0xffff_ffff_ffffL : victims[(int) Math.floorMod(r >>> 24, (long) victims.length)];
            putMac(f, 0, dst);
            putMac(f, 6, node.device().mac());
            boolean arp = (r >>> 40) % 4 == 0;
            f.set(ValueLayout.JAVA_BYTE, 12, (byte) 0x08);
            f.set(ValueLayout.JAVA_BYTE, 13, (byte) (arp ? 0x06 : 0x00));
            if (!arp && len > 14 && (r >>> 44) % 2 == 0) f.set(ValueLayout.JAVA_BYTE, 14, (byte) 0x45);
            node.device().transmit(len);
            sent++;
            work++;
            nextNs += 1 + Math.floorMod(node.entropy().nextLong(), 2 * meanGapNs);
            if (nextNs > untilNs) nextNs = NEVER;
        }
        return work;
    }

    @Override
    public long pollAtNs() {
        return nextNs;
    }

    private static void putMac(MemorySegment f, int off, long mac) {
        for (int i = 0; i < 6; i++) f.set(ValueLayout.JAVA_BYTE, off + i, (byte) (mac >>> (8 * (5 - i))));
    }
}

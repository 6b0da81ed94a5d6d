package dev.kiln.sim.apps;

import dev.kiln.platform.Agent;
import dev.kiln.sim.SimNode;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A hostile node that sends a victim IPv4 fragments with valid header checksums and hostile
 * shapes: random identifications from a small set (so they collide), offsets anywhere up to the
 * 65535-byte limit and beyond, lengths that are and are not multiples of 8, more-fragments set or
 * not, overlapping and tiny pieces, UDP or another protocol, random payload. It exercises the
 * victim's reassembly limits; drawn from the node's entropy; it never answers ARP (it knows the
 * victim's MAC).
 */
public final class FragmentNoise implements Agent {
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.BIG_ENDIAN);

    private final SimNode node;
    private final long victimMac;
    private final int victimAddr, srcAddr;
    private final long untilNs, meanGapNs;
    private final MemorySegment rx = Arena.ofAuto().allocate(1514);
    private long nextNs;
    private long sent;

    public FragmentNoise(SimNode node, int srcAddr, long victimMac, int victimAddr, long startNs, long untilNs, long meanGapNs) {
        this.node = node;
        this.srcAddr = srcAddr;
        this.victimMac = victimMac;
        this.victimAddr = victimAddr;
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
            long r2 = node.entropy().nextLong();
            int len = (r & 1) == 0 ? 8 * (int) Math.floorMod(r >>> 1, 180L) : (int) Math.floorMod(r >>> 1, 1481L);
            int offset8 = (r >>> 12 & 3) == 0 ? 0 : (int) Math.floorMod(r >>> 14, 8192L);
            if ((r >>> 28 & 3) == 0) offset8 = (int) Math.floorMod(r >>> 30, 200L); // mostly near the start: overlaps
            boolean mf = (r >>> 40 & 3) != 0;
            int id = (int) Math.floorMod(r2, 24L);
            int proto = (r2 >>> 8 & 7) == 0 ? 6 : 17;
            MemorySegment f = node.device().txBuffer();
            node.entropy().fill(f.asSlice(34, len));
            putMac(f, 0, victimMac);
            putMac(f, 6, node.device().mac());
            f.set(BE16, 12, (short) 0x0800);
            f.set(ValueLayout.JAVA_BYTE, 14, (byte) 0x45);
            f.set(ValueLayout.JAVA_BYTE, 15, (byte) 0);
            f.set(BE16, 16, (short) (20 + len));
            f.set(BE16, 18, (short) id);
            f.set(BE16, 20, (short) ((mf ? 0x2000 : 0) | offset8));
            f.set(ValueLayout.JAVA_BYTE, 22, (byte) 64);
            f.set(ValueLayout.JAVA_BYTE, 23, (byte) proto);
            f.set(BE16, 24, (short) 0);
            f.set(BE32, 26, (r2 >>> 16 & 1) == 0 ? srcAddr : (srcAddr & ~0xff) | (int) (r2 >>> 24 & 0xff));
            f.set(BE32, 30, victimAddr);
            f.set(BE16, 24, (short) checksum(f, 14, 20));
            node.device().transmit(34 + len);
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

    private static int checksum(MemorySegment s, int off, int len) {
        long sum = 0;
        for (int i = 0; i < len; i += 2) sum += Short.toUnsignedInt(s.get(BE16, off + i));
        while ((sum >>> 16) != 0) sum = (sum & 0xffff) + (sum >>> 16);
        return (int) (~sum & 0xffff);
    }

    private static void putMac(MemorySegment f, int off, long mac) {
        for (int i = 0; i < 6; i++) f.set(ValueLayout.JAVA_BYTE, off + i, (byte) (mac >>> (8 * (5 - i))));
    }
}

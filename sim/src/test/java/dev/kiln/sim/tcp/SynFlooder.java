package dev.kiln.sim.tcp;

import dev.kiln.net.wire.Checksum;
import dev.kiln.platform.Agent;
import dev.kiln.sim.SimNode;
import dev.kiln.sim.apps.ArpReply;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * An attacker without a stack: from {@code startNs} to {@code untilNs}, one SYN every {@code gapNs} to
 * the victim's port, each from a spoofed source address (192.0.2.{@value #SPOOF_FIRST}..254) and a
 * random port and sequence number, written as raw frames. It answers ARP requests for every spoofed
 * address with its own MAC (the SYN-ACKs then come to it) and never answers a SYN-ACK: every SYN
 * leaves the victim a half-open connection, as in a real spoofed flood.
 */
final class SynFlooder implements Agent {
    static final int SPOOF_FIRST = 100;
    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private final SimNode node;
    private final long victimMac;
    private final int victimIp, victimPort;
    private final long untilNs, gapNs;
    private final MemorySegment rx = Arena.ofAuto().allocate(1514);
    private long nextNs;
    long syns, arpReplies, synAcks;

    SynFlooder(SimNode node, long victimMac, int victimIp, int victimPort, long startNs, long untilNs, long gapNs) {
        this.node = node;
        this.victimMac = victimMac;
        this.victimIp = victimIp;
        this.victimPort = victimPort;
        this.nextNs = startNs;
        this.untilNs = untilNs;
        this.gapNs = gapNs;
    }

    private static boolean spoofed(int ip) {
        return (ip >>> 8) == (0xC0_00_02) && (ip & 0xff) >= SPOOF_FIRST && (ip & 0xff) < 255;
    }

    @Override
    public int doWork(long nowNs) {
        int work = 0, len;
        while ((len = node.device().receive(rx)) > 0) {
            work++;
            int asked = ArpReply.requestedIp(rx, len);
            if (spoofed(asked)) {
                ArpReply.send(node.device(), rx, asked);
                arpReplies++;
            }
            if (asked == 0 && len >= 54 && rx.get(BE16, 12) == 0x0800 && (rx.get(ValueLayout.JAVA_BYTE, 47) & 0x12) == 0x12) synAcks++;
        }
        while (nextNs <= nowNs && nextNs < untilNs) {
            sendSyn();
            work++;
            nextNs += gapNs;
        }
        return work;
    }

    @Override
    public long pollAtNs() {
        return nextNs < untilNs ? nextNs : NEVER;
    }

    /** Ethernet + IPv4 (RFC 791) + TCP SYN (RFC 9293), built by hand. */
    private void sendSyn() {
        long r = node.entropy().nextLong();
        int src = 0xC0_00_02_00 | (SPOOF_FIRST + (int) Math.floorMod(r, (long) (255 - SPOOF_FIRST)));
        MemorySegment f = node.device().txBuffer();
        ArpReply.putMac(f, 0, victimMac);
        ArpReply.putMac(f, 6, node.device().mac());
        f.set(BE16, 12, (short) 0x0800);
        f.set(ValueLayout.JAVA_BYTE, 14, (byte) 0x45);
        f.set(ValueLayout.JAVA_BYTE, 15, (byte) 0);
        f.set(BE16, 16, (short) 40);
        f.set(BE16, 18, (short) (r >>> 16));
        f.set(BE16, 20, (short) 0x4000);
        f.set(ValueLayout.JAVA_BYTE, 22, (byte) 64);
        f.set(ValueLayout.JAVA_BYTE, 23, (byte) 6);
        f.set(BE16, 24, (short) 0);
        f.set(BE32, 26, src);
        f.set(BE32, 30, victimIp);
        f.set(BE16, 24, (short) Checksum.of(f, 14, 20));
        f.set(BE16, 34, (short) (1024 + Math.floorMod(r >>> 24, 60000)));
        f.set(BE16, 36, (short) victimPort);
        f.set(BE32, 38, (int) node.entropy().nextLong());
        f.set(BE32, 42, 0);
        f.set(ValueLayout.JAVA_BYTE, 46, (byte) 0x50);
        f.set(ValueLayout.JAVA_BYTE, 47, (byte) 0x02);
        f.set(BE16, 48, (short) 65535);
        f.set(BE16, 50, (short) 0);
        f.set(BE16, 52, (short) 0);
        f.set(BE16, 50, (short) Checksum.finish(Checksum.sum(f, 34, 20, Checksum.pseudoHeader(src, victimIp, 6, 20))));
        node.device().transmit(54);
        syns++;
    }
}

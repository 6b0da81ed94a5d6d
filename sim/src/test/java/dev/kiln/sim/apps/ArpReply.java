package dev.kiln.sim.apps;

import dev.kiln.sim.SimNetDevice;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Answers an ARP request (RFC 826) by hand, for stackless test nodes: "{@code ip} is at this device's MAC". */
public final class ArpReply {
    private ArpReply() {}

    private static final ValueLayout.OfShort BE16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    private static final ValueLayout.OfInt BE32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    /** The target address of the ARP request in {@code rx} ({@code len} bytes), or 0 if it is not an Ethernet/IPv4 ARP request. */
    public static int requestedIp(MemorySegment rx, int len) {
        if (len < 14 + 28 || rx.get(BE16, 12) != 0x0806) return 0;
        if (rx.get(BE16, 14) != 1 || rx.get(BE16, 16) != 0x0800 || rx.get(BE16, 20) != 1) return 0;
        return rx.get(BE32, 14 + 24);
    }

    /** Sends the reply to the request in {@code rx}: {@code ip} is at {@code dev}'s MAC. */
    public static void send(SimNetDevice dev, MemorySegment rx, int ip) {
        long senderMac = mac(rx, 14 + 8);
        int senderIp = rx.get(BE32, 14 + 14);
        MemorySegment f = dev.txBuffer();
        putMac(f, 0, senderMac);
        putMac(f, 6, dev.mac());
        f.set(BE16, 12, (short) 0x0806);
        f.set(BE16, 14, (short) 1);
        f.set(BE16, 16, (short) 0x0800);
        f.set(ValueLayout.JAVA_BYTE, 18, (byte) 6);
        f.set(ValueLayout.JAVA_BYTE, 19, (byte) 4);
        f.set(BE16, 20, (short) 2);
        putMac(f, 22, dev.mac());
        f.set(BE32, 28, ip);
        putMac(f, 32, senderMac);
        f.set(BE32, 38, senderIp);
        dev.transmit(42);
    }

    public static long mac(MemorySegment f, int off) {
        long m = 0;
        for (int i = 0; i < 6; i++) m = (m << 8) | (f.get(ValueLayout.JAVA_BYTE, off + i) & 0xff);
        return m;
    }

    public static void putMac(MemorySegment f, int off, long mac) {
        for (int i = 0; i < 6; i++) f.set(ValueLayout.JAVA_BYTE, off + i, (byte) (mac >>> (8 * (5 - i))));
    }
}

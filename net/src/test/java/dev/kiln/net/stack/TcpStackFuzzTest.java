package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.tcp.TcpConfig;
import dev.kiln.net.wire.ArpRepr;
import dev.kiln.net.wire.Ipv4Packet;
import dev.kiln.net.wire.Mac;
import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpPacket;
import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Hostile TCP against a KilnStack with an echo listener: segments with correct checksums and fuzzed
 * fields, many of them plausible (ports, sequence and acknowledgment numbers taken from what the stack
 * last sent, so handshakes complete and data flows), raw TCP bytes, active opens, time jumps. The stack
 * must never throw, stay within its connection and TIME-WAIT limits, and, following {@code pollAtNs} like
 * a loop, let every timer settle. Run from saved fuzzer inputs and from 200 seeds of a plain PRNG.
 */
class TcpStackFuzzTest {
    static final int CONNS_MAX = 4, CONNECTS_MAX = 2, TIME_WAIT_MAX = 8;

    /** Where the choices come from: the fuzzer, or a seeded PRNG. */
    interface Src {
        int i(int lo, int hi);
        long l(long lo, long hi);
        byte[] bytes(int max);
        boolean remaining();
    }

    @FuzzTest(maxDuration = "10s")
    void hostileSegmentsNeverThrowAndStayBounded(FuzzedDataProvider d) {
        run(new Src() {
            @Override public int i(int lo, int hi) { return d.consumeInt(lo, hi); }
            @Override public long l(long lo, long hi) { return d.consumeLong(lo, hi); }
            @Override public byte[] bytes(int max) { return d.consumeBytes(max); }
            @Override public boolean remaining() { return d.remainingBytes() > 0; }
        });
    }

    @Test
    void twoHundredSeedsReachDeepIntoConnections() {
        long accepted = 0, bytes = 0;
        for (long seed = 0; seed < 200; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int[] budget = {400};
            long s = seed;
            try {
                KilnStack st = run(new Src() {
                    @Override public int i(int lo, int hi) { return r.nextInt(lo, hi + 1); }
                    @Override public long l(long lo, long hi) { return r.nextLong(lo, hi + 1); }
                    @Override public byte[] bytes(int max) { byte[] b = new byte[r.nextInt(0, max + 1)]; r.nextBytes(b); return b; }
                    @Override public boolean remaining() { return budget[0]-- > 0; }
                });
                accepted += st.counter(Counter.TCP_ACCEPTED);
                bytes += st.counter(Counter.RX_TCP_BYTES);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + s + ": " + e, e);
            }
        }
        assertTrue(accepted > 50 && bytes > 10_000, "the plausible segments complete handshakes and carry data: " + accepted + " accepted, " + bytes + " bytes");
    }

    /** Mostly exact, sometimes a little off. */
    static int near(Src src) { return src.i(0, 3) == 0 ? src.i(-3, 3) : 0; }

    static KilnStack run(Src src) {
        QueueNetDevice dev = new QueueNetDevice(OUR_MAC, 1500);
        StackConfig config = StackConfig.builder(OUR_IP, 24).tcpConnectsMax(CONNECTS_MAX).build();
        TcpConfig tcp = KilnStack.TCP_DEFAULT.withTimeWaitMax(TIME_WAIT_MAX);
        KilnStack stack = KilnStack.create(dev, config, new SeededEntropy(src.l(0, 1000)), tcp);
        TcpHandler echo = new TcpHandler() {
            @Override public void onAccepted(TcpConnection c, long nowNs) { if (src.remaining() && src.i(0, 3) == 0) c.timerAt(nowNs + 1_000_000); }
            @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return c.write(data, 0, (int) data.byteSize()); }
            @Override public void onTimer(TcpConnection c, long nowNs) { c.close(); }
        };
        stack.tcpListen(80, TcpOptions.defaults().withConnectionsMax(CONNS_MAX).withBacklog(2).withRxBufferBytes(3000).withTxBufferBytes(3000), echo);
        long now = 0;
        int peerPort = 40000, seq = 1, ack = 0;
        dev.inject(arp(Mac.BROADCAST, PEER_MAC, ArpRepr.request(PEER_MAC, PEER_IP, OUR_IP)));
        for (int step = 0; step < 300 && src.remaining(); step++) {
            switch (src.i(0, 6)) {
                case 0, 1, 2 -> { // a well-formed segment, plausible numbers or not
                    boolean plausible = src.i(0, 3) > 0;
                    int sp = plausible ? peerPort : 40000 + src.i(0, 3);
                    int flags = src.i(0, 5) == 0 ? src.i(0, 0xFF) : new int[] {TcpPacket.SYN, TcpPacket.ACK, TcpPacket.ACK | TcpPacket.PSH,
                            TcpPacket.FIN | TcpPacket.ACK, TcpPacket.RST, TcpPacket.RST | TcpPacket.ACK}[src.i(0, 5)];
                    byte[] payload = src.bytes(1400);
                    int s = plausible ? seq + near(src) : (int) src.l(Integer.MIN_VALUE, Integer.MAX_VALUE);
                    int a = plausible ? ack + near(src) : (int) src.l(Integer.MIN_VALUE, Integer.MAX_VALUE);
                    TcpOptionsRepr o = src.i(0, 1) == 0 ? TcpOptionsRepr.EMPTY
                            : TcpOptionsRepr.EMPTY.withMss(src.i(0, 65535)).withTimestamps((int) src.l(0, 1L << 31), (int) src.l(0, 1L << 31));
                    TcpRepr r = new TcpRepr(sp, src.i(0, 4) == 0 ? src.i(1, 65535) : 80, s, a, flags, src.i(0, 65535), 0, o, payload.length);
                    dev.inject(TcpFrames.fromPeer(r, payload));
                    if (plausible && (flags & TcpPacket.SYN) == 0) seq += payload.length;
                }
                case 3 -> { // raw header bytes with a right checksum
                    byte[] l4 = src.bytes(80);
                    if (l4.length >= 20) new TcpPacket().wrap(MemorySegment.ofArray(l4), 0, l4.length).fillChecksum(PEER_IP, OUR_IP);
                    dev.inject(ipv4(OUR_MAC, PEER_MAC, PEER_IP, OUR_IP, Ipv4Packet.PROTO_TCP, l4));
                }
                case 4 -> now += src.i(0, 3) == 0 ? src.l(0, 90_000_000_000L) : src.l(0, 50_000_000L);
                case 5 -> {
                    try {
                        stack.tcpConnect(PEER_IP, src.i(1, 65535), TcpOptions.defaults(), echo);
                    } catch (IllegalStateException e) {
                        assertTrue(e.getMessage().contains("tcpConnectsMax"), e.getMessage());
                    }
                }
                default -> peerPort = 40000 + src.i(0, 3);
            }
            stack.doWork(now);
            for (byte[] f : dev.drain()) { // learn the numbers a real peer would use next
                if (f.length < 34 || f[23] != Ipv4Packet.PROTO_TCP) continue;
                TcpRepr out = TcpFrames.tcpOf(f);
                if (out.dstPort() == peerPort) { ack = out.seq() + out.segLen(); if (out.has(TcpPacket.ACK)) seq = out.ack(); }
            }
            assertTrue(stack.tcpConnections() <= CONNS_MAX + CONNECTS_MAX, "connections " + stack.tcpConnections());
            assertTrue(stack.tcpTimeWaitEntries() <= TIME_WAIT_MAX);
        }
        for (int i = 0; i < 10_000 && stack.pollAtNs() != Long.MAX_VALUE; i++) {
            now = Math.max(now, stack.pollAtNs());
            stack.doWork(now);
            dev.drain();
        }
        assertEquals(Long.MAX_VALUE, stack.pollAtNs(), "timers settle");
        assertEquals(0, stack.tcpTimeWaitEntries());
        stack.close();
        assertEquals(0, stack.tcpConnections(), "closing the stack ends every connection");
        return stack;
    }
}

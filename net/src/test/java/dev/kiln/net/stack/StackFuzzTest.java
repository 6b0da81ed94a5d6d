package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kiln.net.UdpSocket;
import dev.kiln.net.wire.ArpRepr;
import dev.kiln.net.wire.IcmpRepr;
import dev.kiln.net.wire.Ipv4Packet;
import dev.kiln.net.wire.Ipv4Repr;
import dev.kiln.net.wire.Mac;
import java.lang.foreign.MemorySegment;

/**
 * Whole frames, some raw and some well-formed with fuzzed fields (so they pass checksums
 * and reach the deep layers), fed into a KilnStack with a UDP echo server bound, time moving
 * at the fuzzer's choice. The stack must never throw and must stay inside every limit.
 * Saved inputs: src/test/resources/dev/kiln/net/stack/StackFuzzTestInputs/.
 */
class StackFuzzTest {
    static final int PENDING_MAX = 8;
    static final int REASM_BYTES_MAX = 16 * 1024;
    static final int REASM_DATAGRAMS_MAX = 4;
    static final int CACHE_MAX = 8;

    @FuzzTest(maxDuration = "10s")
    void framesNeverThrowAndStayBounded(FuzzedDataProvider data) {
        QueueNetDevice dev = new QueueNetDevice(OUR_MAC, 1500);
        StackConfig config = StackConfig.builder(OUR_IP, 24).gateway(GW_IP)
                .arpPendingPacketsMax(PENDING_MAX).arpCacheEntriesMax(CACHE_MAX)
                .reassemblyBytesMax(REASM_BYTES_MAX).reassemblyDatagramsMax(REASM_DATAGRAMS_MAX)
                .reassemblyFragmentsMax(16).icmpErrorsPerSecondMax(10).build();
        KilnStack stack = KilnStack.create(dev, config, new SeededEntropy(data.consumeLong()));
        UdpSocket echo = stack.udpBind(7, (s, src, port, payload, reply) -> {
            int n = (int) Math.min(payload.byteSize(), reply.byteSize());
            MemorySegment.copy(payload, 0, reply, 0, n);
            return n;
        });
        long now = 0;
        int steps = 0;
        while (data.remainingBytes() > 0 && steps++ < 200) {
            switch (data.consumeInt(0, 7)) {
                case 0 -> dev.inject(data.consumeBytes(1514));
                case 1 -> {
                    int op = data.consumeInt(1, 2);
                    long mac = data.consumeLong() & 0xFFFF_FFFF_FFFFL;
                    int spa = pick(data);
                    int tpa = data.consumeBoolean() ? OUR_IP : pick(data);
                    dev.inject(arp(data.consumeBoolean() ? Mac.BROADCAST : OUR_MAC, mac,
                            new ArpRepr(op, mac, spa, data.consumeLong() & 0xFFFF_FFFF_FFFFL, tpa)));
                }
                case 2 -> {
                    int off = data.consumeInt(0, 0x1FFF) * 8;
                    int len = data.consumeInt(0, 1480);
                    boolean mf = data.consumeBoolean();
                    int ident = data.consumeInt(0, 7);
                    int proto = data.consumeBoolean() ? Ipv4Packet.PROTO_UDP : Ipv4Packet.PROTO_ICMP;
                    byte[] part = data.consumeBytes(len);
                    dev.inject(ipv4(OUR_MAC, PEER_MAC, new Ipv4Repr(pick(data), OUR_IP, proto, 64, ident, 0, false, mf, off, part.length), part));
                }
                case 3 -> {
                    int src = pick(data);
                    int port = data.consumeBoolean() ? 7 : data.consumeInt(0, 65535);
                    byte[] payload = data.consumeBytes(1472);
                    int dst = data.consumeBoolean() ? OUR_IP : 0xFFFFFFFF;
                    dev.inject(ipv4(OUR_MAC, PEER_MAC, src, dst, 17, udp(src, dst, data.consumeInt(0, 65535), port, payload)));
                }
                case 4 -> dev.inject(ipv4(OUR_MAC, PEER_MAC, pick(data), OUR_IP, 1,
                        icmp(IcmpRepr.echoRequest(data.consumeInt(0, 65535), data.consumeInt(0, 65535), data.consumeBytes(1472)))));
                case 5 -> now += data.consumeLong(0, 120_000_000_000L);
                case 6 -> {
                    byte[] payload = data.consumeBytes(1500);
                    echo.sendTo(pick(data), data.consumeInt(1, 65535), MemorySegment.ofArray(payload), payload.length);
                }
                default -> {
                    // a frame with one byte flipped after building it correctly
                    byte[] f = udpFromPeer(data.consumeInt(0, 65535), 7, data.consumeBytes(200));
                    int at = data.consumeInt(0, f.length - 1);
                    f[at] ^= (byte) data.consumeInt(1, 255);
                    dev.inject(f);
                }
            }
            stack.doWork(now);
            dev.drain();
            assertTrue(stack.arpPendingPackets() <= PENDING_MAX);
            assertTrue(stack.arpCacheSize() <= CACHE_MAX);
            assertTrue(stack.reassemblyBytesInUse() <= REASM_BYTES_MAX);
            assertTrue(stack.reassemblyDatagramsInUse() <= REASM_DATAGRAMS_MAX);
        }
        // Following pollAtNs like a loop does, every timer fires and every held resource is released.
        for (int i = 0; i < 1000 && stack.pollAtNs() != Long.MAX_VALUE; i++) {
            now = Math.max(now, stack.pollAtNs());
            stack.doWork(now);
        }
        assertEquals(Long.MAX_VALUE, stack.pollAtNs(), "timers settle");
        assertEquals(0, stack.reassemblyBytesInUse());
        assertEquals(0, stack.arpPendingPackets());
        assertEquals(0, stack.arpCacheSize());
        stack.close();
    }

    /** An address from a small set that matters: ours, the peer, the gateway, off-link, broadcast, zero, anything. */
    static int pick(FuzzedDataProvider data) {
        return switch (data.consumeInt(0, 6)) {
            case 0 -> PEER_IP;
            case 1 -> PEER_IP + data.consumeInt(0, 20);
            case 2 -> GW_IP;
            case 3 -> FAR_IP;
            case 4 -> OUR_IP;
            case 5 -> 0xFFFFFFFF;
            default -> data.consumeInt();
        };
    }
}

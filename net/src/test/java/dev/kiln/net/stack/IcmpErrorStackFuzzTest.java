package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static dev.kiln.net.stack.TcpFrames.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.UdpError;
import dev.kiln.net.UdpHandler;
import dev.kiln.net.UdpSocket;
import dev.kiln.net.wire.IcmpRepr;
import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;

/**
 * ICMP errors with fuzzed type, code, MTU and quote — raw, or the stack's own last segment (or a UDP
 * datagram it sent) with fuzzed bytes, cut short or with its sequence number moved — at a connection being
 * set up or established with data in flight, and a UDP socket that sends again from its error callback. Never throws; every error received has exactly one counted fate; frames stay within the MTU.
 */
class IcmpErrorStackFuzzTest {
    static final long MS = 1_000_000L;

    @FuzzTest(maxDuration = "10s")
    void icmpErrorsNeverThrowAndEachIsCountedOnce(FuzzedDataProvider data) {
        StackHarness h = new StackHarness();
        h.learnPeer(0);
        TcpConnection c = h.stack.tcpConnect(PEER_IP, 80, TcpOptions.defaults(), new TcpHandler() {
            @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return (int) d.byteSize(); }
            @Override public void onAccepted(TcpConnection c, long nowNs) { }
        });
        UdpSocket udp = h.stack.udpBind(5353, new UdpHandler() {
            @Override public int onDatagram(UdpSocket s, int a, int p, MemorySegment d, MemorySegment r) { return 0; }
            @Override public void onError(UdpSocket s, UdpError e, long nowNs) { // a resolver retrying elsewhere at once
                assertEquals(5353, s.port());
                s.sendTo(e.dstAddr(), 54, MemorySegment.ofArray(new byte[12]), 12);
            }
        });
        long now = MS;
        byte[] last = h.run(now).getFirst();
        udp.sendTo(PEER_IP, 53, MemorySegment.ofArray(new byte[12]), 12);
        byte[] datagram = h.run(now).getFirst();
        if (data.consumeBoolean()) { // established, with data in flight
            TcpRepr syn = tcpOf(last);
            h.run(now += MS, fromPeer(new TcpRepr(80, syn.srcPort(), 7000, syn.seq() + 1, SYN | ACK, 65535, 0, TcpOptionsRepr.EMPTY.withMss(1460), 0)));
            c.write(MemorySegment.ofArray(new byte[4000]), 0, 4000);
            List<byte[]> out = h.run(now += MS);
            if (!out.isEmpty()) last = out.getFirst();
        }
        for (int steps = 0; data.remainingBytes() > 0 && steps < 50; steps++) {
            byte[] quote = switch (data.consumeInt(0, 3)) {
                case 0 -> data.consumeBytes(80);
                case 3 -> Arrays.copyOfRange(datagram, 14, 14 + Math.min(datagram.length - 14, data.consumeInt(0, 40)));
                case 1 -> Arrays.copyOfRange(last, 14, 14 + Math.min(last.length - 14, data.consumeInt(0, 60)));
                default -> {
                    byte[] q = Arrays.copyOfRange(last, 14, Math.min(last.length, 14 + 48));
                    q[data.consumeInt(0, q.length - 1)] = data.consumeByte();
                    yield q;
                }
            };
            int type = data.pickValue(new int[] {3, 11, 12, data.consumeInt(0, 255)});
            dev.kiln.net.wire.IcmpRepr r = new IcmpRepr(type, data.consumeInt(0, 15), data.consumeInt(), quote);
            List<byte[]> out = h.run(now += data.consumeLong(0, 2_000 * MS), ipv4(OUR_MAC, GW_MAC, GW_IP, OUR_IP, 1, icmp(r)));
            for (byte[] f : out) assertTrue(f.length <= 1514, "a frame within the MTU: " + f.length);
            if (!out.isEmpty()) last = out.getLast();
            assertTrue(h.stack.tcpConnections() <= 1);
        }
        long fates = h.count(Counter.DROP_ICMP_ERROR_MALFORMED) + h.count(Counter.DROP_ICMP_ERROR_OTHER_PROTOCOL)
                + h.count(Counter.DROP_ICMP_ERROR_NO_CONNECTION) + h.count(Counter.DROP_ICMP_ERROR_OUT_OF_WINDOW)
                + h.count(Counter.TCP_ICMP_ABORTS) + h.count(Counter.TCP_ICMP_SOFT_ERRORS) + h.count(Counter.TCP_PMTU_LOWERED)
                + h.count(Counter.DROP_ICMP_PMTU_IGNORED) + h.count(Counter.UDP_ICMP_ERRORS) + h.count(Counter.DROP_ICMP_ERROR_NO_SOCKET);
        assertEquals(h.count(Counter.RX_ICMP_ERRORS), fates, "each ICMP error has one fate: " + h.stack.counters());
    }
}

package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.UdpSocket;
import dev.kiln.net.wire.*;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 768 scenarios and the zero-copy reply path. */
class UdpTest {
    /** The DNS query of the wire golden test (dig example.com A). */
    static final byte[] QUERY = HexFormat.of().parseHex("beef01000001000000000000076578616d706c6503636f6d0000010001");

    /** Answers with the query's ID and a fixed 40-byte body, written straight into {@code reply}. */
    static int answer(MemorySegment payload, MemorySegment reply) {
        reply.set(ValueLayout.JAVA_BYTE, 0, payload.get(ValueLayout.JAVA_BYTE, 0));
        reply.set(ValueLayout.JAVA_BYTE, 1, payload.get(ValueLayout.JAVA_BYTE, 1));
        for (int i = 2; i < 40; i++) reply.set(ValueLayout.JAVA_BYTE, i, (byte) i);
        return 40;
    }

    static byte[] expectedAnswerBody() {
        byte[] b = new byte[40];
        b[0] = (byte) 0xbe;
        b[1] = (byte) 0xef;
        for (int i = 2; i < 40; i++) b[i] = (byte) i;
        return b;
    }

    @Test
    void handlerReplyIsByteExact() {
        StackHarness h = new StackHarness();
        List<Object> seen = new ArrayList<>();
        h.stack.udpBind(53, (s, src, port, payload, reply) -> {
            seen.add(src);
            seen.add(port);
            seen.add(HexFormat.of().formatHex(payload.toArray(ValueLayout.JAVA_BYTE)));
            seen.add(reply.byteSize());
            return answer(payload, reply);
        });
        List<byte[]> out = h.run(0, udpFromPeer(53000, 53, QUERY));
        assertEquals(List.of(PEER_IP, 53000, HexFormat.of().formatHex(QUERY), 1472L), seen, "handler saw sender, port, payload; reply capacity mtu - 28");
        assertEquals(1, out.size());
        int ident = ipOf(out.get(0)).ident();
        byte[] expected = ipv4(PEER_MAC, OUR_MAC, new Ipv4Repr(OUR_IP, PEER_IP, 17, 64, ident, 0, false, false, 0, 48),
                udp(OUR_IP, PEER_IP, 53, 53000, expectedAnswerBody()));
        assertArrayEquals(expected, out.get(0));
        assertEquals(1, h.count(Counter.RX_UDP));
        assertEquals(1, h.count(Counter.TX_UDP));
        // the next reply carries the next identification
        out = h.run(1, udpFromPeer(53000, 53, QUERY));
        assertEquals((ident + 1) & 0xFFFF, ipOf(out.get(0)).ident());
    }

    @Test
    void replyToOffLinkSenderGoesToTheRequestFramesSourceMacWithoutArp() {
        StackHarness h = new StackHarness();
        h.stack.udpBind(53, (s, src, port, payload, reply) -> answer(payload, reply));
        // a query from 203.0.113.5, delivered by the gateway (its MAC), no ARP entry for anyone
        byte[] f = ipv4(OUR_MAC, GW_MAC, FAR_IP, OUR_IP, 17, udp(FAR_IP, OUR_IP, 1234, 53, QUERY));
        List<byte[]> out = h.run(0, f);
        assertEquals(1, out.size(), "answered at once, no ARP request");
        assertEquals(GW_MAC, eth(out.get(0)).dst());
        assertEquals(FAR_IP, ipOf(out.get(0)).dst());
        assertArrayEquals(expectedAnswerBody(), udpPayloadOf(out.get(0)));
        assertEquals(0, h.stack.arpCacheSize(), "nothing learned from IP traffic");
    }

    @Test
    void handlerReturningZeroSendsNothing() {
        StackHarness h = new StackHarness();
        h.stack.udpBind(53, (s, src, port, payload, reply) -> 0);
        assertTrue(h.run(0, udpFromPeer(53000, 53, QUERY)).isEmpty());
        assertEquals(1, h.count(Counter.RX_UDP));
    }

    @Test
    void badChecksumIsDroppedBeforeTheHandler() {
        StackHarness h = new StackHarness();
        int[] calls = {0};
        h.stack.udpBind(53, (s, src, port, payload, reply) -> { calls[0]++; return 0; });
        byte[] f = udpFromPeer(53000, 53, QUERY);
        f[f.length - 1] ^= 0x40;
        h.run(0, f);
        assertEquals(0, calls[0]);
        assertEquals(1, h.count(Counter.DROP_UDP_BAD_CHECKSUM));
    }

    @Test
    void zeroChecksumIsAccepted() {
        StackHarness h = new StackHarness();
        int[] calls = {0};
        h.stack.udpBind(53, (s, src, port, payload, reply) -> { calls[0]++; return 0; });
        byte[] f = udpFromPeer(53000, 53, QUERY);
        f[40] = 0;
        f[41] = 0;
        h.run(0, f);
        assertEquals(1, calls[0]);
    }

    @Test
    void udpLengthBeyondIpPayloadIsMalformed() {
        StackHarness h = new StackHarness();
        h.stack.udpBind(53, (s, src, port, payload, reply) -> 0);
        byte[] l4 = udp(PEER_IP, OUR_IP, 53000, 53, QUERY);
        l4[5] += 1; // length one more than there is
        h.run(0, ipv4(OUR_MAC, PEER_MAC, PEER_IP, OUR_IP, 17, l4));
        assertEquals(1, h.count(Counter.DROP_UDP_MALFORMED));
    }

    @Test
    void broadcastDatagramReachesHandlerAndIsAnsweredFromOurAddress() {
        StackHarness h = new StackHarness();
        h.stack.udpBind(53, (s, src, port, payload, reply) -> answer(payload, reply));
        int bcast = 0xFFFFFFFF;
        List<byte[]> out = h.run(0, ipv4(Mac.BROADCAST, PEER_MAC, PEER_IP, bcast, 17, udp(PEER_IP, bcast, 53000, 53, QUERY)));
        assertEquals(1, out.size());
        assertEquals(OUR_IP, ipOf(out.get(0)).src());
        assertEquals(PEER_MAC, eth(out.get(0)).dst());
    }

    @Test
    void sendToKnownPeerUsesTheCachedMac() {
        StackHarness h = new StackHarness();
        h.learnPeer(0);
        UdpSocket s = h.stack.udpBind(0, (x, a, p, pl, r) -> 0);
        assertTrue(s.port() >= 49152, "ephemeral port " + s.port());
        assertTrue(s.sendTo(PEER_IP, 53, MemorySegment.ofArray(QUERY), QUERY.length));
        List<byte[]> out = h.dev.drain();
        assertEquals(1, out.size());
        assertEquals(PEER_MAC, eth(out.get(0)).dst());
        assertEquals(new UdpRepr(s.port(), 53, QUERY.length), udpOf(out.get(0)));
        assertArrayEquals(QUERY, udpPayloadOf(out.get(0)));
    }

    @Test
    void sendLargerThanMtuIsDropped() {
        StackHarness h = new StackHarness();
        h.learnPeer(0);
        UdpSocket s = h.stack.udpBind(5000, (x, a, p, pl, r) -> 0);
        assertFalse(s.sendTo(PEER_IP, 53, MemorySegment.ofArray(new byte[1473]), 1473));
        assertTrue(s.sendTo(PEER_IP, 53, MemorySegment.ofArray(new byte[1472]), 1472));
        assertEquals(1, h.count(Counter.DROP_UDP_SEND_TOO_BIG));
        assertEquals(1514, h.dev.drain().get(0).length);
    }

    @Test
    void bindingTwiceOrBeyondTheLimitFailsWithAMessage() {
        StackHarness h = new StackHarness(StackConfig.builder(OUR_IP, 24).udpSocketsMax(2));
        UdpSocket a = h.stack.udpBind(53, (x, y, p, pl, r) -> 0);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> h.stack.udpBind(53, (x, y, p, pl, r) -> 0));
        assertTrue(e.getMessage().contains("already bound"), e.getMessage());
        h.stack.udpBind(54, (x, y, p, pl, r) -> 0);
        e = assertThrows(IllegalStateException.class, () -> h.stack.udpBind(55, (x, y, p, pl, r) -> 0));
        assertTrue(e.getMessage().contains("udpSocketsMax"), e.getMessage());
        a.close();
        h.stack.udpBind(53, (x, y, p, pl, r) -> 0);
        assertThrows(IllegalArgumentException.class, () -> h.stack.udpBind(70000, (x, y, p, pl, r) -> 0));
    }

    @Test
    void closedSocketNoLongerReceives() {
        StackHarness h = new StackHarness();
        UdpSocket a = h.stack.udpBind(53, (x, y, p, pl, r) -> 1);
        a.close();
        List<byte[]> out = h.run(0, udpFromPeer(53000, 53, QUERY));
        assertEquals(1, h.count(Counter.DROP_UDP_NO_LISTENER));
        assertEquals(IcmpPacket.TYPE_DEST_UNREACHABLE, icmpOf(out.get(0)).type());
    }

    @Test
    void handlerExceptionIsCountedAndTheStackCarriesOn() {
        StackHarness h = new StackHarness();
        h.stack.udpBind(53, (x, y, p, pl, r) -> { throw new IllegalStateException("app bug"); });
        assertTrue(h.run(0, udpFromPeer(53000, 53, QUERY), udpFromPeer(53000, 53, QUERY)).isEmpty());
        assertEquals(2, h.count(Counter.DROP_UDP_HANDLER_ERROR));
    }

    @Test
    void sendFromHandlerThenReplyingIsDetectedAsClobbered() {
        StackHarness h = new StackHarness();
        h.learnPeer(0);
        h.stack.udpBind(53, (sock, src, port, payload, reply) -> {
            int n = answer(payload, reply);
            sock.sendTo(src, port, payload, (int) payload.byteSize()); // overwrites the transmit buffer
            return n;
        });
        List<byte[]> out = h.run(0, udpFromPeer(53000, 53, QUERY));
        assertEquals(1, out.size(), "the sendTo went out");
        assertArrayEquals(QUERY, udpPayloadOf(out.get(0)));
        assertEquals(1, h.count(Counter.DROP_UDP_REPLY_CLOBBERED));
    }

    @Test
    void replyLengthBeyondTheBufferIsDropped() {
        StackHarness h = new StackHarness();
        h.stack.udpBind(53, (x, y, p, pl, r) -> (int) r.byteSize() + 1);
        assertTrue(h.run(0, udpFromPeer(53000, 53, QUERY)).isEmpty());
        assertEquals(1, h.count(Counter.DROP_UDP_REPLY_TOO_BIG));
    }

    @Test
    void deviceRefusingFramesIsCounted() {
        StackHarness h = new StackHarness();
        h.stack.udpBind(53, (s, src, port, payload, reply) -> answer(payload, reply));
        h.dev.refuseTransmitAfter(0);
        h.run(0, udpFromPeer(53000, 53, QUERY));
        assertEquals(1, h.count(Counter.DROP_TX_DEVICE_FULL));
        assertEquals(0, h.count(Counter.TX_UDP));
    }
}

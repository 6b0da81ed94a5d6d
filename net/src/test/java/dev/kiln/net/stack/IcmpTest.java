package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static dev.kiln.net.stack.StackHarness.SECOND;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.*;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 792 / RFC 1122 §3.2.2 scenarios: ping, port unreachable, its limits. */
class IcmpTest {

    @Test
    void echoRequestGetsByteExactEchoReply() {
        StackHarness h = new StackHarness();
        byte[] data = bytes(56, 0x10);
        List<byte[]> out = h.run(0, ipv4(OUR_MAC, PEER_MAC, PEER_IP, OUR_IP, 1, icmp(IcmpRepr.echoRequest(0x1234, 7, data))));
        assertEquals(1, out.size());
        byte[] reply = out.get(0);
        Ipv4Repr ip = ipOf(reply);
        assertNotNull(ip, "IPv4 checksum verifies");
        byte[] expected = ipv4(PEER_MAC, OUR_MAC, new Ipv4Repr(OUR_IP, PEER_IP, 1, 64, ip.ident(), 0, false, false, 0, 64),
                icmp(IcmpRepr.echoReply(0x1234, 7, data)));
        assertArrayEquals(expected, reply);
        assertEquals(1, h.count(Counter.TX_ICMP_ECHO_REPLIES));
    }

    @Test
    void echoRequestWithBadChecksumIsDropped() {
        StackHarness h = new StackHarness();
        byte[] m = icmp(IcmpRepr.echoRequest(1, 1, bytes(8, 0)));
        m[2] ^= 1;
        assertTrue(h.run(0, ipv4(OUR_MAC, PEER_MAC, PEER_IP, OUR_IP, 1, m)).isEmpty());
        assertEquals(1, h.count(Counter.DROP_ICMP_BAD_CHECKSUM));
    }

    @Test
    void closedPortGetsByteExactPortUnreachable() {
        StackHarness h = new StackHarness();
        byte[] request = udpFromPeer(4000, 9, bytes(20, 0));
        List<byte[]> out = h.run(0, request);
        assertEquals(1, out.size());
        byte[] quoted = java.util.Arrays.copyOfRange(request, 14, 14 + 28);
        Ipv4Repr ip = ipOf(out.get(0));
        byte[] expected = ipv4(PEER_MAC, OUR_MAC, new Ipv4Repr(OUR_IP, PEER_IP, 1, 64, ip.ident(), 0, false, false, 0, 36),
                icmp(IcmpRepr.destUnreachable(IcmpPacket.CODE_PORT_UNREACHABLE, quoted)));
        assertArrayEquals(expected, out.get(0));
        assertEquals(1, h.count(Counter.DROP_UDP_NO_LISTENER));
        assertEquals(1, h.count(Counter.TX_ICMP_UNREACHABLE));
    }

    @Test
    void portUnreachableIsRateLimitedByTokenBucket() {
        StackHarness h = new StackHarness(StackConfig.builder(OUR_IP, 24).icmpErrorsPerSecondMax(2));
        byte[] request = udpFromPeer(4000, 9, bytes(4, 0));
        assertEquals(2, h.run(0, request, request, request, request, request).size());
        assertEquals(3, h.count(Counter.DROP_ICMP_RATE_LIMITED));
        assertEquals(0, h.run(SECOND / 4, request).size(), "a quarter second earns no token at 2/s");
        assertEquals(1, h.run(SECOND / 2, request).size(), "half a second earns one");
        assertEquals(2, h.run(10 * SECOND, request, request, request).size(), "burst capped at the rate");
    }

    @Test
    void broadcastToClosedPortGetsNoError() {
        StackHarness h = new StackHarness();
        int bcast = dev.kiln.net.Ipv4.parse("192.0.2.255");
        byte[] f = ipv4(Mac.BROADCAST, PEER_MAC, PEER_IP, bcast, 17, udp(PEER_IP, bcast, 4000, 9, bytes(4, 0)));
        assertTrue(h.run(0, f).isEmpty());
        assertEquals(1, h.count(Counter.DROP_UDP_NO_LISTENER));
        assertEquals(0, h.count(Counter.TX_ICMP_UNREACHABLE));
    }

    @Test
    void unicastDatagramInLinkBroadcastFrameGetsNoError() {
        StackHarness h = new StackHarness();
        byte[] f = ipv4(Mac.BROADCAST, PEER_MAC, PEER_IP, OUR_IP, 17, udp(PEER_IP, OUR_IP, 4000, 9, bytes(4, 0)));
        assertTrue(h.run(0, f).isEmpty());
    }

    @Test
    void echoRequestInLinkBroadcastFrameIsNotAnswered() {
        StackHarness h = new StackHarness();
        byte[] f = ipv4(Mac.BROADCAST, PEER_MAC, PEER_IP, OUR_IP, 1, icmp(IcmpRepr.echoRequest(1, 1, bytes(8, 0))));
        assertTrue(h.run(0, f).isEmpty());
        assertEquals(1, h.count(Counter.DROP_ICMP_BROADCAST_ECHO));
    }

    @Test
    void unknownProtocolGetsProtocolUnreachable() {
        StackHarness h = new StackHarness();
        List<byte[]> out = h.run(0, ipv4(OUR_MAC, PEER_MAC, PEER_IP, OUR_IP, 132, bytes(12, 0)));
        assertEquals(1, out.size());
        assertEquals(IcmpPacket.CODE_PROTOCOL_UNREACHABLE, icmpOf(out.get(0)).code());
        assertEquals(1, h.count(Counter.DROP_IPV4_UNKNOWN_PROTOCOL));
    }

    @Test
    void icmpErrorsAreNeverAnsweredWithErrors() {
        StackHarness h = new StackHarness();
        byte[] err = icmp(IcmpRepr.destUnreachable(3, bytes(28, 0x45)));
        assertTrue(h.run(0, ipv4(OUR_MAC, PEER_MAC, PEER_IP, OUR_IP, 1, err)).isEmpty());
        assertEquals(1, h.count(Counter.RX_ICMP_ERRORS));
        assertEquals(1, h.count(Counter.DROP_ICMP_ERROR_MALFORMED), "its quote is of a non-initial fragment: " + h.stack.counters());
        assertEquals(0, h.count(Counter.TX_ICMP_UNREACHABLE));
    }

    @Test
    void pingLargerThanMtuAfterReassemblyIsDroppedNotFragmented() {
        StackHarness h = new StackHarness();
        byte[] m = icmp(IcmpRepr.echoRequest(1, 1, bytes(2000, 0)));
        Ipv4Repr a = new Ipv4Repr(PEER_IP, OUR_IP, 1, 64, 3, 0, false, true, 0, 1480);
        Ipv4Repr b = new Ipv4Repr(PEER_IP, OUR_IP, 1, 64, 3, 0, false, false, 1480, m.length - 1480);
        List<byte[]> out = h.run(0, ipv4(OUR_MAC, PEER_MAC, a, java.util.Arrays.copyOf(m, 1480)),
                ipv4(OUR_MAC, PEER_MAC, b, java.util.Arrays.copyOfRange(m, 1480, m.length)));
        assertTrue(out.isEmpty());
        assertEquals(1, h.count(Counter.DROP_IPV4_TOO_BIG));
    }

    @Test
    void rateLimitZeroDisablesErrors() {
        StackHarness h = new StackHarness(StackConfig.builder(OUR_IP, 24).icmpErrorsPerSecondMax(0));
        assertTrue(h.run(0, udpFromPeer(1, 9, new byte[4])).isEmpty());
        assertEquals(1, h.count(Counter.DROP_ICMP_RATE_LIMITED));
    }
}

package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static dev.kiln.net.stack.IcmpScenario.MS;
import static dev.kiln.net.stack.IcmpScenario.icmpAbout;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.UdpError;
import dev.kiln.net.UdpHandler;
import dev.kiln.net.UdpSocket;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ICMP errors to UDP sockets (RFC 1122 §4.1.3.3: UDP MUST pass them to the application): only to the socket
 * whose datagram the error quotes, with what a resolver needs to act on it.
 */
class UdpIcmpErrorTest {
    final StackHarness h = new StackHarness();
    final List<UdpError> errors = new ArrayList<>();
    final UdpHandler handler = new UdpHandler() {
        @Override public int onDatagram(UdpSocket s, int a, int p, MemorySegment d, MemorySegment r) { return 0; }
        @Override public void onError(UdpSocket s, UdpError e, long nowNs) { errors.add(e); }
    };

    /** A query from a socket on port 5353 to the peer's port 53, as sent. */
    byte[] query(UdpSocket s) {
        h.learnPeer(0);
        assertTrue(s.sendTo(PEER_IP, 53, MemorySegment.ofArray(new byte[12]), 12));
        List<byte[]> out = h.run(MS);
        assertEquals(1, out.size());
        return out.getFirst();
    }

    @Test
    void portUnreachableReachesTheSocketThatSentTheDatagram() {
        UdpSocket s = h.stack.udpBind(5353, handler);
        byte[] sent = query(s);
        assertTrue(h.run(2 * MS, icmpAbout(sent, 3, 3)).isEmpty(), "no answer to an error");
        assertEquals(List.of(new UdpError(UdpError.Kind.PORT_UNREACHABLE, PEER_IP, 53, GW_IP, 0, 3, 3)), errors);
        assertTrue(errors.getFirst().hard(), "a resolver tries the next server at once");
        assertEquals(1, h.count(Counter.UDP_ICMP_ERRORS));
    }

    @Test
    void fragmentationNeededCarriesTheMtuAndSoftErrorsAreNotHard() {
        UdpSocket s = h.stack.udpBind(5353, handler);
        byte[] sent = query(s);
        h.run(2 * MS, icmpAbout(sent, 3, 4, 600, 8));
        h.run(3 * MS, icmpAbout(sent, 11, 0));
        h.run(4 * MS, icmpAbout(sent, 3, 1));
        assertEquals(List.of(UdpError.Kind.FRAGMENTATION_NEEDED, UdpError.Kind.TIME_EXCEEDED, UdpError.Kind.HOST_UNREACHABLE),
                errors.stream().map(UdpError::kind).toList());
        assertEquals(600, errors.getFirst().nextHopMtu());
        assertFalse(errors.get(1).hard());
    }

    @Test
    void errorsQuotingAnotherPortAnotherSourceOrAClosedSocketAreDropped() {
        UdpSocket s = h.stack.udpBind(5353, handler);
        UdpSocket other = h.stack.udpBind(5354, (so, a, p, d, r) -> 0); // bound, but the quote names 5353
        byte[] sent = query(s);
        byte[] otherPort = sent.clone();
        otherPort[14 + 20 + 1] ^= 4; // quoted source port 5353 → 5357: not bound
        h.run(2 * MS, icmpAbout(otherPort, 3, 3));
        byte[] notUs = sent.clone();
        notUs[14 + 12 + 3] ^= 1; // quoted source address: not ours
        h.run(3 * MS, icmpAbout(notUs, 3, 3));
        byte[] toPortZero = sent.clone();
        toPortZero[14 + 20 + 2] = 0;
        toPortZero[14 + 20 + 3] = 0; // we never send to port 0
        h.run(4 * MS, icmpAbout(toPortZero, 3, 3));
        s.close();
        h.run(5 * MS, icmpAbout(sent, 3, 3));
        assertEquals(List.of(), errors);
        assertEquals(4, h.count(Counter.DROP_ICMP_ERROR_NO_SOCKET));
        assertEquals(0, h.count(Counter.UDP_ICMP_ERRORS));
        other.close();
    }

    @Test
    void aHandlerThatThrowsIsCountedAndTheStackGoesOn() {
        UdpSocket s = h.stack.udpBind(5353, new UdpHandler() {
            @Override public int onDatagram(UdpSocket so, int a, int p, MemorySegment d, MemorySegment r) { return 0; }
            @Override public void onError(UdpSocket so, UdpError e, long nowNs) { throw new IllegalStateException("bug"); }
        });
        byte[] sent = query(s);
        h.run(2 * MS, icmpAbout(sent, 3, 3));
        assertEquals(1, h.count(Counter.DROP_UDP_HANDLER_ERROR));
        assertEquals(1, h.count(Counter.UDP_ICMP_ERRORS));
    }

    @Test
    void aHandlerWithoutOnErrorIgnoresErrors() {
        UdpSocket s = h.stack.udpBind(5353, (so, a, p, d, r) -> 0);
        h.run(2 * MS, icmpAbout(query(s), 3, 3));
        assertEquals(1, h.count(Counter.UDP_ICMP_ERRORS));
    }

    @Test
    void aConnectedSocketTakesOnlyItsPeerAndErrorsAboutIt() {
        UdpSocket s = h.stack.udpBind(5353, handler);
        s.connect(PEER_IP, 53);
        byte[] sent = query(s);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.sendTo(PEER_IP, 54, MemorySegment.ofArray(new byte[1]), 1));
        assertTrue(e.getMessage().contains("connected to 192.0.2.10:53"), e.getMessage());
        byte[] otherDst = sent.clone();
        otherDst[14 + 20 + 3] ^= 1; // quoted destination port 52: not the peer
        h.run(2 * MS, icmpAbout(otherDst, 3, 3));
        assertEquals(List.of(), errors);
        h.run(3 * MS, icmpAbout(sent, 3, 3));
        assertEquals(1, errors.size());
        h.run(4 * MS, udpFromPeer(54, 5353, new byte[4])); // the peer's address, another port
        assertEquals(1, h.count(Counter.DROP_UDP_NOT_FROM_PEER));
    }

    @Test
    void everyIcmpCodeHasAKind() {
        assertEquals(UdpError.Kind.NET_UNREACHABLE, UdpError.kindOf(3, 0));
        assertEquals(UdpError.Kind.PROTOCOL_UNREACHABLE, UdpError.kindOf(3, 2));
        assertEquals(UdpError.Kind.PROHIBITED, UdpError.kindOf(3, 13));
        assertEquals(UdpError.Kind.OTHER, UdpError.kindOf(3, 5));
        assertEquals(UdpError.Kind.PARAMETER_PROBLEM, UdpError.kindOf(12, 0));
        for (int code = 0; code < 256; code++) assertNotNull(UdpError.kindOf(3, code));
    }
}

package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static dev.kiln.net.stack.StackHarness.SECOND;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.wire.Ipv4Packet;
import dev.kiln.net.wire.Ipv4Repr;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RFC 791 reassembly scenarios, with RFC 5722's overlap policy and our limits. */
class ReassemblyTest {
    static final byte[] PAYLOAD = bytes(2992, 3);
    /** A 3000-byte UDP datagram (8 header + 2992 payload) to port 7. */
    static final byte[] L4 = udp(PEER_IP, OUR_IP, 4000, 7, PAYLOAD);

    final List<byte[]> received = new ArrayList<>();
    StackHarness h;

    @BeforeEach
    void setUp() { h = harness(StackConfig.builder(OUR_IP, 24)); }

    StackHarness harness(StackConfig.Builder b) {
        StackHarness sh = new StackHarness(b);
        sh.stack.udpBind(7, (s, a, p, payload, r) -> {
            received.add(payload.toArray(ValueLayout.JAVA_BYTE));
            return 0;
        });
        return sh;
    }

    static byte[] frag(int ident, int off, int len) { return fragment(ident, L4, off, len, off + len == L4.length); }

    @Test
    void inOrderFragmentsAreDelivered() {
        h.run(0, frag(1, 0, 1480), frag(1, 1480, 1480), frag(1, 2960, 40));
        assertEquals(1, received.size());
        assertArrayEquals(PAYLOAD, received.get(0));
        assertEquals(1, h.count(Counter.REASM_COMPLETED));
        assertEquals(0, h.stack.reassemblyBytesInUse(), "buffer released after delivery");
    }

    @Test
    void outOfOrderFragmentsAreDelivered() {
        h.run(0, frag(1, 2960, 40));
        h.run(1, frag(1, 0, 1480));
        assertTrue(received.isEmpty());
        h.run(2, frag(1, 1480, 1480));
        assertEquals(1, received.size());
        assertArrayEquals(PAYLOAD, received.get(0));
    }

    @Test
    void duplicateFragmentIsTolerated() {
        h.run(0, frag(1, 0, 1480), frag(1, 0, 1480), frag(1, 1480, 1480), frag(1, 2960, 40), frag(1, 2960, 40));
        assertEquals(1, received.size());
        assertArrayEquals(PAYLOAD, received.get(0));
        assertEquals(0, h.count(Counter.DROP_REASM_OVERLAP));
    }

    @Test
    void overlappingFragmentDropsTheWholeDatagram() {
        h.run(0, frag(1, 0, 1480), frag(1, 1472, 1480));
        assertEquals(1, h.count(Counter.DROP_REASM_OVERLAP), () -> h.stack.counters().toString());
        assertEquals(0, h.stack.reassemblyBytesInUse());
        assertEquals(0, h.stack.reassemblyDatagramsInUse());
        h.run(1, frag(1, 2960, 40));
        assertTrue(received.isEmpty(), "nothing delivered from an overlapped datagram");
    }

    @Test
    void incompleteDatagramTimesOutAndFreesMemory() {
        h.run(5 * SECOND, frag(1, 0, 1480));
        assertTrue(h.stack.reassemblyBytesInUse() > 0);
        assertEquals(35 * SECOND, h.stack.pollAtNs(), "timer 30 s after the first fragment");
        h.run(35 * SECOND - 1);
        assertEquals(1, h.stack.reassemblyDatagramsInUse());
        h.run(35 * SECOND);
        assertEquals(0, h.stack.reassemblyBytesInUse());
        assertEquals(0, h.stack.reassemblyDatagramsInUse());
        assertEquals(1, h.count(Counter.DROP_REASM_TIMEOUT));
        h.run(36 * SECOND, frag(1, 1480, 1480), frag(1, 2960, 40));
        assertTrue(received.isEmpty(), "late fragments do not complete a freed datagram");
    }

    @Test
    void byteLimitDropsTheDatagram() {
        h = harness(StackConfig.builder(OUR_IP, 24).reassemblyBytesMax(2000));
        h.run(0, frag(1, 0, 1480), frag(1, 1480, 1480));
        assertEquals(1, h.count(Counter.DROP_REASM_BYTES_LIMIT), "the second fragment would need 3020 bytes");
        assertEquals(0, h.stack.reassemblyBytesInUse());
        h.run(0, frag(1, 2960, 40));
        assertTrue(received.isEmpty());
        assertTrue(h.stack.reassemblyBytesInUse() <= 2000);
    }

    @Test
    void datagramLimitEvictsTheOldest() {
        h = harness(StackConfig.builder(OUR_IP, 24).reassemblyDatagramsMax(2));
        h.run(0, frag(1, 0, 1480));
        h.run(1, frag(2, 0, 1480));
        h.run(2, frag(3, 0, 1480));
        assertEquals(1, h.count(Counter.DROP_REASM_DATAGRAMS_LIMIT), "datagram 1, the oldest, made way for 3");
        assertEquals(2, h.stack.reassemblyDatagramsInUse());
        h.run(3, frag(2, 1480, 1480), frag(2, 2960, 40));
        assertEquals(1, received.size(), "a datagram that was not evicted still completes");
        h.run(4, frag(3, 1480, 1480), frag(3, 2960, 40));
        assertEquals(2, received.size(), "the newest datagram completes too");
    }

    @Test
    void bogusFirstFragmentsDoNotStallReassembly() {
        h = harness(StackConfig.builder(OUR_IP, 24).reassemblyDatagramsMax(4));
        for (int id = 100; id < 120; id++) h.run(id, frag(id, 0, 1480)); // never completed
        h.run(200, frag(7, 0, 1480), frag(7, 1480, 1480), frag(7, 2960, 40));
        assertEquals(1, received.size(), "a real datagram gets through without waiting for the timeout");
        assertTrue(h.stack.reassemblyDatagramsInUse() <= 4);
    }

    @Test
    void reassemblyDisabledByConfigRefusesEveryFragment() {
        h = harness(StackConfig.builder(OUR_IP, 24).reassemblyBytesMax(0));
        h.run(0, frag(1, 0, 1480));
        assertEquals(1, h.count(Counter.DROP_REASM_BYTES_LIMIT));
        h = harness(StackConfig.builder(OUR_IP, 24).reassemblyDatagramsMax(0));
        h.run(0, frag(1, 0, 1480));
        assertEquals(1, h.count(Counter.DROP_REASM_DATAGRAMS_LIMIT));
        assertEquals(0, h.stack.reassemblyBytesInUse());
    }

    @Test
    void fragmentLimitDropsTheDatagram() {
        h = harness(StackConfig.builder(OUR_IP, 24).reassemblyFragmentsMax(2));
        h.run(0, frag(1, 0, 1480), frag(1, 1480, 1480), frag(1, 2960, 40));
        assertEquals(1, h.count(Counter.DROP_REASM_FRAGMENTS_LIMIT));
        assertTrue(received.isEmpty());
        assertEquals(0, h.stack.reassemblyBytesInUse());
    }

    @Test
    void middleFragmentNotMultipleOfEightIsRefused() {
        h.run(0, fragment(1, L4, 0, 1479, false));
        assertEquals(1, h.count(Counter.DROP_REASM_BAD_FRAGMENT));
        assertEquals(0, h.stack.reassemblyDatagramsInUse());
    }

    @Test
    void fragmentBeyondTheLastIsRefused() {
        byte[] l4 = bytes(4000, 0);
        h.run(0, fragment(9, l4, 1480, 40, true), fragment(9, l4, 1520, 1000, false)); // more data after the last fragment
        assertEquals(1, h.count(Counter.DROP_REASM_BAD_FRAGMENT));
        h.run(0, fragment(10, l4, 1480, 1480, false), fragment(10, l4, 8, 992, true)); // a last fragment before data already held
        assertEquals(2, h.count(Counter.DROP_REASM_BAD_FRAGMENT));
        h.run(0, fragment(11, l4, 1480, 40, true), fragment(11, l4, 8, 992, true)); // two different ends
        assertEquals(3, h.count(Counter.DROP_REASM_BAD_FRAGMENT));
        assertEquals(0, h.stack.reassemblyDatagramsInUse());
    }

    @Test
    void reassembledDatagramToClosedPortGetsOneUnreachable() {
        byte[] l4 = udp(PEER_IP, OUR_IP, 4000, 9, PAYLOAD);
        List<byte[]> out = h.run(0, fragment(5, l4, 0, 1480, false), fragment(5, l4, 1480, 1480, false), fragment(5, l4, 2960, 40, true));
        assertEquals(1, out.size());
        assertEquals(3, icmpOf(out.get(0)).code());
        // quotes the first fragment's header + 8 bytes of the datagram (the UDP header)
        byte[] quoted = icmpOf(out.get(0)).data();
        assertEquals(28, quoted.length);
        assertEquals(9, ((quoted[22] & 0xff) << 8) | (quoted[23] & 0xff));
    }

    @Test
    void fragmentsFromDifferentSourcesDoNotMix() {
        Ipv4Repr other = new Ipv4Repr(PEER_IP + 1, OUR_IP, Ipv4Packet.PROTO_UDP, 64, 1, 0, false, true, 0, 1480);
        h.run(0, ipv4(OUR_MAC, PEER_MAC, other, java.util.Arrays.copyOf(L4, 1480)), frag(1, 1480, 1480), frag(1, 2960, 40));
        assertTrue(received.isEmpty());
        assertEquals(2, h.stack.reassemblyDatagramsInUse());
    }
}

package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static dev.kiln.net.stack.StackHarness.SECOND;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.Ipv4;
import dev.kiln.net.UdpSocket;
import dev.kiln.net.wire.*;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 826 scenarios: a scripted neighbour asks, answers, stays silent. */
class ArpTest {

    @Test
    void startupSendsGratuitousArpOnce() {
        QueueNetDevice dev = new QueueNetDevice(OUR_MAC, 1500);
        KilnStack stack = KilnStack.create(dev, StackConfig.builder("192.0.2.2/24").build(), new SeededEntropy(1));
        assertEquals(0, stack.pollAtNs(), "work is due before the first turn");
        stack.doWork(5);
        List<byte[]> out = dev.drain();
        assertEquals(1, out.size());
        assertEquals(60, out.get(0).length, "padded to the Ethernet minimum");
        assertEquals(new EthernetRepr(Mac.BROADCAST, OUR_MAC, EthernetFrame.ETHERTYPE_ARP), eth(out.get(0)));
        assertEquals(new ArpRepr(ArpPacket.OP_REQUEST, OUR_MAC, OUR_IP, 0, OUR_IP), arpOf(out.get(0)));
        for (int i = 42; i < 60; i++) assertEquals(0, out.get(0)[i], "padding is zero");
        stack.doWork(6);
        assertTrue(dev.drain().isEmpty(), "announced once");
        assertEquals(2, dev.flushes, "device flushed every turn");
    }

    @Test
    void requestForOurAddressIsAnsweredByteExact() {
        StackHarness h = new StackHarness();
        List<byte[]> out = h.run(0, arp(Mac.BROADCAST, PEER_MAC, ArpRepr.request(PEER_MAC, PEER_IP, OUR_IP)));
        assertEquals(1, out.size());
        byte[] expected = new byte[60];
        MemorySegment s = MemorySegment.ofArray(expected);
        new EthernetRepr(PEER_MAC, OUR_MAC, EthernetFrame.ETHERTYPE_ARP).emit(new EthernetFrame().wrap(s, 0, 60));
        new ArpRepr(ArpPacket.OP_REPLY, OUR_MAC, OUR_IP, PEER_MAC, PEER_IP).emit(new ArpPacket().wrap(s, 14));
        assertArrayEquals(expected, out.get(0));
        assertEquals(1, h.count(Counter.TX_ARP_REPLIES));
    }

    @Test
    void requestForOurAddressTeachesTheCache() {
        StackHarness h = new StackHarness();
        assertEquals(-1, h.stack.arpLookup(PEER_IP, 0));
        h.learnPeer(0);
        assertEquals(PEER_MAC, h.stack.arpLookup(PEER_IP, 0));
        assertEquals(1, h.count(Counter.ARP_LEARNED));
    }

    @Test
    void requestForAnotherAddressIsNeitherAnsweredNorLearned() {
        StackHarness h = new StackHarness();
        List<byte[]> out = h.run(0, arp(Mac.BROADCAST, PEER_MAC, ArpRepr.request(PEER_MAC, PEER_IP, Ipv4.parse("192.0.2.99"))));
        assertTrue(out.isEmpty());
        assertEquals(-1, h.stack.arpLookup(PEER_IP, 0), "RFC 826: not the target and not known → not added");
        assertEquals(1, h.count(Counter.DROP_ARP_NOT_FOR_US));
    }

    @Test
    void knownSenderIsRefreshedEvenWhenNotTargetingUs() {
        StackHarness h = new StackHarness();
        h.learnPeer(0);
        long newMac = Mac.parse("02:00:00:00:00:11");
        h.run(SECOND, arp(Mac.BROADCAST, newMac, ArpRepr.request(newMac, PEER_IP, Ipv4.parse("192.0.2.99"))));
        assertEquals(newMac, h.stack.arpLookup(PEER_IP, SECOND), "RFC 826 merge: a known sender's MAC is updated");
    }

    @Test
    void learnedEntryExpiresAfterTtl() {
        StackHarness h = new StackHarness(StackConfig.builder(OUR_IP, 24).arpEntryTtlNs(10 * SECOND));
        h.learnPeer(0);
        assertEquals(10 * SECOND, h.stack.pollAtNs());
        assertEquals(PEER_MAC, h.stack.arpLookup(PEER_IP, 10 * SECOND - 1));
        h.run(10 * SECOND);
        assertEquals(0, h.stack.arpCacheSize());
        assertEquals(1, h.count(Counter.ARP_EXPIRED));
        assertEquals(Long.MAX_VALUE, h.stack.pollAtNs(), "nothing left to do");
    }

    @Test
    void replyFromUnknownSenderTargetingUsIsLearned() {
        StackHarness h = new StackHarness();
        h.run(0, arp(OUR_MAC, PEER_MAC, new ArpRepr(ArpPacket.OP_REPLY, PEER_MAC, PEER_IP, OUR_MAC, OUR_IP)));
        assertEquals(PEER_MAC, h.stack.arpLookup(PEER_IP, 0));
        assertEquals(0, h.count(Counter.TX_ARP_REPLIES), "replies are not answered");
    }

    @Test
    void senderClaimingOurAddressOrGroupMacIsNotLearned() {
        StackHarness h = new StackHarness();
        h.run(0, arp(Mac.BROADCAST, PEER_MAC, ArpRepr.request(PEER_MAC, OUR_IP, OUR_IP)));
        h.run(0, arp(Mac.BROADCAST, PEER_MAC, ArpRepr.request(Mac.BROADCAST, PEER_IP, OUR_IP)));
        assertEquals(0, h.stack.arpCacheSize());
        assertEquals(2, h.count(Counter.DROP_ARP_BAD_SENDER));
    }

    @Test
    void probeFromZeroAddressIsAnsweredButNotLearned() {
        StackHarness h = new StackHarness();
        List<byte[]> out = h.run(0, arp(Mac.BROADCAST, PEER_MAC, ArpRepr.request(PEER_MAC, 0, OUR_IP)));
        assertEquals(1, out.size());
        assertEquals(ArpPacket.OP_REPLY, arpOf(out.get(0)).operation());
        assertEquals(0, h.stack.arpCacheSize());
    }

    @Test
    void cacheIsBoundedAndEvictsTheOldest() {
        StackHarness h = new StackHarness(StackConfig.builder(OUR_IP, 24).arpCacheEntriesMax(2));
        for (int i = 0; i < 3; i++) {
            long mac = PEER_MAC + i;
            h.run(i, arp(Mac.BROADCAST, mac, ArpRepr.request(mac, PEER_IP + i, OUR_IP)));
        }
        assertEquals(2, h.stack.arpCacheSize());
        assertEquals(-1, h.stack.arpLookup(PEER_IP, 3));
        assertEquals(PEER_MAC + 2, h.stack.arpLookup(PEER_IP + 2, 3));
        assertEquals(1, h.count(Counter.ARP_EVICTED));
    }

    @Test
    void unresolvedNextHopGivesUpAfterRetriesAndDropsQueuedPackets() {
        StackHarness h = new StackHarness(StackConfig.builder(OUR_IP, 24).arpRequestRetriesMax(3).arpRetryIntervalNs(SECOND));
        UdpSocket sock = h.stack.udpBind(5000, (s, a, p, pl, r) -> 0);
        assertTrue(sock.sendTo(PEER_IP, 53, MemorySegment.ofArray(new byte[10]), 10), "queued, not dropped");
        assertTrue(sock.sendTo(PEER_IP, 53, MemorySegment.ofArray(new byte[10]), 10));
        List<byte[]> out = h.dev.drain();
        assertEquals(1, out.size(), "one request for two packets");
        assertEquals(ArpRepr.request(OUR_MAC, OUR_IP, PEER_IP), arpOf(out.get(0)));
        assertEquals(2, h.stack.arpPendingPackets());
        assertEquals(SECOND, h.stack.pollAtNs());
        assertEquals(1, h.run(SECOND).size(), "second request");
        assertEquals(1, h.run(2 * SECOND - 1).size() + h.run(2 * SECOND).size(), "third request, on time");
        assertEquals(0, h.count(Counter.DROP_ARP_UNRESOLVED));
        assertTrue(h.run(3 * SECOND).isEmpty(), "no fourth request");
        assertEquals(2, h.count(Counter.DROP_ARP_UNRESOLVED));
        assertEquals(0, h.stack.arpPendingPackets());
        assertEquals(3, h.count(Counter.TX_ARP_REQUESTS) - 1, "three requests besides the announcement");
        assertEquals(Long.MAX_VALUE, h.stack.pollAtNs());
    }

    @Test
    void resolvedNextHopReleasesQueuedPacketsInOrder() {
        StackHarness h = new StackHarness();
        UdpSocket sock = h.stack.udpBind(5000, (s, a, p, pl, r) -> 0);
        sock.sendTo(PEER_IP, 53, MemorySegment.ofArray(bytes(10, 1)), 10);
        sock.sendTo(PEER_IP, 53, MemorySegment.ofArray(bytes(20, 100)), 20);
        h.dev.drain();
        List<byte[]> out = h.run(0, arp(OUR_MAC, PEER_MAC, new ArpRepr(ArpPacket.OP_REPLY, PEER_MAC, PEER_IP, OUR_MAC, OUR_IP)));
        assertEquals(2, out.size());
        assertEquals(new EthernetRepr(PEER_MAC, OUR_MAC, EthernetFrame.ETHERTYPE_IPV4), eth(out.get(0)));
        assertArrayEquals(bytes(10, 1), udpPayloadOf(out.get(0)));
        assertArrayEquals(bytes(20, 100), udpPayloadOf(out.get(1)));
        assertEquals(0, h.stack.arpPendingPackets());
        assertTrue(h.run(5 * SECOND).isEmpty(), "no retries after resolution");
        assertEquals(0, h.count(Counter.DROP_ARP_UNRESOLVED));
    }

    @Test
    void pendingQueueIsBounded() {
        StackHarness h = new StackHarness(StackConfig.builder(OUR_IP, 24).arpPendingPacketsMax(4));
        UdpSocket sock = h.stack.udpBind(5000, (s, a, p, pl, r) -> 0);
        int accepted = 0;
        for (int i = 0; i < 6; i++) if (sock.sendTo(PEER_IP + (i % 3), 53, MemorySegment.ofArray(new byte[8]), 8)) accepted++;
        assertEquals(4, accepted);
        assertEquals(2, h.count(Counter.DROP_ARP_QUEUE_FULL));
        assertEquals(4, h.stack.arpPendingPackets());
    }

    @Test
    void offLinkDestinationIsResolvedThroughTheGateway() {
        StackHarness h = new StackHarness();
        UdpSocket sock = h.stack.udpBind(5000, (s, a, p, pl, r) -> 0);
        sock.sendTo(FAR_IP, 53, MemorySegment.ofArray(new byte[8]), 8);
        List<byte[]> out = h.dev.drain();
        assertEquals(ArpRepr.request(OUR_MAC, OUR_IP, GW_IP), arpOf(out.get(0)));
        out = h.run(0, arp(OUR_MAC, GW_MAC, new ArpRepr(ArpPacket.OP_REPLY, GW_MAC, GW_IP, OUR_MAC, OUR_IP)));
        assertEquals(GW_MAC, eth(out.get(0)).dst());
        assertEquals(FAR_IP, ipOf(out.get(0)).dst());
    }

    @Test
    void offLinkDestinationWithoutGatewayHasNoRoute() {
        StackHarness h = new StackHarness(StackConfig.builder(OUR_IP, 24));
        UdpSocket sock = h.stack.udpBind(5000, (s, a, p, pl, r) -> 0);
        assertFalse(sock.sendTo(FAR_IP, 53, MemorySegment.ofArray(new byte[8]), 8));
        assertEquals(1, h.count(Counter.DROP_IPV4_NO_ROUTE));
        assertTrue(h.dev.drain().isEmpty());
    }

    @Test
    void truncatedOrForeignArpIsDroppedByReason() {
        StackHarness h = new StackHarness();
        byte[] f = arp(Mac.BROADCAST, PEER_MAC, ArpRepr.request(PEER_MAC, PEER_IP, OUR_IP));
        h.run(0, java.util.Arrays.copyOf(f, 30));
        f[15] = 6; // hardware type 6
        h.run(0, f);
        assertEquals(1, h.count(Counter.DROP_ARP_MALFORMED));
        assertEquals(1, h.count(Counter.DROP_ARP_UNSUPPORTED));
    }
}

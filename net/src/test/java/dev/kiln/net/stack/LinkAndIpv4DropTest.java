package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.Ipv4;
import dev.kiln.net.wire.Mac;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Ethernet and IPv4 refuse what is not for us or not well formed, each with its named counter. */
class LinkAndIpv4DropTest {
    final StackHarness h = new StackHarness();
    final byte[] good = udpFromPeer(53000, 53, new byte[12]);

    @Test
    void frameForAnotherMacIsDropped() {
        byte[] f = good.clone();
        f[5] = 0x77;
        h.run(0, f);
        assertEquals(1, h.count(Counter.DROP_ETH_NOT_FOR_US));
    }

    @Test
    void multicastFrameIsDropped() {
        byte[] f = good.clone();
        f[0] = 0x01;
        f[1] = 0x00;
        f[2] = 0x5e;
        h.run(0, f);
        assertEquals(1, h.count(Counter.DROP_ETH_MULTICAST));
    }

    @Test
    void unknownEtherTypeAndRuntFramesAreDropped() {
        byte[] f = good.clone();
        f[12] = (byte) 0x86;
        f[13] = (byte) 0xdd; // IPv6
        h.run(0, f, Arrays.copyOf(good, 13));
        assertEquals(1, h.count(Counter.DROP_ETH_UNKNOWN_TYPE));
        assertEquals(1, h.count(Counter.DROP_ETH_TRUNCATED));
    }

    @Test
    void frameFromOurOwnMacIsDropped() {
        h.run(0, ipv4(OUR_MAC, OUR_MAC, PEER_IP, OUR_IP, 17, udp(PEER_IP, OUR_IP, 1, 53, new byte[1])));
        assertEquals(1, h.count(Counter.DROP_ETH_OWN_SOURCE));
    }

    @Test
    void frameFromGroupOrZeroSourceMacIsDropped() {
        byte[] group = good.clone();
        group[6] |= 0x01;
        byte[] zero = good.clone();
        java.util.Arrays.fill(zero, 6, 12, (byte) 0);
        h.run(0, group, zero);
        assertEquals(2, h.count(Counter.DROP_ETH_BAD_SOURCE));
    }

    @Test
    void ipv4HeaderErrorsAreCountedByReason() {
        byte[] badVersion = good.clone();
        badVersion[14] = 0x65;
        byte[] badIhl = good.clone();
        badIhl[14] = 0x43;
        byte[] badTotal = good.clone();
        badTotal[16] = 0;
        badTotal[17] = 10;
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        byte[] badChecksum = good.clone();
        badChecksum[24] ^= 1;
        h.run(0, badVersion, badIhl, badTotal, truncated, badChecksum);
        assertEquals(1, h.count(Counter.DROP_IPV4_BAD_VERSION));
        assertEquals(1, h.count(Counter.DROP_IPV4_BAD_IHL));
        assertEquals(1, h.count(Counter.DROP_IPV4_BAD_TOTAL_LEN));
        assertEquals(1, h.count(Counter.DROP_IPV4_TRUNCATED));
        assertEquals(1, h.count(Counter.DROP_IPV4_BAD_CHECKSUM));
        assertEquals(0, h.count(Counter.RX_IPV4));
    }

    @Test
    void datagramForAnotherAddressIsDropped() {
        int other = Ipv4.parse("192.0.2.99");
        h.run(0, ipv4(OUR_MAC, PEER_MAC, PEER_IP, other, 17, udp(PEER_IP, other, 1, 53, new byte[1])));
        assertEquals(1, h.count(Counter.DROP_IPV4_NOT_FOR_US));
    }

    @Test
    void badSourcesAreDropped() {
        for (String src : new String[] {"0.0.0.0", "255.255.255.255", "192.0.2.255", "224.0.0.1", "127.0.0.1", "192.0.2.2"}) {
            int s = Ipv4.parse(src);
            h.run(0, ipv4(OUR_MAC, PEER_MAC, s, OUR_IP, 17, udp(s, OUR_IP, 1, 53, new byte[1])));
        }
        assertEquals(6, h.count(Counter.DROP_IPV4_BAD_SOURCE));
    }

    @Test
    void broadcastIcmpIsDropped() {
        h.run(0, ipv4(Mac.BROADCAST, PEER_MAC, PEER_IP, 0xFFFFFFFF, 1,
                icmp(dev.kiln.net.wire.IcmpRepr.echoRequest(1, 1, new byte[8]))));
        assertEquals(1, h.count(Counter.DROP_IPV4_BROADCAST_NOT_UDP));
    }

    @Test
    void ttlZeroIsStillDeliveredToAHost() {
        int[] calls = {0};
        h.stack.udpBind(53, (s, a, p, pl, r) -> { calls[0]++; return 0; });
        var ip = new dev.kiln.net.wire.Ipv4Repr(PEER_IP, OUR_IP, 17, 0, 1, 0, false, false, 0, 9);
        h.run(0, ipv4(OUR_MAC, PEER_MAC, ip, udp(PEER_IP, OUR_IP, 1, 53, new byte[1])));
        assertEquals(1, calls[0], "RFC 1122 §3.2.1.7");
    }

    @Test
    void ipv4OptionsAreSkipped() {
        int[] len = {0};
        h.stack.udpBind(53, (s, a, p, pl, r) -> { len[0] = (int) pl.byteSize(); return 0; });
        byte[] l4 = udp(PEER_IP, OUR_IP, 1, 53, new byte[5]);
        byte[] f = new byte[14 + 24 + l4.length];
        System.arraycopy(good, 0, f, 0, 14);
        var s = seg(f);
        var p = new dev.kiln.net.wire.Ipv4Packet().wrap(s, 14);
        p.setVersionAndHeaderLen(24);
        p.setTotalLen(24 + l4.length);
        p.setTtl(64);
        p.setProtocol(17);
        p.setSrc(PEER_IP);
        p.setDst(OUR_IP);
        f[34] = 1; // NOP NOP NOP EOL
        f[35] = 1;
        f[36] = 1;
        p.fillChecksum();
        System.arraycopy(l4, 0, f, 38, l4.length);
        h.run(0, f);
        assertEquals(5, len[0]);
    }

    @Test
    void batchLimitLeavesFramesForTheNextTurn() {
        StackHarness small = new StackHarness(StackConfig.builder(OUR_IP, 24).rxBatchMax(3));
        for (int i = 0; i < 5; i++) small.dev.inject(good);
        assertEquals(3, small.stack.doWork(0));
        assertEquals(2, small.dev.pendingInbound());
        assertEquals(2, small.stack.doWork(0));
    }
}

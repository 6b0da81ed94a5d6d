package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static dev.kiln.net.stack.IcmpScenario.MS;
import static dev.kiln.net.stack.IcmpScenario.icmpAbout;
import static dev.kiln.net.stack.TcpFrames.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.tcp.Tcb;
import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;
import dev.kiln.net.wire.TcpSackBlock;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Path MTU discovery (RFC 1191) on the stack, in virtual time: the resend at once after a decrease (§6.5), the
 * increase after the timeout (§6.3), and the per-destination cache (§5) — with a router (192.0.2.1) that
 * answers the stack's 1500-byte segments with fragmentation needed, MTU 1280.
 */
class PathMtuTest {
    static final long MINUTE = 60_000 * MS;

    static StackConfig.Builder config() { return StackConfig.builder(OUR_IP, 24).gateway(GW_IP); }

    final IcmpScenario sc = new IcmpScenario(new StackHarness(config().pmtuTimeoutNs(10 * MINUTE)));
    final StackHarness h = sc.h;

    /** An established connection to the peer with 3000 bytes in flight at 5 ms, lowered to MTU 1280 at 6 ms; returns the resend. */
    List<byte[]> lowered() {
        sc.establish(sc.connect());
        List<byte[]> sent = sc.write(3000, 5 * MS);
        assertEquals(1460, tcpOf(sent.getFirst()).payloadLen());
        return h.run(6 * MS, icmpAbout(sent.getFirst(), 3, 4, 1280, 8));
    }

    static int largest(List<byte[]> frames) {
        int max = 0;
        for (byte[] f : frames) max = Math.max(max, tcpOf(f).payloadLen());
        return max;
    }

    @Test
    void theErrorsAboutTheRestOfTheFlightChangeNothingMore() {
        List<byte[]> resent = lowered();
        assertEquals(3, resent.size(), "1240 + 1240 + 520");
        byte[] second = resent.get(1);
        assertTrue(h.run(7 * MS, icmpAbout(second, 3, 4, 1280, 8)).isEmpty(), "an error about a segment of the new size: MTU not below it");
        assertEquals(1, h.count(Counter.TCP_PMTU_LOWERED));
        assertEquals(1, h.count(Counter.DROP_ICMP_PMTU_IGNORED));
    }

    @Test
    void forgedErrorsLoweringTheMssByteByByteGetTheFlightResentOnlyAFewTimes() {
        sc.establish(sc.connect());
        byte[] first = sc.write(3000, 5 * MS).getFirst();
        int resends = 0;
        for (int i = 0; i < 10; i++) { // MTU 1290, 1280, ...: each below the last, each quoting the 1500-byte segment
            List<byte[]> out = h.run((6 + i) * MS, icmpAbout(first, 3, 4, 1290 - 10 * i, 8));
            if (!out.isEmpty()) resends++;
            assertTrue(largest(out) <= 1290 - 10 * i - 40);
        }
        assertEquals(10, h.count(Counter.TCP_PMTU_LOWERED), "the MSS follows every believable report");
        assertEquals(3, resends, "but the flight is resent at once only " + 3 + " times; loss recovery does the rest");
    }

    @Test
    void withSackAndTimestampsTheResendFitsAndASackedTailStartsNoRecovery() {
        byte[] syn = sc.connect();
        TcpRepr s = tcpOf(syn);
        int ourTs = s.options().tsVal();
        TcpOptionsRepr o = TcpOptionsRepr.EMPTY.withMss(1460).withSackPermitted(true).withTimestamps(100, ourTs);
        h.run(2 * MS, fromPeer(new TcpRepr(80, s.srcPort(), IcmpScenario.PEER_ISS, s.seq() + 1, SYN | ACK, 65535, 0, o, 0)));
        List<byte[]> sent = sc.write(6000, 5 * MS);
        assertEquals(1448, tcpOf(sent.getFirst()).payloadLen(), "1460 less 12 option bytes");
        List<byte[]> resent = h.run(6 * MS, icmpAbout(sent.getFirst(), 3, 4, 1280, 8));
        int bytes = 0;
        for (byte[] f : resent) {
            assertTrue(f.length - 14 <= 1280, "with its options, within the path MTU: " + (f.length - 14));
            bytes += tcpOf(f).payloadLen();
        }
        assertEquals(1228, tcpOf(resent.getFirst()).payloadLen(), "1280 - 40 - 12");
        assertEquals(6000, bytes);
        int una = tcpOf(sent.getFirst()).seq();
        TcpOptionsRepr sack = TcpOptionsRepr.EMPTY.withTimestamps(101, ourTs).withSack(List.of(new TcpSackBlock(una + 4 * 1448, una + 6000)));
        h.run(7 * MS, fromPeer(new TcpRepr(80, s.srcPort(), IcmpScenario.PEER_ISS + 1, una, ACK, 65535, 0, sack, 0))); // the short tail got through
        h.run(8 * MS, fromPeer(new TcpRepr(80, s.srcPort(), IcmpScenario.PEER_ISS + 1, una + 6000, ACK, 65535, 0,
                TcpOptionsRepr.EMPTY.withTimestamps(102, ourTs), 0)));
        Tcb t = ((KilnTcpConnection) sc.conn).tcb;
        assertEquals(0, t.recoveries(), "a path MTU drop is not congestion");
        assertEquals(0, t.timeouts());
        assertEquals(0, t.unacknowledged());
        assertEquals(1228, t.sendMss());
        assertEquals(1460, t.negotiatedMss());
    }

    @Test
    void theLargerMtuIsTriedAgainAfterTheTimeout() {
        List<byte[]> resent = lowered();
        int port = tcpOf(resent.getFirst()).srcPort();
        int una = tcpOf(resent.getFirst()).seq();
        sc.ack(port, una + 3000, 8 * MS);
        h.learnPeer(9 * MINUTE - MS); // the ARP entry aged out meanwhile
        assertEquals(1240, largest(sc.write(3000, 9 * MINUTE)), "still lowered before 10 minutes");
        sc.ack(port, una + 6000, 9 * MINUTE + MS);
        assertTrue(h.stack.pollAtNs() <= 10 * MINUTE + 6 * MS, "the increase is a deadline: " + h.stack.pollAtNs());
        h.run(10 * MINUTE + 6 * MS);
        h.learnPeer(10 * MINUTE + 6 * MS);
        List<byte[]> later = sc.write(3000, 10 * MINUTE + 7 * MS);
        assertEquals(1460, largest(later), "RFC 1191 §6.3: back to the negotiated MSS");
        h.run(10 * MINUTE + 8 * MS, icmpAbout(later.getFirst(), 3, 4, 1280, 8));
        assertEquals(2, h.count(Counter.TCP_PMTU_LOWERED), "the path is still narrow: lowered again");
    }

    @Test
    void aNewConnectionToTheSameHostStartsWithTheLearnedMtuAndAnotherHostDoesNot() {
        lowered();
        IcmpScenario second = new IcmpScenario(h);
        second.establish(second.connect(PEER_IP, 20 * MS), 21 * MS);
        assertEquals(1240, largest(second.write(3000, 22 * MS)), "RFC 1191 §5: the path MTU is per destination");
        IcmpScenario far = new IcmpScenario(h);
        far.establish(far.connect(FAR_IP, 30 * MS), 31 * MS);
        assertEquals(1460, largest(far.write(3000, 32 * MS)), "another destination keeps its MSS");
        IcmpScenario expired = new IcmpScenario(h);
        expired.establish(expired.connect(PEER_IP, 11 * MINUTE), 11 * MINUTE + MS);
        assertEquals(1460, largest(expired.write(3000, 11 * MINUTE + 2 * MS)), "the entry expired");
    }

    @Test
    void withoutACacheOnlyTheConnectionThatWasToldLowersItsMss() {
        IcmpScenario s = new IcmpScenario(new StackHarness(config().pmtuCacheEntriesMax(0)));
        s.establish(s.connect());
        List<byte[]> sent = s.write(3000, 5 * MS);
        s.h.run(6 * MS, icmpAbout(sent.getFirst(), 3, 4, 1280, 8));
        IcmpScenario second = new IcmpScenario(s.h);
        second.establish(second.connect(PEER_IP, 20 * MS), 21 * MS);
        assertEquals(1460, largest(second.write(3000, 22 * MS)));
    }

    @Test
    void aForgedErrorAboutASynAckChangesNothing() {
        h.learnPeer(0);
        h.stack.tcpListen(80, dev.kiln.net.TcpOptions.defaults(), sc.recorder);
        TcpOptionsRepr o = TcpOptionsRepr.EMPTY.withMss(1460);
        byte[] synAck = h.run(MS, fromPeer(new TcpRepr(40000, 80, 1000, 0, SYN, 65535, 0, o, 0))).getFirst();
        byte[] forged = synAck.clone();
        forged[14 + 2] = 0x05; // the quoted total length claims 1500 bytes: a SYN-ACK never is
        forged[14 + 3] = (byte) 0xDC;
        h.run(2 * MS, icmpAbout(forged, 3, 4, 1000, 8));
        assertEquals(1, h.count(Counter.DROP_ICMP_PMTU_IGNORED));
        TcpRepr sa = tcpOf(synAck);
        h.run(3 * MS, fromPeer(segment(40000, 80, 1001, sa.seq() + 1, ACK, 0)));
        assertEquals(1460, largest(sc.write(3000, 4 * MS)), "the handshake's MSS stands");
    }

    @Test
    void theTimeoutAndCacheSizeAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> config().pmtuTimeoutNs(0).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> config().pmtuCacheEntriesMax(5000).build());
        assertTrue(e.getMessage().contains("pmtuCacheEntriesMax"), e.getMessage());
    }
}

package dev.kiln.net.stack;

import static dev.kiln.net.stack.Frames.*;
import static dev.kiln.net.stack.TcpFrames.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.wire.IcmpRepr;
import dev.kiln.net.wire.TcpOptionsRepr;
import dev.kiln.net.wire.TcpRepr;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ICMP errors to TCP (RFC 1122 §4.2.3.9, RFC 5461, RFC 5927, RFC 1191), one scenario per case: the stack
 * connects to (or is connected by) a scripted peer, and a router (192.0.2.1) sends errors quoting the
 * segments the stack sent — or forged ones.
 */
class IcmpTcpErrorTest {
    static final long MS = IcmpScenario.MS;
    static final int PEER_ISS = IcmpScenario.PEER_ISS;
    final IcmpScenario sc = new IcmpScenario();
    final StackHarness h = sc.h;
    final List<String> events = sc.events;
    final TcpHandler recorder = sc.recorder;

    static byte[] icmpAbout(byte[] sent, int type, int code, int mtu, int transport) { return IcmpScenario.icmpAbout(sent, type, code, mtu, transport); }

    static byte[] icmpAbout(byte[] sent, int type, int code) { return IcmpScenario.icmpAbout(sent, type, code); }

    byte[] connect() { return sc.connect(); }

    void establish(byte[] syn) { sc.establish(syn); }

    List<byte[]> write(int n, long nowNs) { return sc.write(n, nowNs); }

    @Test
    void portUnreachableDuringConnectRefusesIt() {
        byte[] syn = connect();
        h.run(2 * MS, icmpAbout(syn, 3, 3));
        assertEquals(List.of("closed REFUSED"), events, "the application's connect fails, no onAccepted");
        assertEquals(1, h.count(Counter.TCP_ICMP_ABORTS));
        assertEquals(1, h.count(Counter.RX_ICMP_ERRORS));
        assertEquals(0, h.stack.tcpConnections());
    }

    @Test
    void adminProhibitedAndProtocolUnreachableDuringConnectMakeItUnreachable() {
        for (int code : new int[] {13, 2, 10}) {
            IcmpScenario t = new IcmpScenario();
            byte[] syn = t.connect();
            t.h.run(2 * MS, icmpAbout(syn, 3, code));
            assertEquals(List.of("closed UNREACHABLE"), t.events, "code " + code);
            assertEquals(1, t.h.count(Counter.DROP_TCP_UNREACHABLE));
        }
    }

    @Test
    void anErrorQuotingASequenceNumberOutsideTheWindowIsDropped() {
        byte[] syn = connect();
        byte[] forged = icmpAbout(syn, 3, 3);
        int seqAt = forged.length - 4; // the quoted TCP sequence number: the last 4 of the 8 quoted bytes
        forged[seqAt + 3] ^= 1; // ISS ± 1: SND.UNA..SND.NXT in SYN-SENT holds only the ISS
        byte[] fixed = ipv4(OUR_MAC, GW_MAC, GW_IP, OUR_IP, 1, icmp(new IcmpRepr(3, 3, 0, Arrays.copyOfRange(forged, 14 + 20 + 8, forged.length))));
        h.run(2 * MS, fixed);
        assertEquals(1, h.count(Counter.DROP_ICMP_ERROR_OUT_OF_WINDOW), "RFC 5927 §4.1: " + h.stack.counters());
        assertEquals(List.of(), events, "the connect goes on");
        assertEquals(1, h.stack.tcpConnections());
    }

    @Test
    void anErrorForNoConnectionOrAnotherProtocolIsDroppedAndCounted() {
        byte[] syn = connect();
        byte[] other = syn.clone();
        other[14 + 20 + 2] ^= 1; // the quoted destination port: another 4-tuple
        h.run(2 * MS, icmpAbout(other, 3, 3));
        assertEquals(1, h.count(Counter.DROP_ICMP_ERROR_NO_CONNECTION));
        byte[] udp = udpFromPeer(4000, 53, new byte[4]);
        h.run(3 * MS, icmpAbout(udp, 3, 3));
        assertEquals(1, h.count(Counter.DROP_ICMP_ERROR_NO_SOCKET), "a UDP quote not from us (UdpIcmpErrorTest)");
        udp[14 + 9] = 47; // GRE: nobody here to tell
        h.run(4 * MS, icmpAbout(udp, 3, 3));
        assertEquals(1, h.count(Counter.DROP_ICMP_ERROR_OTHER_PROTOCOL));
        assertEquals(List.of(), events);
    }

    @Test
    void aShortOrBrokenQuoteIsDroppedAsMalformed() {
        byte[] syn = connect();
        h.run(2 * MS, icmpAbout(syn, 3, 3, 0, 4)); // RFC 792 promises 8 bytes of the TCP header; 4 lack the sequence number
        byte[] badIhl = syn.clone();
        badIhl[14] = 0x4F; // IHL 60 bytes: the quote would need 68
        h.run(3 * MS, icmpAbout(badIhl, 3, 3));
        byte[] notV4 = syn.clone();
        notV4[14] = 0x65;
        h.run(4 * MS, icmpAbout(notV4, 11, 0));
        assertEquals(3, h.count(Counter.DROP_ICMP_ERROR_MALFORMED));
        assertEquals(List.of(), events);
        assertEquals(1, h.stack.tcpConnections());
    }

    @Test
    void softErrorsDoNotAbortButNameTheCauseWhenTheConnectTimesOut() {
        byte[] syn = connect();
        h.run(2 * MS, icmpAbout(syn, 3, 1)); // host unreachable: soft (RFC 1122 §4.2.3.9)
        h.run(3 * MS, icmpAbout(syn, 11, 0)); // time exceeded: soft
        assertEquals(List.of(), events, "not aborted");
        assertEquals(2, h.count(Counter.TCP_ICMP_SOFT_ERRORS));
        for (int i = 0; i < 20 && events.isEmpty(); i++) h.run(h.stack.pollAtNs());
        assertEquals(List.of("closed UNREACHABLE"), events, "the SYN retries ran out; the soft error says why");
    }

    @Test
    void aHardErrorOnAnEstablishedConnectionIsSoft() {
        establish(connect());
        List<byte[]> sent = write(100, 5 * MS); // in flight: the quote names a sequence number in SND.UNA..SND.NXT
        h.run(6 * MS, icmpAbout(sent.getFirst(), 3, 3));
        assertEquals(1, h.count(Counter.TCP_ICMP_SOFT_ERRORS), "RFC 5461 §4: hard errors are soft once synchronized");
        assertEquals(List.of(), events);
        assertEquals(1, h.stack.tcpConnections());
        TcpRepr d = tcpOf(sent.getFirst());
        h.run(7 * MS, fromPeer(segment(80, d.srcPort(), PEER_ISS + 1, d.seq() + 100, ACK, 0)));
        h.run(8 * MS, icmpAbout(sent.getFirst(), 3, 3));
        assertEquals(1, h.count(Counter.DROP_ICMP_ERROR_OUT_OF_WINDOW), "acknowledged since: stale");
    }

    @Test
    void aSoftErrorNamesTheCauseWhenDataRetransmissionsRunOut() {
        establish(connect());
        List<byte[]> sent = write(100, 5 * MS);
        h.run(6 * MS, icmpAbout(sent.getFirst(), 3, 0)); // network unreachable: soft
        for (int i = 0; i < 40 && events.isEmpty(); i++) h.run(h.stack.pollAtNs());
        assertEquals(List.of("closed UNREACHABLE"), events);
    }

    @Test
    void progressAfterASoftErrorMakesALaterTimeOutPlain() {
        establish(connect());
        List<byte[]> sent = write(100, 5 * MS);
        h.run(6 * MS, icmpAbout(sent.getFirst(), 3, 1));
        TcpRepr d = tcpOf(sent.getFirst());
        h.run(7 * MS, fromPeer(segment(80, d.srcPort(), PEER_ISS + 1, d.seq() + 100, ACK, 0))); // the path works after all
        write(100, 8 * MS);
        for (int i = 0; i < 40 && events.isEmpty(); i++) h.run(h.stack.pollAtNs());
        assertEquals(List.of("closed TIMED_OUT"), events, "the error is stale: the peer answered since");
    }

    @Test
    void fragmentationNeededLowersTheMssForRetransmittedAndNewSegments() {
        establish(connect());
        List<byte[]> sent = write(3000, 5 * MS);
        assertEquals(1460, tcpOf(sent.getFirst()).payloadLen(), "full-sized before");
        assertEquals(1500, sent.getFirst().length - 14);
        assertTrue(ipOf(sent.getFirst()).dontFragment(), "DF set on TCP, so routers say when it does not fit (RFC 1191 §3)");
        List<byte[]> resent = h.run(6 * MS, icmpAbout(sent.getFirst(), 3, 4, 1280, 8));
        assertEquals(1, h.count(Counter.TCP_PMTU_LOWERED));
        // RFC 1191 §6.5, as Linux's tcp_simple_retransmit: the lost flight goes again at once at the new size
        assertFalse(resent.isEmpty(), "resent at once, not at the retransmission timeout");
        int bytes = 0;
        for (byte[] f : resent) {
            assertTrue(f.length - 14 <= 1280, "retransmission fits the path MTU: " + (f.length - 14));
            bytes += tcpOf(f).payloadLen();
        }
        TcpRepr first = tcpOf(resent.getFirst());
        assertEquals(tcpOf(sent.getFirst()).seq(), first.seq(), "from SND.UNA");
        assertEquals(1240, first.payloadLen(), "MTU 1280 - 40");
        assertEquals(3000, bytes, "the whole flight: not a congestion signal (a timeout would resend one segment)");
        long t = 7 * MS;
        h.run(t + MS, fromPeer(segment(80, first.srcPort(), PEER_ISS + 1, first.seq() + 3000, ACK, 0)));
        List<byte[]> fresh = write(3000, t + 2 * MS);
        assertFalse(fresh.isEmpty());
        for (byte[] f : fresh) assertTrue(f.length - 14 <= 1280, "new data fits the path MTU: " + (f.length - 14));
    }

    @Test
    void fragmentationNeededWithAnUnbelievableMtuIsIgnored() {
        establish(connect());
        List<byte[]> sent = write(1460, 5 * MS);
        h.run(6 * MS, icmpAbout(sent.getFirst(), 3, 4, 500, 8)); // below the 576 floor
        h.run(7 * MS, icmpAbout(sent.getFirst(), 3, 4, 0, 8)); // no MTU (a pre-RFC 1191 router)
        h.run(8 * MS, icmpAbout(sent.getFirst(), 3, 4, 1500, 8)); // not below what was sent
        assertEquals(3, h.count(Counter.DROP_ICMP_PMTU_IGNORED));
        assertEquals(0, h.count(Counter.TCP_PMTU_LOWERED));
        List<byte[]> resent = h.run(h.stack.pollAtNs());
        assertEquals(1460, tcpOf(resent.getFirst()).payloadLen(), "the MSS is unchanged");
    }

    @Test
    void aHardErrorAboutASynAckDropsTheHalfOpenConnectionSilently() {
        h.learnPeer(0);
        h.stack.tcpListen(80, TcpOptions.defaults(), recorder);
        List<byte[]> out = h.run(MS, fromPeer(segment(40000, 80, 1000, 0, SYN, 0)));
        assertEquals(SYN | ACK, tcpOf(out.getFirst()).flags());
        assertEquals(1, h.stack.tcpListenQueued());
        assertTrue(h.run(2 * MS, icmpAbout(out.getFirst(), 3, 3)).isEmpty(), "no RST: the peer is unreachable anyway");
        assertEquals(1, h.count(Counter.TCP_ICMP_ABORTS));
        assertEquals(0, h.stack.tcpConnections());
        assertEquals(0, h.stack.tcpListenQueued(), "the listen-queue slot is free again");
        assertEquals(List.of(), events, "the application never knew of it");
    }

    @Test
    void kilnAnswersAClosedTcpPortWithRstAndAClosedUdpPortWithPortUnreachable() {
        h.learnPeer(0);
        assertEquals(RST | ACK, tcpOf(h.run(MS, fromPeer(segment(40000, 81, 1000, 0, SYN, 0))).getFirst()).flags());
        assertEquals(3, icmpOf(h.run(2 * MS, udpFromPeer(4000, 9, new byte[4])).getFirst()).code());
    }
}

package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.TcpCloseReason;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpContractTest.Client;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpKeepAlive;
import dev.kiln.net.TcpOptions;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * Per-connection keep-alives on Kiln's stack (RFC 1122 §4.2.3.6), on a virtual clock: with them on, a
 * connection whose peer vanished (the cable loses its IP traffic) ends TIMED_OUT exactly idle + probes ×
 * interval after the peer last spoke, having sent that many probes; off (the default, or switched off),
 * it stays open and silent.
 */
class KilnTcpKeepAliveTest {
    static final long S = 1_000_000_000L;
    static final TcpKeepAlive K = new TcpKeepAlive(60, 5, 3);

    /** The server's side of one connection: when it was accepted, and how and when it ended. */
    static final class Server implements TcpHandler {
        final TcpKeepAlive onAccept;
        TcpConnection conn;
        long acceptedAt = -1, closedAt = -1;
        TcpCloseReason reason;

        Server(TcpKeepAlive onAccept) { this.onAccept = onAccept; }

        @Override
        public void onAccepted(TcpConnection c, long nowNs) {
            conn = c;
            acceptedAt = nowNs;
            if (onAccept != null) c.keepAlive(onAccept);
        }

        @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return (int) data.byteSize(); }

        @Override
        public void onClosed(TcpConnection c, TcpCloseReason r, long nowNs) {
            reason = r;
            closedAt = nowNs;
        }
    }

    /**
     * From now on the cable loses every IPv4 frame {@code end} sends (ARP still passes, so the count is of
     * what TCP sent, not of packets parked for a neighbour); returns the count of lost TCP segments.
     */
    static int[] vanish(LinkedDevices.End end) {
        int[] tcp = {0};
        end.drop = f -> {
            boolean ip = f.length >= 34 && f[12] == 0x08 && f[13] == 0x00;
            if (ip && f[23] == 6) tcp[0]++;
            return ip;
        };
        return tcp;
    }

    @Test
    void withKeepAliveOnAVanishedPeerIsDroppedAfterIdlePlusProbesTimesInterval() {
        try (StackPair p = new StackPair()) {
            Server h = new Server(K);
            p.server.tcpListen(80, TcpOptions.defaults(), h);
            p.client.tcpConnect(StackPair.SERVER_IP, 80, TcpOptions.defaults(), new Client());
            p.runUntil(() -> h.conn != null);
            vanish(p.link.b); // the client's frames never arrive
            int[] sent = vanish(p.link.a);
            p.runUntil(() -> h.reason != null);
            assertEquals(TcpCloseReason.TIMED_OUT, h.reason);
            assertEquals(h.acceptedAt + K.deadPeerNs(), h.closedAt, "idle + probes × interval after the peer last spoke");
            assertEquals(K.probes() + 1, sent[0], "three probes, then the RST");
            assertEquals(1, p.server.counter(Counter.DROP_TCP_TIMED_OUT));
            assertEquals(0, p.server.tcpConnections());
        }
    }

    @Test
    void anActiveOpenSwitchedOnBeforeTheHandshakeDropsAVanishedServer() {
        try (StackPair p = new StackPair()) {
            Server h = new Server(null);
            p.server.tcpListen(80, TcpOptions.defaults(), h);
            Client c = new Client();
            TcpConnection cc = p.client.tcpConnect(StackPair.SERVER_IP, 80, TcpOptions.defaults(), c);
            cc.keepAlive(K);
            p.runUntil(() -> c.conn != null && h.conn != null);
            long established = p.now;
            vanish(p.link.a);
            vanish(p.link.b);
            p.runUntil(c::ended);
            assertEquals("closed TIMED_OUT", c.log.getLast());
            assertEquals(established + K.deadPeerNs(), p.now);
            assertNull(h.reason, "the server, without keep-alives, never noticed");
        }
    }

    @Test
    void withKeepAliveOffTheConnectionStaysOpenAndSilent() {
        for (boolean switchedOff : new boolean[] {false, true}) {
            try (StackPair p = new StackPair()) {
                Server h = new Server(switchedOff ? K : null);
                p.server.tcpListen(80, TcpOptions.defaults(), h);
                p.client.tcpConnect(StackPair.SERVER_IP, 80, TcpOptions.defaults(), new Client());
                p.runUntil(() -> h.conn != null);
                if (switchedOff) h.conn.keepAlive(false);
                vanish(p.link.b);
                int[] sent = vanish(p.link.a);
                p.runFor(3 * 3600 * S); // beyond even the default two hours
                assertNull(h.reason, "still open (switched off: " + switchedOff + ")");
                assertEquals(0, sent[0], "no probe");
                assertEquals(1, p.server.tcpConnections());
                assertEquals(Long.MAX_VALUE, p.server.pollAtNs(), "no deadline: nothing to do");
            }
        }
    }

    @Test
    void theDefaultSettingsProbeAfterTwoHours() {
        try (StackPair p = new StackPair()) {
            Server h = new Server(TcpKeepAlive.defaults());
            p.server.tcpListen(80, TcpOptions.defaults(), h);
            p.client.tcpConnect(StackPair.SERVER_IP, 80, TcpOptions.defaults(), new Client());
            p.runUntil(() -> h.conn != null);
            vanish(p.link.b);
            vanish(p.link.a);
            p.runUntil(() -> h.reason != null);
            assertEquals(h.acceptedAt + (7200 + 9 * 75) * S, h.closedAt);
        }
    }
}

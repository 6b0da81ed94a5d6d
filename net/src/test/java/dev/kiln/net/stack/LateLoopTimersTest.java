package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpContractTest.Client;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpOptions;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A loop that runs late (descheduled, a long callback elsewhere) finds timers due and ACKs waiting in the
 * device: a turn reads the frames before it fires timers, so a flight the peer acknowledged in time is not
 * probed or resent because the ACK was read after the timer.
 */
class LateLoopTimersTest {
    static final long MS = 1_000_000L;

    @Test
    void aTurnReadsWaitingAcksBeforeItFiresTimers() {
        try (StackPair p = new StackPair()) {
            TcpConnection[] accepted = {null};
            p.server.tcpListen(80, TcpOptions.defaults(), new TcpHandler() {
                @Override public void onAccepted(TcpConnection c, long nowNs) { accepted[0] = c; }
                @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return (int) d.byteSize(); }
            });
            Client client = new Client();
            p.client.tcpConnect(StackPair.SERVER_IP, 80, TcpOptions.defaults(), client);
            p.runUntil(() -> accepted[0] != null && client.conn != null);
            p.runFor(100 * MS);
            p.turn(); // the stacks' clocks are now: the write below is timed from here
            byte[] data = new byte[12_000]; // within the initial window: one flight
            assertEquals(data.length, accepted[0].write(MemorySegment.ofArray(data), 0, data.length));
            p.server.doWork(p.now); // the flight leaves
            p.client.doWork(p.now); // arrives; ACKs go back
            p.client.doWork(p.now + 60 * MS); // a delayed ACK for an odd last segment too
            assertEquals(data.length, client.got.size(), "the client has everything");
            assertTrue(p.server.pollAtNs() < p.now + 500 * MS, "a probe or retransmission timer is armed on the server");
            p.now += 500 * MS; // the server's loop comes back late: past the probe and retransmission timeouts, the ACKs waiting
            p.server.doWork(p.now);
            Map<String, Long> c = p.server.counters();
            assertEquals(0L, c.get("tcp.retransmitted_bytes"), () -> "nothing resent: " + c);
            assertEquals(0L, c.get("tcp.loss_probes"), () -> "no probe: " + c);
            assertEquals(0L, c.get("tcp.timeouts"), () -> "no timeout: " + c);
            assertEquals(0, accepted[0].unsent(), "the flight is acknowledged");
        }
    }
}

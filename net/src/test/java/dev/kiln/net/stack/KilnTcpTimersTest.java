package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpContractTest.Client;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The connections' deadlines in the timer heap: pollAtNs is the earliest, each fires once, in order, moved and cancelled ones do not fire early. */
class KilnTcpTimersTest {
    static final long MS = 1_000_000L;

    @Test
    void manyConnectionTimersFireOnceEachInDeadlineOrder() {
        try (StackPair p = new StackPair()) {
            int n = 200;
            List<Long> asked = new ArrayList<>(), fired = new ArrayList<>();
            long base = p.now + 10_000 * MS;
            TcpListener l = p.server.tcpListen(80, TcpOptions.defaults().withConnectionsMax(512).withBacklog(512)
                    .withRxBufferBytes(2048).withTxBufferBytes(2048), new TcpHandler() {
                @Override public void onAccepted(TcpConnection c, long nowNs) {
                    long at = base + (long) ((asked.size() * 7919) % n) * MS; // distinct, not in accept order
                    asked.add(at);
                    c.attach(at);
                    c.timerAt(base - MS); // moved later below: the early entry must not fire the handler
                    c.timerAt(at);
                }
                @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return 0; }
                @Override public void onTimer(TcpConnection c, long nowNs) {
                    assertTrue(nowNs >= (long) c.attachment(), "not before its deadline");
                    fired.add((long) c.attachment());
                }
            });
            Client first = new Client(); // resolves ARP, so the other SYNs need not queue for it
            p.client.tcpConnect(StackPair.SERVER_IP, 80, TcpOptions.defaults(), first);
            p.runUntil(() -> first.conn != null);
            for (int i = 1; i < n; i++) p.client.tcpConnect(StackPair.SERVER_IP, 80, TcpOptions.defaults(), new Client());
            p.runUntil(() -> asked.size() == n);
            assertEquals(base, p.server.pollAtNs(), "the earliest connection deadline");
            assertTrue(p.server.tcpTimersFiled() <= 2 * n, "lazily invalidated, still bounded: " + p.server.tcpTimersFiled());
            p.runUntil(() -> fired.size() == n);
            p.runFor(n * 2 * MS);
            assertEquals(n, fired.size(), "each fired exactly once");
            assertEquals(asked.stream().sorted().toList(), fired, "in deadline order");
            assertEquals(n, l.connections());
        }
    }

    /**
     * Deadlines moved earlier, later and cancelled at random, many times per connection: each connection's timer
     * fires at its last deadline (never before it, never at a moved or cancelled one), and the heap holds at most
     * one entry per connection.
     */
    @Test
    void randomlyMovedDeadlinesFireOnlyAtTheLastOne() {
        try (StackPair p = new StackPair()) {
            int n = 64;
            java.util.Random r = new java.util.Random(7);
            java.util.Map<TcpConnection, Long> last = new java.util.HashMap<>();
            List<String> wrong = new ArrayList<>();
            int[] fires = {0};
            p.server.tcpListen(80, TcpOptions.defaults().withConnectionsMax(128).withBacklog(128), new TcpHandler() {
                @Override public void onAccepted(TcpConnection c, long nowNs) { last.put(c, Long.MAX_VALUE); }
                @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return 0; }
                @Override public void onTimer(TcpConnection c, long nowNs) {
                    long at = last.get(c);
                    if (nowNs < at) wrong.add("fired at " + nowNs + " before its deadline " + at);
                    if (nowNs > at + 3 * MS) wrong.add("fired at " + nowNs + ", late for its deadline " + at); // each turn is ≤ 2 ms after the last
                    fires[0]++;
                    last.put(c, Long.MAX_VALUE);
                }
            });
            Client first = new Client();
            p.client.tcpConnect(StackPair.SERVER_IP, 80, TcpOptions.defaults(), first);
            p.runUntil(() -> first.conn != null);
            for (int i = 1; i < n; i++) p.client.tcpConnect(StackPair.SERVER_IP, 80, TcpOptions.defaults(), new Client());
            p.runUntil(() -> last.size() == n);
            List<TcpConnection> conns = new ArrayList<>(last.keySet());
            long armed = 0;
            for (int step = 0; step < 4000; step++) {
                TcpConnection c = conns.get(r.nextInt(n));
                long at = r.nextInt(10) == 0 ? Long.MAX_VALUE : p.now + (1 + r.nextInt(50)) * MS; // a tenth cancel
                c.timerAt(at);
                last.put(c, at);
                if (r.nextInt(8) == 0) p.now += r.nextInt(3) * MS; // time passes now and then: some fire between moves
                p.turn();
                assertTrue(p.server.tcpTimersFiled() <= n, "one entry per connection at most: " + p.server.tcpTimersFiled());
            }
            for (long at : last.values()) if (at != Long.MAX_VALUE) armed++;
            int before = fires[0];
            p.runFor(100 * MS);
            assertEquals(List.of(), wrong);
            assertEquals(armed, fires[0] - before, "every deadline still set fired once at the end");
            assertTrue(last.values().stream().allMatch(v -> v == Long.MAX_VALUE), "none left");
        }
    }

    @Test
    void aCancelledTimerDoesNotFire() {
        try (StackPair p = new StackPair()) {
            int[] fired = {0};
            p.server.tcpListen(80, TcpOptions.defaults(), new TcpHandler() {
                @Override public void onAccepted(TcpConnection c, long nowNs) { c.timerAt(nowNs + 5 * MS); c.timerAt(Long.MAX_VALUE); }
                @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) { return 0; }
                @Override public void onTimer(TcpConnection c, long nowNs) { fired[0]++; }
            });
            Client c = new Client();
            p.client.tcpConnect(StackPair.SERVER_IP, 80, TcpOptions.defaults(), c);
            p.runUntil(() -> c.conn != null);
            p.runFor(50 * MS);
            assertEquals(0, fired[0]);
        }
    }
}

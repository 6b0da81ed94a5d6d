package dev.kiln.net.stack;

import dev.kiln.net.Ipv4;
import dev.kiln.net.tcp.TcpConfig;
import dev.kiln.net.wire.Mac;
import java.util.function.BooleanSupplier;

/**
 * Two KilnStacks back to back on an in-memory link (server 192.0.2.53, client 192.0.2.100), on a
 * virtual clock: a turn runs both; when neither has work the clock jumps to the next deadline.
 */
public final class StackPair implements AutoCloseable {
    public static final int SERVER_IP = Ipv4.parse("192.0.2.53"), CLIENT_IP = Ipv4.parse("192.0.2.100");
    public final LinkedDevices link = new LinkedDevices(Mac.parse("02:00:00:00:00:0a"), Mac.parse("02:00:00:00:00:0b"));
    public final KilnStack server, client;
    public long now = 1_000_000_000L;

    public StackPair() { this(KilnStack.TCP_DEFAULT); }

    public StackPair(TcpConfig tcp) {
        server = KilnStack.create(link.a, StackConfig.builder(SERVER_IP, 24).build(), new SeededEntropy(1), tcp);
        client = KilnStack.create(link.b, StackConfig.builder(CLIENT_IP, 24).build(), new SeededEntropy(2), tcp);
        turn(); // started: the announcements go out, and calls before the next turn use this time
    }

    /** One turn of both stacks; returns the work done. */
    public int turn() { return server.doWork(now) + client.doWork(now); }

    /** Turns (advancing the clock to the next deadline when idle) until {@code done}; fails after {@code turnsMax}. */
    public void runUntil(BooleanSupplier done, int turnsMax) {
        for (int i = 0; i < turnsMax; i++) {
            if (done.getAsBoolean()) return;
            if (turn() == 0 && link.a.inbox.isEmpty() && link.b.inbox.isEmpty()) {
                long next = Math.min(server.pollAtNs(), client.pollAtNs());
                if (next == Long.MAX_VALUE) break;
                now = Math.max(now + 1, next);
            }
        }
        if (!done.getAsBoolean()) throw new AssertionError("condition not reached; server " + server.counters() + "\nclient " + client.counters());
    }

    public void runUntil(BooleanSupplier done) { runUntil(done, 1_000_000); }

    /** Runs while there is work or a deadline within {@code ns}, without a goal (a negative check's time passing). */
    public void runFor(long ns) {
        long end = now + ns;
        while (now < end) {
            if (turn() == 0 && link.a.inbox.isEmpty() && link.b.inbox.isEmpty()) {
                long next = Math.min(server.pollAtNs(), client.pollAtNs());
                now = Math.min(end, Math.max(now + 1, next));
            }
        }
    }

    @Override
    public void close() {
        server.close();
        client.close();
    }
}

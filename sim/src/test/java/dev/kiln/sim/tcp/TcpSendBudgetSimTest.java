package dev.kiln.sim.tcp;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.Ipv4;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.stack.KilnStack;
import dev.kiln.net.stack.StackConfig;
import dev.kiln.sim.FaultPlan;
import dev.kiln.sim.SimNode;
import dev.kiln.sim.Simulation;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * The stack-wide send budget ({@code TcpConfig.sendBudgetBytes}) is shared: when one connection's unsent
 * bytes hold all of it, another connection's write takes nothing although its own buffer is empty. No ACK
 * of its own will ever free room, so the stack must tell it (onWritable) when the budget frees; otherwise it
 * waits forever.
 */
class TcpSendBudgetSimTest {
    static final long MS = 1_000_000L, S = 1_000 * MS;
    static final int SERVER = Ipv4.parse("192.0.2.1"), PORT = 80, BUDGET = 256 * 1024, STALLED_BYTES = 4 << 20, FAST_BYTES = 1 << 20;

    /** Writes {@code total} bytes, as much as is taken per call, again on each onWritable. */
    static final class Writer {
        final long total;
        long sent, writableCalls;
        final MemorySegment chunk = MemorySegment.ofArray(new byte[16 * 1024]);

        Writer(long total) { this.total = total; }

        void pump(TcpConnection c) {
            while (sent < total) {
                int n = (int) Math.min(chunk.byteSize(), total - sent), w = c.write(chunk, 0, n);
                sent += w;
                if (w < n) return;
            }
            c.close();
        }
    }

    /** Reads everything offered once {@code fromNs} has come (pauses reading until then). */
    static final class Reader implements TcpHandler {
        final long fromNs;
        long received;

        Reader(long fromNs) { this.fromNs = fromNs; }

        @Override
        public void onAccepted(TcpConnection c, long nowNs) {
            if (nowNs < fromNs) {
                c.pauseReading();
                c.timerAt(fromNs);
            }
        }

        @Override public void onTimer(TcpConnection c, long nowNs) { c.resumeReading(); }

        @Override
        public int onReadable(TcpConnection c, MemorySegment data, long nowNs) {
            received += data.byteSize();
            return (int) data.byteSize();
        }
    }

    @Test
    void aConnectionStarvedByTheSharedBudgetIsToldWhenItFrees() {
        Simulation sim = new Simulation(7, FaultPlan.none());
        SimNode sn = sim.addNode("appliance");
        KilnStack server = KilnStack.create(sn.device(), StackConfig.builder("192.0.2.1/24").build(), sn.entropy(),
                KilnStack.TCP_DEFAULT.withSendBudgetBytes(BUDGET));
        sn.add(server);
        TcpOptions options = TcpOptions.defaults().withTxBufferBytes(BUDGET).withRxBufferBytes(16 * 1024);
        Writer[] writers = new Writer[2];
        int[] accepted = {0};
        server.tcpListen(PORT, options, new TcpHandler() {
            @Override
            public void onAccepted(TcpConnection c, long nowNs) {
                Writer w = new Writer(accepted[0] == 0 ? STALLED_BYTES : FAST_BYTES); // the first keeps the budget full while its reader stalls
                writers[accepted[0]++] = w;
                c.attach(w);
                w.pump(c);
            }

            @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return (int) data.byteSize(); }

            @Override
            public void onWritable(TcpConnection c, long nowNs) {
                Writer w = (Writer) c.attachment();
                w.writableCalls++;
                w.pump(c);
            }
        });
        SimNode cn = sim.addNode("clients");
        KilnStack clients = KilnStack.create(cn.device(), StackConfig.builder("192.0.2.10/24").build(), cn.entropy());
        cn.add(clients);
        TcpOptions small = TcpOptions.defaults().withRxBufferBytes(16 * 1024);
        Reader stalled = new Reader(10 * S), fast = new Reader(0);
        sim.at(sim.nowNs(), () -> clients.tcpConnect(SERVER, PORT, small, stalled));
        sim.at(sim.nowNs() + S, () -> clients.tcpConnect(SERVER, PORT, small, fast));

        sim.runFor(9 * S);
        assertEquals(0, fast.received, "while the stalled reader's unsent bytes hold the whole budget, nothing is sent to the other");
        assertEquals(BUDGET, server.tcpSendBudgetBytesInUse(), "the stalled connection's bytes hold the whole budget");
        sim.runFor(11 * S);
        assertEquals(STALLED_BYTES, stalled.received);
        assertEquals(FAST_BYTES, fast.received, "the starved connection was told when the budget freed and sent everything");
        assertTrue(writers[1].writableCalls > 0);
    }
}

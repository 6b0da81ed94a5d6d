package dev.kiln.net.tcp;

import static dev.kiln.net.tcp.Peer.*;
import static dev.kiln.net.wire.TcpPacket.*;
import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The connection's send queue is a {@link SendBuffer} charged to the stack's {@link BufferBudget}. */
class TcpSendBufferTest {
    static final MemorySegment DATA = MemorySegment.ofArray(new byte[100_000]);

    @Test
    void sendStopsAtTheStackWideBudgetAndAcksReturnIt() {
        TcpConfig cfg = TcpConfig.DEFAULT.withOptions(false, false, false);
        TcpContext base = new Peer(cfg).ctx;
        TcpContext shared = new TcpContext(cfg, base.isn(), base.entropy(), base.challengeAcks(), new BufferBudget(5000));
        Peer p = new Peer(shared);
        Tcb a = p.established(0), b = p.established(0);
        assertEquals(3000, a.send(DATA, 0, 3000, 1));
        assertEquals(2000, b.send(DATA, 0, 3000, 1), "the budget has 2000 bytes left for the second connection");
        assertEquals(0, b.send(DATA, 0, 10, 1));
        assertEquals(5000, shared.sendBudget().usedBytes());
        deliver(a, seg(p.iss + 1, a.sndUna + 1400, ACK), 2);
        assertEquals(1400, b.send(DATA, 0, 3000, 3), "acknowledged bytes went back to the budget");
        a.abort(4);
        assertEquals(3400, shared.sendBudget().usedBytes(), "a closed connection returns what it held");
    }

    @Test
    void sendStopsAtTheConnectionsOwnBuffer() {
        Peer p = new Peer();
        Tcb t = p.established(0);
        int cap = TcpConfig.DEFAULT.sendBufBytes();
        assertEquals(cap, t.send(MemorySegment.ofArray(new byte[cap + 10]), 0, cap + 10, 1));
        assertEquals(0, t.send(DATA, 0, 1, 1));
        assertEquals(cap, t.unacknowledged());
    }
}

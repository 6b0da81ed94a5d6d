package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.NetStack;
import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpContractTest;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The TCP contract on Kiln's own stack: two KilnStacks back to back in memory on a virtual clock. */
class KilnTcpContractTest extends TcpContractTest {
    final StackPair pair = new StackPair();

    @AfterEach
    void close() { pair.close(); }

    @Override protected NetStack server() { return pair.server; }
    @Override protected NetStack client() { return pair.client; }
    @Override protected int serverAddress() { return StackPair.SERVER_IP; }
    @Override protected int clientAddress() { return StackPair.CLIENT_IP; }
    @Override protected void turnUntil(BooleanSupplier done) { pair.runUntil(done); }
    @Override protected void passTime(long ns) { pair.runFor(ns); }

    static boolean isTcp(byte[] f) { return f.length > 34 && f[12] == 0x08 && f[13] == 0x00 && f[23] == 6; }

    /**
     * 1 MiB each way over a link that loses 3% of TCP frames at random, plus everything for half a second
     * once the server has 256 KiB: only the retransmission timer recovers from that blackout, and the pair
     * is idle meanwhile, so this also shows the TCBs' deadlines reach pollAtNs (else the run stalls).
     */
    @Test
    void retransmissionTimersRecoverALossyLinkAndABlackout() {
        SplittableRandom random = new SplittableRandom(7);
        long[] blackout = {Long.MAX_VALUE, Long.MAX_VALUE};
        Predicate<byte[]> lossy = f -> isTcp(f) && (random.nextInt(100) < 3 || (pair.now >= blackout[0] && pair.now < blackout[1]));
        pair.link.a.drop = lossy;
        pair.link.b.drop = lossy;
        byte[] up = new byte[1 << 20], down = new byte[1 << 20];
        new Random(3).nextBytes(up);
        new Random(4).nextBytes(down);
        ByteArrayOutputStream serverGot = new ByteArrayOutputStream();
        Client server = new Client() {
            @Override public int onReadable(TcpConnection c, MemorySegment d, long nowNs) {
                serverGot.writeBytes(d.toArray(ValueLayout.JAVA_BYTE));
                if (serverGot.size() >= 256 << 10 && blackout[0] == Long.MAX_VALUE) { blackout[0] = nowNs; blackout[1] = nowNs + 500_000_000L; }
                return (int) d.byteSize();
            }
        }.sending(down, true);
        TcpListener l = pair.server.tcpListen(0, TcpOptions.defaults(), server);
        Client c = new Client().sending(up, true);
        pair.client.tcpConnect(StackPair.SERVER_IP, l.port(), TcpOptions.defaults(), c);
        pair.runUntil(() -> c.ended() && server.ended(), 5_000_000);
        assertArrayEquals(up, serverGot.toByteArray());
        assertArrayEquals(down, c.got.toByteArray());
        assertEquals("closed CLOSED", c.log.getLast());
        assertTrue(blackout[0] != Long.MAX_VALUE && pair.now > blackout[1], "the blackout happened and passed");
        assertTrue(pair.link.a.lost + pair.link.b.lost > 50, "frames were lost: " + (pair.link.a.lost + pair.link.b.lost));
        assertEquals(0, pair.client.counter(Counter.DROP_IPV4_TOO_BIG) + pair.server.counter(Counter.DROP_IPV4_TOO_BIG),
                "full-sized segments with SACK blocks are sent without them, not dropped");
    }
}

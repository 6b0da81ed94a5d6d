package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpContractTest.Client;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/**
 * The extent table's cap as back-pressure on a connection: lent ranges that do not continue one another
 * (every other byte of a block, one extent each) fill the table long before the send buffer, so
 * {@code writeImmutable} takes nothing while {@code writable()} still says there is room; {@code onWritable}
 * follows once ACKs free extents, and the stream completes byte-exact.
 */
class LentExtentsBackPressureTest {
    static final int BYTES = 20_000;

    /** Sends byte {@code 2i} of {@link #block} as the stream's byte {@code i}: every write a new extent. */
    static final class Scattered implements TcpHandler {
        final MemorySegment block = Arena.global().allocate(2 * BYTES);
        int sent, refusedWithRoom, refusedWhileWritable, writables;

        Scattered() {
            for (int i = 0; i < 2 * BYTES; i++) block.set(ValueLayout.JAVA_BYTE, i, (byte) (i / 2 * 31 + 7));
        }

        @Override public void onAccepted(TcpConnection c, long nowNs) { push(c); }

        @Override public void onWritable(TcpConnection c, long nowNs) { writables++; push(c); }

        @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return (int) data.byteSize(); }

        void push(TcpConnection c) {
            while (sent < BYTES) {
                int room = (1 << 20) - c.unsent(), writable = c.writable(); // the buffer's room; what write takes
                if (c.writeImmutable(block, 2L * sent, 1) == 0) {
                    if (room > 0) refusedWithRoom++;
                    if (writable > 0) refusedWhileWritable++;
                    return; // onWritable follows
                }
                sent++;
            }
            c.close();
        }
    }

    @Test
    void aFullExtentTableHoldsWritesBackUntilAcksFreeIt() {
        try (StackPair p = new StackPair()) {
            Scattered s = new Scattered();
            TcpListener l = p.server.tcpListen(0, TcpOptions.defaults().withTxBufferBytes(1 << 20), s);
            Client receiver = new Client();
            p.client.tcpConnect(StackPair.SERVER_IP, l.port(), TcpOptions.defaults(), receiver);
            p.runUntil(receiver::ended);
            byte[] want = new byte[BYTES];
            for (int i = 0; i < BYTES; i++) want[i] = (byte) (i * 31 + 7);
            assertArrayEquals(want, receiver.got.toByteArray());
            assertTrue(s.refusedWithRoom > 0 && s.writables >= s.refusedWithRoom,
                    "the table, not the buffer, refused (" + s.refusedWithRoom + " times) and onWritable resumed (" + s.writables + ")");
            assertEquals(0, s.refusedWhileWritable, "writable() said 0 whenever the table was full");
        }
    }
}

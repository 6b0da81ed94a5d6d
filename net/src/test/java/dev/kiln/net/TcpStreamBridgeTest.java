package dev.kiln.net;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import org.junit.jupiter.api.Test;

/** TcpStream's loop side against a scripted connection: the interleavings are played one step at a time. */
class TcpStreamBridgeTest {
    /** A connection that, like the real ones, refuses calls once it has ended. */
    static final class FakeConnection implements TcpConnection {
        boolean paused, ended;
        int resumes;
        private Object attachment;

        private void live() { if (ended) throw new IllegalStateException("TCP connection is closed"); }
        @Override public int remoteAddress() { return 0; }
        @Override public int remotePort() { return 1; }
        @Override public int localPort() { return 2; }
        @Override public int write(MemorySegment src, long offset, int len) { live(); return len; }
        @Override public int writable() { return 0; }
        @Override public int unsent() { return 0; }
        @Override public void pauseReading() { live(); paused = true; }
        @Override public void resumeReading() { live(); paused = false; resumes++; }
        @Override public void shutdownOutput() { live(); }
        @Override public void close() { live(); }
        @Override public void abort() { live(); }
        @Override public void timerAt(long atNs) { live(); }
        @Override public void keepAlive(dev.kiln.net.TcpKeepAlive k) { live(); }
        @Override public dev.kiln.net.TcpKeepAlive keepAlive() { return null; }
        @Override public Object attachment() { return attachment; }
        @Override public void attach(Object a) { attachment = a; }
    }

    final ArrayDeque<Runnable> loopTasks = new ArrayDeque<>();
    final FakeConnection conn = new FakeConnection();
    final TcpStream s = new TcpStream(loopTasks::add, conn, 4, 4);

    void runLoopTasks() { for (Runnable t; (t = loopTasks.poll()) != null; ) t.run(); }

    @Test
    void aResumePostedBeforeTheConnectionEndedDoesNotTouchTheDeadHandle() throws IOException {
        assertEquals(4, s.received(MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5, 6})), "the ring takes what fits");
        assertTrue(conn.paused);
        byte[] b = new byte[4];
        assertEquals(4, s.input().read(b, 0, 4)); // the reader makes room and posts the resume
        conn.ended = true; // meanwhile the peer resets: the loop reports the end before it runs the task
        s.closed(TcpCloseReason.RESET);
        assertDoesNotThrow(this::runLoopTasks, "a posted resume must not call into the ended connection");
        assertEquals(0, conn.resumes);
        IOException e = assertThrows(IOException.class, () -> s.input().read(b, 0, 4));
        assertTrue(e.getMessage().contains("reset"), e.getMessage());
    }

    @Test
    void aResumeRunsWhileTheConnectionLives() throws IOException {
        s.received(MemorySegment.ofArray(new byte[6]));
        assertEquals(4, s.input().read(new byte[4], 0, 4));
        runLoopTasks();
        assertEquals(1, conn.resumes);
        assertFalse(conn.paused);
    }
}

package dev.kiln.net.host;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.TcpConnection;
import dev.kiln.net.TcpHandler;
import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/**
 * {@link TcpListener#execute} from another thread must never be lost. The selector's wakeup is
 * consumed by any select, including the {@code selectNow} inside {@code doWork}; a task posted
 * between the turn's task poll and that {@code selectNow} would otherwise wait for unrelated I/O
 * (a stalled {@code TcpStreams} transfer was the symptom). The loop asks {@code pollAtNs} before
 * it sleeps, so a queued task must make the stack due at once.
 */
class HostLoopWakeupTest {
    static final TcpHandler IDLE = new TcpHandler() {
        @Override public void onAccepted(TcpConnection c, long nowNs) { }
        @Override public int onReadable(TcpConnection c, MemorySegment data, long nowNs) { return 0; }
    };

    @Test
    void aQueuedTaskMakesTheStackDueNowEvenAfterItsWakeupWasConsumed() {
        try (HostStack stack = HostStack.open("127.0.0.1")) {
            TcpListener l = stack.tcpListen(0, TcpOptions.defaults(), IDLE);
            stack.doWork(1);
            assertEquals(Long.MAX_VALUE, stack.pollAtNs(), "an idle stack sleeps until I/O");
            boolean[] ran = {false};
            l.execute(() -> ran[0] = true);
            stack.readiness().await(0); // consumes the selector wakeup, as doWork's selectNow can
            assertEquals(0, stack.pollAtNs(), "the queued task must stop the loop from sleeping");
            stack.doWork(2);
            assertTrue(ran[0]);
            assertEquals(Long.MAX_VALUE, stack.pollAtNs());
        }
    }
}

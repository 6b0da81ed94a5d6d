package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.TcpOptions;
import dev.kiln.net.TcpStream;
import dev.kiln.net.TcpStreams;
import dev.kiln.net.wire.Mac;
import dev.kiln.platform.Agent;
import dev.kiln.platform.Clock;
import dev.kiln.platform.Loop;
import dev.kiln.platform.Readiness;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The blocking facade over Kiln's own stack: two KilnStacks on an in-memory link, driven by one
 * {@link Loop} thread on the real clock; sessions and clients on virtual threads reach the loop only
 * through the stacks' executors, whose waker unparks it.
 */
class TcpStreamsOverKilnTest {
    final LinkedDevices link = new LinkedDevices(Mac.parse("02:00:00:00:00:0a"), Mac.parse("02:00:00:00:00:0b"));
    final KilnStack server = KilnStack.create(link.a, StackConfig.builder(StackPair.SERVER_IP, 24).build(), new SeededEntropy(1));
    final KilnStack client = KilnStack.create(link.b, StackConfig.builder(StackPair.CLIENT_IP, 24).build(), new SeededEntropy(2));
    final ParkReadiness readiness = new ParkReadiness();
    final Loop loop = new Loop(new Agent() {
        @Override public int doWork(long nowNs) { return server.doWork(nowNs) + client.doWork(nowNs); }
        @Override public long pollAtNs() { return Math.min(server.pollAtNs(), client.pollAtNs()); }
    }, readiness, new Clock() {
        @Override public long nanoTime() { return System.nanoTime(); }
        @Override public long wallNanos() { return System.currentTimeMillis() * 1_000_000L; }
    });
    Thread loopThread;

    /** Sleeps by parking; a wake-up that comes before the park is not lost (the flag, and unpark's permit). */
    static final class ParkReadiness implements Readiness {
        volatile Thread sleeper;
        volatile boolean woken;

        @Override public void await(long timeoutNs) {
            sleeper = Thread.currentThread();
            if (!woken) {
                if (timeoutNs < 0) LockSupport.park();
                else if (timeoutNs > 0) LockSupport.parkNanos(timeoutNs);
            }
            woken = false;
        }

        @Override public void wakeup() {
            woken = true;
            Thread t = sleeper;
            if (t != null) LockSupport.unpark(t);
        }
    }

    void start() {
        server.waker(readiness::wakeup);
        client.waker(readiness::wakeup);
        loopThread = Thread.ofPlatform().name("kiln-loop").start(loop::run);
    }

    @AfterEach
    void stop() throws InterruptedException {
        loop.stop();
        if (loopThread != null) loopThread.join(5000);
        server.close();
        client.close();
    }

    @Test
    void echoesAMegabyteThroughSmallBuffers() throws Exception {
        TcpOptions o = TcpOptions.defaults().withRxBufferBytes(4096).withTxBufferBytes(4096);
        TcpStreams.listen(server, 7, o, s -> {
            try {
                s.input().transferTo(s.output());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        start();
        byte[] data = new byte[1 << 20];
        new Random(5).nextBytes(data);
        CompletableFuture<byte[]> echoed = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (TcpStream c = TcpStreams.connect(client, StackPair.SERVER_IP, 7, o)) {
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        for (int off = 0; off < data.length; off += 1000) c.output().write(data, off, Math.min(1000, data.length - off));
                        c.output().close(); // half-close: the server's transferTo ends
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                InputStream in = c.input();
                echoed.complete(in.readAllBytes());
                writer.join();
            } catch (Throwable t) {
                echoed.completeExceptionally(t);
            }
        });
        assertArrayEquals(data, echoed.get(60, TimeUnit.SECONDS));
        assertEquals(0, server.counter(Counter.DROP_TCP_HANDLER_ERROR), server.counters()::toString);
    }

    @Test
    void connectingToAClosedPortThrowsRefused() throws Exception {
        start();
        CompletableFuture<Throwable> failed = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (TcpStream c = TcpStreams.connect(client, StackPair.SERVER_IP, 9, TcpOptions.defaults())) {
                failed.complete(null);
            } catch (Throwable t) {
                failed.complete(t);
            }
        });
        Throwable t = failed.get(30, TimeUnit.SECONDS);
        assertInstanceOf(IOException.class, t);
        assertTrue(t.getMessage().contains("refused"), t.getMessage());
    }
}

package dev.kiln.net.host;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.TcpListener;
import dev.kiln.net.TcpOptions;
import dev.kiln.net.TcpStreams;
import dev.kiln.platform.Clock;
import dev.kiln.platform.Loop;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The blocking facade: sessions on virtual threads, the stack on its own loop thread. */
class TcpStreamTest {
    final HostStack stack = HostStack.open("127.0.0.1");
    final Loop loop = new Loop(stack, stack.readiness(), new Clock() {
        @Override public long nanoTime() { return System.nanoTime(); }
        @Override public long wallNanos() { return System.currentTimeMillis() * 1_000_000L; }
    });
    Thread loopThread;
    /** The client's threads: not the common pool, which has one worker on a 2-core machine. */
    static final java.util.concurrent.Executor CLIENTS = r -> Thread.ofVirtual().start(r);

    void runLoop() {
        loopThread = Thread.ofPlatform().name("kiln-loop").start(loop::run);
    }

    @AfterEach
    void stop() throws InterruptedException {
        loop.stop();
        if (loopThread != null) loopThread.join(5000);
        stack.close();
    }

    @Test
    void echoesAMegabyteThroughSmallBuffersWithTwoClientsAtOnce() throws Exception {
        // 4 KiB rings and buffers: the megabyte must flow through pause/resume and short writes many times
        TcpOptions o = TcpOptions.defaults().withRxBufferBytes(4096).withTxBufferBytes(4096);
        TcpListener l = TcpStreams.listen(stack, 0, o, s -> {
            try {
                s.input().transferTo(s.output());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        runLoop();
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> echo(l.port(), 1 << 20, 1), CLIENTS);
        CompletableFuture<Void> b = CompletableFuture.runAsync(() -> echo(l.port(), 300_000, 2), CLIENTS);
        CompletableFuture.allOf(a, b).get(60, TimeUnit.SECONDS);
        assertEquals(0, stack.counter(HostCounter.DROP_TCP_HANDLER_ERROR), stack.counters()::toString);
    }

    /** Sends {@code n} random bytes from one thread, reads the echo on another, and compares. */
    static void echo(int port, int n, long seed) {
        byte[] data = new byte[n];
        new Random(seed).nextBytes(data);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(30_000);
            CompletableFuture<Void> send = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = s.getOutputStream();
                    for (int off = 0; off < n; off += 1000) out.write(data, off, Math.min(1000, n - off));
                    s.shutdownOutput();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, CLIENTS);
            InputStream in = s.getInputStream();
            byte[] back = new byte[n];
            new DataInputStream(in).readFully(back);
            assertEquals(-1, in.read(), "the session's close ends the echo with FIN");
            send.join();
            assertArrayEquals(data, back);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aSessionThatThrowsResetsItsPeer() throws Exception {
        TcpListener l = TcpStreams.listen(stack, 0, TcpOptions.defaults(), s -> { throw new IllegalStateException("planted"); });
        runLoop();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), l.port())) {
            s.setSoTimeout(10_000);
            assertThrows(java.net.SocketException.class, () -> s.getInputStream().read());
        }
    }

    @Test
    void connectGivesABlockingClientThroughTheSameLoop() throws Exception {
        TcpListener l = TcpStreams.listen(stack, 0, TcpOptions.defaults(), s -> {
            try {
                s.input().transferTo(s.output());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        runLoop();
        byte[] back = CompletableFuture.supplyAsync(() -> {
            try (dev.kiln.net.TcpStream c = TcpStreams.connect(stack, dev.kiln.net.Ipv4.parse("127.0.0.1"), l.port(), TcpOptions.defaults())) {
                c.output().write("ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                c.output().close();
                return c.input().readAllBytes();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, CLIENTS).get(30, TimeUnit.SECONDS);
        assertEquals("ping", new String(back, java.nio.charset.StandardCharsets.US_ASCII));
    }
}

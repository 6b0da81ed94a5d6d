package dev.kiln.examples.bulk;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.net.host.HostStack;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The three services on the host stack over loopback, a few MB each, byte-exact; the test thread is
 * the loop and a virtual thread is the client. Small buffers (8 KiB) so flow control and partial
 * writes happen all the time.
 */
class BulkOverHostTest {
    static final long MS = 1_000_000L;
    static final int SINK = 40009, ECHO = 40007, SOURCE = 40019, PUSH = 40020;
    final HostStack stack = HostStack.open("127.0.0.1");

    BulkOverHostTest() {
        BulkAppliance.listen(stack, BulkAppliance.options(8 * 1024), SINK, ECHO, SOURCE, PUSH);
    }

    @AfterEach
    void close() { stack.close(); }

    /** Turns the loop until the client is done (10 s at most), and returns its result. */
    <T> T loopUntil(Callable<T> client) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.complete(client.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        long end = System.nanoTime() + 10_000 * MS;
        while (!f.isDone()) {
            if (System.nanoTime() > end) fail("client not done within 10 s: " + stack.counters());
            long at = stack.pollAtNs();
            stack.readiness().await(at == Long.MAX_VALUE ? 20 * MS : Math.max(0, Math.min(20 * MS, at - System.nanoTime())));
            stack.doWork(System.nanoTime());
        }
        return f.get();
    }

    static Socket connect(int port) throws Exception {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(10_000);
        return s;
    }

    @Test
    void sourceSendsExactlyNPatternBytesThenCloses() throws Exception {
        long n = 3_000_001; // not a multiple of 8: the tail path
        byte[] got = loopUntil(() -> {
            try (Socket s = connect(SOURCE)) {
                new DataOutputStream(s.getOutputStream()).writeLong(n);
                s.shutdownOutput(); // a half-close after the count does not stop the source
                return s.getInputStream().readAllBytes();
            }
        });
        assertEquals(n, got.length);
        byte[] want = new byte[(int) n];
        Pattern.fill(MemorySegment.ofArray(want), 0, want.length);
        assertArrayEquals(want, got);
    }

    @Test
    void echoReturnsEveryByteInOrderWhileTheClientKeepsSending() throws Exception {
        byte[] sent = new byte[4_000_000];
        new Random(7).nextBytes(sent);
        byte[] got = loopUntil(() -> {
            try (Socket s = connect(ECHO)) {
                Future<byte[]> reader = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor().submit(() -> s.getInputStream().readAllBytes());
                OutputStream out = s.getOutputStream();
                for (int i = 0; i < sent.length; i += 100_003) out.write(sent, i, Math.min(100_003, sent.length - i));
                s.shutdownOutput();
                return reader.get();
            }
        });
        assertEquals(sent.length, got.length);
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(sent), MessageDigest.getInstance("SHA-256").digest(got));
    }

    @Test
    void sinkAnswersTheByteCountAtFin() throws Exception {
        long count = loopUntil(() -> {
            try (Socket s = connect(SINK)) {
                byte[] chunk = new byte[65_536];
                Arrays.fill(chunk, (byte) 0x5a);
                for (int i = 0; i < 80; i++) s.getOutputStream().write(chunk);
                s.getOutputStream().write(chunk, 0, 7);
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                long c = new DataInputStream(in).readLong();
                assertEquals(-1, in.read(), "closed after the count");
                return c;
            }
        });
        assertEquals(80L * 65_536 + 7, count);
    }

    /** Asks the push port for {@code n} bytes to {@code port}; returns the 9-byte answer. */
    static byte[] askPush(int port, long n) throws Exception {
        try (Socket s = connect(PUSH)) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeShort(port);
            out.writeLong(n);
            return s.getInputStream().readAllBytes();
        }
    }

    @Test
    void pushConnectsBackToTheAskingAddressAndSendsThePattern() throws Exception {
        long n = 2_000_003;
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(10_000);
            Future<byte[]> got = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor().submit(() -> {
                try (Socket in = listener.accept()) {
                    return in.getInputStream().readAllBytes();
                }
            });
            byte[] answer = loopUntil(() -> askPush(listener.getLocalPort(), n));
            assertEquals(9, answer.length);
            assertEquals(PushHandler.OK, answer[0], "status");
            assertEquals(n, java.nio.ByteBuffer.wrap(answer, 1, 8).getLong(), "bytes pushed");
            byte[] want = new byte[(int) n];
            Pattern.fill(MemorySegment.ofArray(want), 0, want.length);
            assertArrayEquals(want, got.get());
        }
    }

    /** Nothing listens at the port asked for: the answer says refused, nothing was sent. */
    @Test
    void pushReportsARefusedConnection() throws Exception {
        int free;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            free = probe.getLocalPort();
        }
        byte[] answer = loopUntil(() -> askPush(free, 1000));
        assertEquals(9, answer.length);
        assertEquals(PushHandler.REFUSED, answer[0], "status");
        assertEquals(0L, java.nio.ByteBuffer.wrap(answer, 1, 8).getLong(), "nothing pushed");
    }

    @Test
    void sourceResetsACountOutOfRange() throws Exception {
        String outcome = loopUntil(() -> {
            try (Socket s = connect(SOURCE)) {
                new DataOutputStream(s.getOutputStream()).writeLong(-1);
                try {
                    int b = s.getInputStream().read();
                    return b < 0 ? "eof" : "byte";
                } catch (java.net.SocketException e) {
                    return "reset";
                }
            }
        });
        assertEquals("reset", outcome);
    }
}

package dev.kiln.net.stack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link KilnStack} on a TAP device driven by a platform thread of its own, for the interop tests: the
 * TAP is polled (no epoll), the test thread reaches the stack only through {@link KilnStack#execute},
 * whose waker unparks the loop. {@link #failure} holds what the loop threw, if anything.
 */
final class StackLoop implements AutoCloseable {
    private final KilnStack stack;
    private final Thread thread;
    private volatile boolean running = true;
    volatile Throwable failure;

    StackLoop(KilnStack stack, String name) {
        this.stack = stack;
        this.thread = Thread.ofPlatform().name(name).start(() -> {
            try {
                while (running) {
                    if (stack.doWork(System.nanoTime()) > 0) continue;
                    long wait = Math.min(200_000, stack.pollAtNs() - System.nanoTime());
                    if (wait > 0) LockSupport.parkNanos(wait);
                }
            } catch (Throwable t) {
                failure = t;
            }
        });
        stack.waker(() -> LockSupport.unpark(thread));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        LockSupport.unpark(thread);
        thread.join(5000);
    }

    /** Stops {@code loop}, closes the stack and the device, and deletes the namespaces, whichever of them exist (any may be null). */
    static void tearDown(StackLoop loop, KilnStack stack, AutoCloseable device, String... namespaces) throws Exception {
        if (loop != null) loop.close();
        try {
            if (stack != null) stack.close();
            if (device != null) device.close();
        } finally {
            if (LinuxInteropTest.onPath("ip")) for (String ns : namespaces) LinuxInteropTest.run(List.of("ip", "netns", "del", ns));
        }
    }

    /** Starts {@code socat} in namespace {@code ns} writing what one connection to {@code port} sends into {@code file}; returns once it listens. */
    static Process socatSink(String ns, int port, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "netns", "exec", ns, "socat", "-u", "TCP-LISTEN:" + port + ",reuseaddr", "OPEN:" + file + ",creat,trunc")
                .redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!LinuxInteropTest.run(List.of("ip", "netns", "exec", ns, "ss", "-Hltn", "sport = :" + port)).out().contains(":" + port)) {
            if (System.nanoTime() >= deadline || !p.isAlive()) p.destroyForcibly();
            assertTrue(System.nanoTime() < deadline && p.isAlive(), "socat did not start listening");
            Thread.onSpinWait();
        }
        return p;
    }
}

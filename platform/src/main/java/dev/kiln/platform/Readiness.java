package dev.kiln.platform;

/**
 * Something a loop can sleep on until there is work: device file descriptors through
 * epoll on Linux, a selector on the host target.
 */
public interface Readiness extends AutoCloseable {
    /**
     * Blocks until an event source is ready, {@link #wakeup()} is called, or {@code timeoutNs}
     * has passed. A negative timeout waits without limit; 0 only polls.
     */
    void await(long timeoutNs);

    /** Wakes a thread blocked in {@link #await}. Safe from any thread. */
    void wakeup();

    @Override
    default void close() {}
}

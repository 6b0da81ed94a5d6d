package dev.kiln.net;

import java.util.concurrent.Executor;

/**
 * A listening TCP port, from {@link NetStack#tcpListen}. Used on the loop thread, except
 * {@link #execute}, which is the way in from other threads.
 */
public interface TcpListener extends Executor, AutoCloseable {
    /** The local port (the one the stack chose, if 0 was asked for). */
    int port();

    /** Connections open now on this listener. */
    int connections();

    /**
     * Runs {@code task} on the loop thread at the stack's next turn and wakes the loop if it sleeps.
     * Safe from any thread; the only method of the TCP API that is. Tasks run in the order given.
     * This is how a blocking facade ({@link TcpStream}) hands work to the loop.
     *
     * @throws java.util.concurrent.RejectedExecutionException if the listener is closed
     */
    @Override
    void execute(Runnable task);

    /**
     * Stops listening and ends every connection it accepted ({@link TcpHandler#onClosed} with
     * {@link TcpCloseReason#STACK_CLOSED}, the peers reset). Idempotent.
     */
    @Override
    void close();
}

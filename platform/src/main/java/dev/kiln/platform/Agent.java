package dev.kiln.platform;

/**
 * A unit of work driven by a loop: one duty cycle per call, never blocking.
 * Modelled on Agrona's {@code Agent.doWork}.
 */
public interface Agent {
    /** Sentinel for {@link #pollAtNs()}: nothing is scheduled. */
    long NEVER = Long.MAX_VALUE;

    /**
     * Does whatever work is ready at {@code nowNs}: drains devices, fires due timers, flushes replies.
     *
     * @return how much work was done (frames, timers, …); 0 if there was nothing to do.
     */
    int doWork(long nowNs);

    /** The earliest time at which {@link #doWork} has timed work to do, or {@link #NEVER}. */
    long pollAtNs();
}

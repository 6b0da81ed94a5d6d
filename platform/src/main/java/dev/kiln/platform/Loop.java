package dev.kiln.platform;

/**
 * One thread, one duty cycle: runs an {@link Agent} until stopped, sleeping on a
 * {@link Readiness} when the agent has nothing to do until its next deadline.
 */
public final class Loop {
    private final Agent agent;
    private final Readiness readiness;
    private final Clock clock;
    private volatile boolean running = true;

    public Loop(Agent agent, Readiness readiness, Clock clock) {
        this.agent = agent;
        this.readiness = readiness;
        this.clock = clock;
    }

    /** Runs on the calling thread until {@link #stop()}. */
    public void run() {
        BootTrace.mark("loop");
        while (running) {
            long now = clock.nanoTime();
            if (agent.doWork(now) > 0) continue;
            long at = agent.pollAtNs();
            long timeout = at == Agent.NEVER ? -1 : Math.max(0, at - now);
            readiness.await(timeout);
        }
    }

    /** Makes {@link #run()} return after its current turn. Safe from any thread. */
    public void stop() {
        running = false;
        readiness.wakeup();
    }
}

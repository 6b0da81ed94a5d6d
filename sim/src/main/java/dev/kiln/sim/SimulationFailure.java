package dev.kiln.sim;

/**
 * A simulation run broke an invariant (or a node threw). The message names the seed, the virtual time,
 * what failed, and the command that replays the run.
 */
public final class SimulationFailure extends AssertionError {
    private final long seed;
    private final long timeNs;

    public SimulationFailure(long seed, long timeNs, String message, Throwable cause) {
        super(message, cause);
        this.seed = seed;
        this.timeNs = timeNs;
    }

    public long seed() {
        return seed;
    }

    /** Virtual time of the failure. */
    public long timeNs() {
        return timeNs;
    }
}

package dev.kiln.sim;

import dev.kiln.platform.Agent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One simulated machine: its network port, its own entropy (derived from the master seed and its
 * index), the shared virtual clock, and the agents it runs (a stack, then application logic),
 * called in the order added. Exceptions never escape a node: the {@link Simulation} catches them
 * at this boundary and fails the run with its seed.
 */
public final class SimNode {
    private final Simulation sim;
    private final String name;
    private final int index;
    private final SimNetDevice device;
    private final SimEntropy entropy;
    private final List<Agent> agents = new ArrayList<>();
    int lastWork;
    boolean woken;
    long doWorkCalls;

    SimNode(Simulation sim, String name, int index, SimNetDevice device, SimEntropy entropy) {
        this.sim = sim;
        this.name = name;
        this.index = index;
        this.device = device;
        this.entropy = entropy;
    }

    public String name() {
        return name;
    }

    /** The node's index: the number {@link FaultPlan.Partition} uses. */
    public int index() {
        return index;
    }

    /** The node's network port, or null if it was created without one. */
    public SimNetDevice device() {
        return device;
    }

    public SimEntropy entropy() {
        return entropy;
    }

    public SimClock clock() {
        return sim.clock();
    }

    /** Adds an agent, run after those added before. */
    public SimNode add(Agent agent) {
        agents.add(agent);
        return this;
    }

    public List<Agent> agents() {
        return Collections.unmodifiableList(agents);
    }

    /** Makes the simulation call this node's agents at the current instant, like {@code Readiness.wakeup()}. */
    public void wake() {
        woken = true;
    }

    /** How many times this node's agents were run. */
    public long doWorkCalls() {
        return doWorkCalls;
    }

    long rxSeen;

    /**
     * Whether frames arrived since the node last ran. Edge-triggered: a node that ran and left frames
     * waiting while reporting no work is not run again for them until more arrive (its queue then
     * fills and drops, which is counted).
     */
    boolean hasInput() {
        return device != null && device.rxEnqueued() != rxSeen && device.rxPending() > 0;
    }

    @Override
    public String toString() {
        return "node " + index + " '" + name + "'";
    }
}

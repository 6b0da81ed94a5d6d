package dev.kiln.sim;

import static org.junit.jupiter.api.Assertions.*;

import dev.kiln.platform.Agent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scheduler: time advances to the next event, nodes run when ready, failures carry the seed. */
class SimulationTest {
    static final long MS = 1_000_000L;
    static final long T0 = SimClock.START_NS;

    /** Fires at the given times and records when it ran. */
    static class Timer implements Agent {
        final long[] at;
        int next;
        final List<Long> fired = new ArrayList<>();
        final List<Long> calls = new ArrayList<>();

        Timer(long... at) { this.at = at; }

        @Override
        public int doWork(long nowNs) {
            calls.add(nowNs);
            int n = 0;
            while (next < at.length && at[next] <= nowNs) {
                fired.add(nowNs);
                next++;
                n++;
            }
            return n;
        }

        @Override
        public long pollAtNs() { return next < at.length ? at[next] : NEVER; }
    }

    @Test
    void timeJumpsToEachDeadlineAndAgentsRunOnlyWhenDue() {
        Simulation sim = new Simulation(1, FaultPlan.none());
        Timer t = new Timer(T0 + 5 * MS, T0 + 7 * MS, T0 + 7 * MS, T0 + 100 * MS);
        sim.addNode("n").add(t);
        sim.runUntil(T0 + 50 * MS);
        assertEquals(List.of(T0 + 5 * MS, T0 + 7 * MS, T0 + 7 * MS), t.fired);
        // each due instant: one call doing work, one more to see it quiesce
        assertEquals(List.of(T0 + 5 * MS, T0 + 5 * MS, T0 + 7 * MS, T0 + 7 * MS), t.calls);
        assertEquals(T0 + 50 * MS, sim.nowNs(), "clock left at the limit");
        assertEquals(SimClock.WALL_AT_START_NS + 50 * MS, sim.clock().wallNanos());
    }

    @Test
    void runUntilPredicateStopsAtTheInstantItHolds() {
        Simulation sim = new Simulation(2, FaultPlan.none());
        Timer t = new Timer(T0 + 3 * MS, T0 + 9 * MS, T0 + 20 * MS);
        sim.addNode("n").add(t);
        assertTrue(sim.runUntil(() -> t.fired.size() == 2, T0 + 100 * MS));
        assertEquals(T0 + 9 * MS, sim.nowNs());
        assertFalse(sim.runUntil(() -> t.fired.size() == 5, T0 + 200 * MS));
        assertEquals(T0 + 200 * MS, sim.nowNs());
    }

    @Test
    void emptySimulationJustAdvancesTime() {
        Simulation sim = new Simulation(3, FaultPlan.none());
        sim.runFor(7 * MS);
        assertEquals(T0 + 7 * MS, sim.nowNs());
        assertEquals(0, sim.instants());
    }

    @Test
    void scriptedEventsRunInTimeThenInsertionOrderAndWakeNodes() {
        Simulation sim = new Simulation(4, FaultPlan.none());
        List<String> log = new ArrayList<>();
        Timer t = new Timer();
        SimNode n = sim.addNode("n").add(t);
        sim.at(T0 + 2 * MS, () -> log.add("b@" + (sim.nowNs() - T0)));
        sim.at(T0 + 1 * MS, () -> log.add("a@" + (sim.nowNs() - T0)));
        sim.at(T0 + 2 * MS, () -> log.add("c@" + (sim.nowNs() - T0)));
        sim.runFor(10 * MS);
        assertEquals(List.of("a@" + MS, "b@" + 2 * MS, "c@" + 2 * MS), log);
        assertEquals(List.of(T0 + MS, T0 + 2 * MS), t.calls, "woken once per instant with scripted events");
        assertEquals(2, n.doWorkCalls());
    }

    @Test
    void anExceptionInANodeFailsTheRunWithSeedAndReplayCommand() {
        Simulation sim = new Simulation(424242, FaultPlan.none());
        sim.addNode("bad").add(new Timer(T0 + MS) {
            @Override
            public int doWork(long nowNs) { throw new IllegalStateException("boom"); }
        });
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(10 * MS));
        assertEquals(424242, f.seed());
        assertEquals(T0 + MS, f.timeNs());
        assertInstanceOf(IllegalStateException.class, f.getCause());
        assertTrue(f.getMessage().contains("sim seed 424242"), f.getMessage());
        assertTrue(f.getMessage().contains("node 0 'bad'"), f.getMessage());
        assertTrue(f.getMessage().contains("-Dkiln.sim.seed=424242"), f.getMessage());
        assertTrue(f.getMessage().contains("-Dtest=SimulationTest"), f.getMessage());
        assertTrue(f.getMessage().contains("regression-seeds.txt"), f.getMessage());
    }

    @Test
    void anAgentThatIsAlwaysDueIsALivelock() {
        Simulation sim = new Simulation(5, FaultPlan.none()).maxPassesPerInstant(100);
        sim.addNode("spinner").add(new Agent() {
            @Override
            public int doWork(long nowNs) { return 0; }

            @Override
            public long pollAtNs() { return T0 + MS; } // never moves on
        });
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(10 * MS));
        assertTrue(f.getMessage().contains("livelock"), f.getMessage());
        assertTrue(f.getMessage().contains("pollAtNs()"), f.getMessage());
    }

    @Test
    void anAgentThatAlwaysReportsWorkIsALivelock() {
        Simulation sim = new Simulation(6, FaultPlan.none()).maxPassesPerInstant(50);
        SimNode n = sim.addNode("busy").add(new Timer(T0 + MS) {
            @Override
            public int doWork(long nowNs) { return 1; }
        });
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(10 * MS));
        assertTrue(f.getMessage().contains("last doWork returned 1"), f.getMessage());
        assertEquals(50, n.doWorkCalls());
    }

    @Test
    void anAgentPollingEveryNanosecondExhaustsTheInstantBudget() {
        Simulation sim = new Simulation(11, FaultPlan.none()).maxInstants(1000);
        sim.addNode("ticker").add(new Agent() {
            long next = T0;

            @Override
            public int doWork(long nowNs) {
                if (nowNs >= next) next = nowNs + 1;
                return 0;
            }

            @Override
            public long pollAtNs() { return next; }
        });
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(MS));
        assertTrue(f.getMessage().contains("instant budget of 1000 exhausted"), f.getMessage());
        assertTrue(f.getMessage().contains("node 0 'ticker' ran 1000 times"), f.getMessage());
    }

    @Test
    void negativeWorkIsAContractViolation() {
        Simulation sim = new Simulation(7, FaultPlan.none());
        sim.addNode("neg").add(new Timer(T0 + MS) {
            @Override
            public int doWork(long nowNs) { return -1; }
        });
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(10 * MS));
        assertTrue(f.getMessage().contains("returned -1"), f.getMessage());
    }

    @Test
    void aBrokenInvariantFailsTheRunAtTheInstantItBreaks() {
        Simulation sim = new Simulation(8, FaultPlan.none());
        Timer t = new Timer(T0 + MS, T0 + 2 * MS, T0 + 3 * MS);
        sim.addNode("n").add(t);
        sim.invariant("at most two", () -> t.fired.size() <= 2 ? null : "fired " + t.fired.size() + " times");
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(10 * MS));
        assertEquals(T0 + 3 * MS, f.timeNs());
        assertTrue(f.getMessage().contains("invariant 'at most two' broken: fired 3 times"), f.getMessage());
    }

    @Test
    void boundedGaugeFailsWhenExceeded() {
        Simulation sim = new Simulation(9, FaultPlan.none());
        Timer t = new Timer(T0 + MS, T0 + 2 * MS, T0 + 3 * MS);
        sim.addNode("n").add(t);
        sim.bounded("fired", () -> t.fired.size(), 2);
        SimulationFailure f = assertThrows(SimulationFailure.class, () -> sim.runFor(10 * MS));
        assertTrue(f.getMessage().contains("fired is 3, above its bound 2"), f.getMessage());
    }

    @Test
    void livenessFailureSaysWhatWasNotReached() {
        Simulation sim = new Simulation(10, FaultPlan.none());
        SimulationFailure f = assertThrows(SimulationFailure.class,
                () -> sim.runUntilOrFail(() -> false, 5 * MS, "the impossible"));
        assertTrue(f.getMessage().contains("liveness: not reached within 5 ms of virtual time: the impossible"), f.getMessage());
    }

    @Test
    void clockNeverGoesBackwards() {
        SimClock c = new SimClock();
        c.advanceTo(T0 + 5);
        assertThrows(IllegalArgumentException.class, () -> c.advanceTo(T0 + 4));
        assertEquals(T0 + 5, c.nanoTime());
    }
}

package dev.kiln.sim;

import dev.kiln.platform.Agent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The scheduler: whole appliances ({@link SimNode}s running {@link Agent}s) on one
 * {@link SimNetwork} and one {@link SimClock}, every random draw derived from one seed.
 *
 * <p>A step finds the next instant (the earliest of: the next frame delivery, every agent's
 * {@link Agent#pollAtNs()}, the next scripted event), moves the clock there, runs the scripted
 * events due, delivers the frames due into the device queues, and runs every node that is ready —
 * frames arrived for it since it last ran, an agent whose deadline has come, it was {@linkplain SimNode#wake() woken},
 * or its agents did work on the previous pass — in node order, until no node is ready
 * (quiescence). An instant that does not quiesce within {@link #maxPassesPerInstant} passes is a
 * livelock and fails the run. After each instant the invariants are checked: device queues and the
 * in-flight queue within their bounds, every registered {@linkplain #bounded bound} and
 * {@linkplain #invariant invariant}. Anything an agent throws fails the run too.
 *
 * <p>A failure is a {@link SimulationFailure} whose message names the seed and the command that
 * replays it. A typical test has a safety phase with faults and a liveness phase after
 * {@link #heal()}:
 * <pre>{@code
 * Simulation sim = new Simulation(seed, FaultPlan.random(seed, 2, 5_000_000_000L));
 * SimNode a = sim.addNode("server"), b = sim.addNode("client");
 * a.add(serverStack); b.add(clientStack).add(clientApp);
 * sim.invariant("answers correct", () -> clientApp.firstWrongAnswer());   // null when fine
 * sim.runFor(5_000_000_000L);                                              // safety
 * sim.heal();
 * sim.runUntilOrFail(clientApp::allAnswered, 10_000_000_000L, "all requests answered after heal");
 * }</pre>
 */
public final class Simulation {
    /** Default limit of scheduler passes within one virtual instant before it is called a livelock. */
    public static final int MAX_PASSES_PER_INSTANT_DEFAULT = 10_000;
    /** Default limit of virtual instants in one run: far beyond any test, short of hanging the build. */
    public static final long MAX_INSTANTS_DEFAULT = 20_000_000L;
    /** Default limit of frames in flight on the network. */
    public static final int IN_FLIGHT_MAX_DEFAULT = 100_000;

    private record Scripted(long atNs, long seq, Runnable action) {}

    private record Check(String name, Supplier<String> check) {}

    private final long seed;
    private final SimClock clock = new SimClock();
    private final SimNetwork network;
    private final List<SimNode> nodes = new ArrayList<>();
    private final PriorityQueue<Scripted> scripted = new PriorityQueue<>((x, y) ->
            x.atNs != y.atNs ? Long.compare(x.atNs, y.atNs) : Long.compare(x.seq, y.seq));
    private long scriptedSeq;
    private final List<Check> checks = new ArrayList<>();
    private int maxPassesPerInstant = MAX_PASSES_PER_INSTANT_DEFAULT;
    private int inFlightMax = IN_FLIGHT_MAX_DEFAULT;
    private long maxInstants = MAX_INSTANTS_DEFAULT;
    private String testClass;
    private long instants;
    private final FaultPlan plan;
    private long healedAtNs = -1;

    /** A run with master seed {@code seed} and faults {@code plan} (often {@code FaultPlan.random(seed, …)}). */
    public Simulation(long seed, FaultPlan plan) {
        this.seed = seed;
        this.plan = plan;
        this.network = new SimNetwork(clock, SimSeeds.derive(seed, 2), plan);
        this.testClass = callerTestClass();
        String dir = System.getProperty(PCAP_PROPERTY);
        if (dir != null && !dir.isBlank()) {
            String name = "sim-" + (testClass == null ? "" : testClass + "-") + seed + "-" + PCAP_COUNT.incrementAndGet() + ".pcap";
            network.capture(new PcapWriter(java.nio.file.Path.of(dir.trim(), name)));
        }
    }

    /** System property: a directory; every simulation then writes its delivered frames to a pcap file there. */
    public static final String PCAP_PROPERTY = "kiln.sim.pcap";
    private static final java.util.concurrent.atomic.AtomicInteger PCAP_COUNT = new java.util.concurrent.atomic.AtomicInteger();

    public long seed() {
        return seed;
    }

    public SimClock clock() {
        return clock;
    }

    public SimNetwork network() {
        return network;
    }

    public long nowNs() {
        return clock.nanoTime();
    }

    public List<SimNode> nodes() {
        return Collections.unmodifiableList(nodes);
    }

    /** Virtual instants run so far. */
    public long instants() {
        return instants;
    }

    /** The run's trace hash: equal for equal seeds (and code), see {@link SimNetwork#traceHash()}. */
    public long traceHash() {
        return network.traceHash();
    }

    /** Adds a node with one network port (default MAC, MTU 1500, rx queue of 256). */
    public SimNode addNode(String name) {
        int index = nodes.size();
        return addNode(name, network.attach(index));
    }

    /** Adds a node with a port configured by the caller (from {@code network().attach(nodes().size(), …)}), or none (null). */
    public SimNode addNode(String name, SimNetDevice device) {
        int index = nodes.size();
        if (device != null && device.node() != index) {
            throw new IllegalArgumentException("device was attached for node " + device.node() + " but this node is " + index);
        }
        SimNode n = new SimNode(this, name, index, device, SimEntropy.forNode(seed, index));
        nodes.add(n);
        return n;
    }

    /** Runs {@code action} at virtual time {@code atNs} (after events scheduled earlier for the same time); wakes every node after. */
    public void at(long atNs, Runnable action) {
        scripted.add(new Scripted(Math.max(atNs, clock.nanoTime()), scriptedSeq++, action));
    }

    /** Checks after every instant: {@code check} returns null when all is well, else what is wrong. */
    public Simulation invariant(String name, Supplier<String> check) {
        checks.add(new Check(name, check));
        return this;
    }

    /** Checks after every instant that {@code size} stays at most {@code max}: no queue grows without bound. */
    public Simulation bounded(String name, LongSupplier size, long max) {
        return invariant(name + " <= " + max, () -> {
            long s = size.getAsLong();
            return s <= max ? null : name + " is " + s + ", above its bound " + max;
        });
    }

    public Simulation maxPassesPerInstant(int passes) {
        if (passes < 1) throw new IllegalArgumentException("maxPassesPerInstant must be >= 1, got " + passes);
        this.maxPassesPerInstant = passes;
        return this;
    }

    /** Fails the run once it has taken this many instants (an agent asking for a turn every few nanoseconds would otherwise hang the test). */
    public Simulation maxInstants(long max) {
        if (max < 1) throw new IllegalArgumentException("maxInstants must be >= 1, got " + max);
        this.maxInstants = max;
        return this;
    }

    public Simulation inFlightMax(int max) {
        if (max < 1) throw new IllegalArgumentException("inFlightMax must be >= 1, got " + max);
        this.inFlightMax = max;
        return this;
    }

    /** The test class named in replay hints (found from the call stack by default). */
    public Simulation testClass(String simpleName) {
        this.testClass = simpleName;
        return this;
    }

    /** Ends every fault for frames sent from now on: the liveness phase starts. */
    public void heal() {
        if (healedAtNs < 0) healedAtNs = clock.nanoTime();
        network.heal();
    }

    public boolean healed() {
        return healedAtNs >= 0;
    }

    /** The plan the run started with (the network's current plan is {@code network().plan()}). */
    public FaultPlan faultPlan() {
        return plan;
    }

    /** Runs every instant up to and including {@code timeNs}, then leaves the clock at {@code timeNs}. */
    public void runUntil(long timeNs) {
        while (step(timeNs)) {
            // step until the next instant lies beyond timeNs
        }
        if (timeNs > clock.nanoTime()) clock.advanceTo(timeNs);
        flushCapture();
    }

    public void runFor(long durationNs) {
        runUntil(clock.nanoTime() + durationNs);
    }

    /**
     * Runs until {@code done} holds (checked after every instant) or virtual time {@code maxTimeNs}.
     *
     * @return whether {@code done} held
     */
    public boolean runUntil(BooleanSupplier done, long maxTimeNs) {
        if (done.getAsBoolean()) return true;
        while (step(maxTimeNs)) {
            if (done.getAsBoolean()) {
                flushCapture();
                return true;
            }
        }
        if (maxTimeNs > clock.nanoTime()) clock.advanceTo(maxTimeNs);
        flushCapture();
        return done.getAsBoolean();
    }

    private void flushCapture() {
        if (network.capture() != null) network.capture().flush();
    }

    /** {@link #runUntil(BooleanSupplier, long)} for at most {@code durationNs} more, failing the run with {@code what} if it does not happen. */
    public void runUntilOrFail(BooleanSupplier done, long durationNs, String what) {
        runUntilOrFail(done, durationNs, () -> what);
    }

    /**
     * As {@link #runUntilOrFail(BooleanSupplier, long, String)}, with the description built at the
     * failure, so that it can report the state at the end (e.g. how many requests were answered).
     */
    public void runUntilOrFail(BooleanSupplier done, long durationNs, Supplier<String> what) {
        if (!runUntil(done, clock.nanoTime() + durationNs)) {
            fail("liveness: not reached within " + durationNs / 1_000_000 + " ms of virtual time: " + what.get(), null);
        }
    }

    /** Fails the run now, with the seed, time, replay command and recent network events in the message. */
    public SimulationFailure fail(String what, Throwable cause) {
        long now = clock.nanoTime();
        StringBuilder sb = new StringBuilder();
        sb.append("sim seed ").append(seed).append(" failed at virtual t=").append(now).append(" ns: ").append(what);
        sb.append("\n  replay: ").append(SimSeeds.replayHint(seed, testClass));
        sb.append("\n  then add ").append(seed).append(" to sim/src/test/resources/").append(SimSeeds.REGRESSION_RESOURCE)
                .append(" to keep it as a regression test");
        sb.append("\n  plan: ").append(plan).append(healedAtNs >= 0 ? " (healed at t=" + healedAtNs + " ns)" : "");
        sb.append("\n  network: ").append(network.counters());
        if (network.capture() != null) {
            flushCapture();
            sb.append("\n  frames: ").append(network.capture().path()).append(" (tcpdump -nn -e -r FILE)");
        } else {
            sb.append("\n  frames: ").append(tailPcap()).append(" (tcpdump -nn -e -r FILE); every frame of the run: add -D")
                    .append(PCAP_PROPERTY).append("=target/sim-pcap to the replay");
        }
        sb.append("\n  recent frames:");
        for (String e : network.recentEvents(16)) sb.append("\n    ").append(e);
        throw new SimulationFailure(seed, now, sb.toString(), cause);
    }

    /** Writes the network's last frames to {@code target/sim-pcap/sim-<Test>-<seed>-tail.pcap}; says where, or why not. */
    private String tailPcap() {
        java.nio.file.Path path = java.nio.file.Path.of("target", "sim-pcap", "sim-" + (testClass == null ? "" : testClass + "-") + seed + "-tail.pcap");
        try {
            int n = network.writeTail(new PcapWriter(path));
            return "the last " + n + " delivered in " + path.toAbsolutePath();
        } catch (RuntimeException e) {
            return "no pcap of the last frames (" + e.getMessage() + ")";
        }
    }

    private boolean step(long limitNs) {
        long now = clock.nanoTime();
        long next = Math.min(network.nextDeliveryNs(), scripted.isEmpty() ? Long.MAX_VALUE : scripted.peek().atNs);
        for (SimNode n : nodes) {
            if (n.woken || n.hasInput()) {
                next = now;
                break;
            }
            for (Agent a : n.agents()) {
                long p = pollAt(n, a);
                if (p < next) next = Math.max(p, now);
            }
        }
        if (next == Long.MAX_VALUE || next > limitNs) return false;
        if (next > now) clock.advanceTo(next);
        runInstant(clock.nanoTime());
        checkInvariants();
        return true;
    }

    private void runInstant(long now) {
        if (++instants > maxInstants) {
            fail("instant budget of " + maxInstants + " exhausted at virtual t=" + now + " ns: some agent asks for a turn too often ("
                    + busiest() + "); raise it with maxInstants(n) if the run is really that long", null);
        }
        for (int pass = 0; ; pass++) {
            boolean scriptedRan = false;
            while (!scripted.isEmpty() && scripted.peek().atNs <= now) {
                Scripted s = scripted.poll();
                try {
                    s.action.run();
                } catch (Throwable t) {
                    fail("a scripted event threw " + t, t);
                }
                scriptedRan = true;
            }
            if (scriptedRan) for (SimNode n : nodes) n.woken = true;
            network.deliverDue(now);
            boolean ran = false;
            for (SimNode n : nodes) {
                if (!ready(n, now)) continue;
                if (pass >= maxPassesPerInstant) fail("livelock: " + n + " still has work after " + pass + " passes at one instant (" + why(n, now) + ")", null);
                ran = true;
                n.woken = false;
                n.lastWork = runNode(n, now);
            }
            if (!ran && network.nextDeliveryNs() > now && (scripted.isEmpty() || scripted.peek().atNs > now)) return;
        }
    }

    private String busiest() {
        SimNode top = null;
        for (SimNode n : nodes) if (top == null || n.doWorkCalls > top.doWorkCalls) top = n;
        return top == null ? "no nodes" : top + " ran " + top.doWorkCalls + " times";
    }

    private boolean ready(SimNode n, long now) {
        if (n.woken || n.lastWork > 0 || n.hasInput()) return true;
        for (Agent a : n.agents()) if (pollAt(n, a) <= now) return true;
        return false;
    }

    private String why(SimNode n, long now) {
        StringBuilder sb = new StringBuilder();
        if (n.hasInput()) sb.append(n.device().rxPending()).append(" frames waiting; ");
        if (n.lastWork > 0) sb.append("last doWork returned ").append(n.lastWork).append("; ");
        for (Agent a : n.agents()) {
            long p = pollAt(n, a);
            if (p <= now) sb.append(a.getClass().getSimpleName()).append(".pollAtNs() = ").append(p).append(" <= now; ");
        }
        return sb.toString().trim();
    }

    private int runNode(SimNode n, long now) {
        n.doWorkCalls++;
        if (n.device() != null) n.rxSeen = n.device().rxEnqueued();
        int total = 0;
        for (Agent a : n.agents()) {
            int w;
            try {
                w = a.doWork(now);
            } catch (Throwable t) {
                throw fail(n + ": " + a.getClass().getSimpleName() + ".doWork threw " + t, t);
            }
            if (w < 0) fail(n + ": " + a.getClass().getSimpleName() + ".doWork returned " + w + " (must be >= 0)", null);
            total += w;
        }
        return total;
    }

    private long pollAt(SimNode n, Agent a) {
        try {
            return a.pollAtNs();
        } catch (Throwable t) {
            throw fail(n + ": " + a.getClass().getSimpleName() + ".pollAtNs threw " + t, t);
        }
    }

    private void checkInvariants() {
        if (network.inFlight() > inFlightMax) {
            fail("unbounded queue: " + network.inFlight() + " frames in flight, above the bound " + inFlightMax, null);
        }
        for (SimNode n : nodes) {
            SimNetDevice d = n.device();
            if (d != null && d.rxPending() > d.rxQueueMax()) {
                fail("unbounded queue: " + n + " rx queue holds " + d.rxPending() + " frames, above " + d.rxQueueMax(), null);
            }
        }
        for (Check c : checks) {
            String problem;
            try {
                problem = c.check.get();
            } catch (Throwable t) {
                throw fail("invariant '" + c.name + "' threw " + t, t);
            }
            if (problem != null) fail("invariant '" + c.name + "' broken: " + problem, null);
        }
    }

    private static String callerTestClass() {
        return StackWalker.getInstance().walk(frames -> frames
                .map(StackWalker.StackFrame::getClassName)
                .map(c -> c.substring(c.lastIndexOf('.') + 1))
                .map(c -> c.contains("$") ? c.substring(0, c.indexOf('$')) : c)
                .filter(c -> c.endsWith("Test") || c.endsWith("Tests"))
                .findFirst().orElse(null));
    }
}

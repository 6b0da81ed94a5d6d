/**
 * Whole appliances on a simulated network and a virtual clock; every fault drawn from one printed seed
 * (after TigerBeetle's VOPR and FoundationDB's simulation with BUGGIFY).
 *
 * <ul>
 *   <li>{@link dev.kiln.sim.Simulation}: the scheduler, phases, invariants, failures with replay hints.</li>
 *   <li>{@link dev.kiln.sim.SimNetwork} / {@link dev.kiln.sim.SimNetDevice}: an Ethernet segment
 *       (learning switch or hub) and its ports, with bounded rx queues.</li>
 *   <li>{@link dev.kiln.sim.FaultPlan}: loss (also in bursts, and per direction), duplication, reordering, delay,
 *       corruption (bit flips or one byte), partitions that heal.</li>
 *   <li>{@link dev.kiln.sim.SimClock}, {@link dev.kiln.sim.SimEntropy}: virtual time and seeded randomness.</li>
 *   <li>{@link dev.kiln.sim.SimSeeds}: deriving streams from the master seed; which seeds a harness runs
 *       ({@code -Dkiln.sim.seed=N} replays one, {@code -Dkiln.sim.seeds=K} adds K random ones,
 *       {@code regression-seeds.txt} keeps failing seeds as regression tests).</li>
 * </ul>
 *
 * <h2>Replaying a failing seed</h2>
 * A failure ({@link dev.kiln.sim.SimulationFailure}) prints one line to paste, e.g.
 * {@code mvn -B -pl sim -am test -Dtest=TcpTransferSimTest -Dkiln.sim.seed=N -Dsurefire.failIfNoSpecifiedTests=false -Dkiln.sim.pcap=target/sim-pcap}
 * ({@link dev.kiln.sim.SimSeeds#replayHint}): it rebuilds the upstream modules, runs only seed N, and
 * writes every frame to {@code sim/target/sim-pcap/}. The failing run itself already left its last
 * frames in {@code sim/target/sim-pcap/sim-<Test>-<seed>-tail.pcap} ({@code tcpdump -nn -r FILE}).
 * Keep the seed in {@code sim/src/test/resources/regression-seeds.txt}; see the module's README.
 *
 * <p>Determinism rests on: one thread; nodes and agents run in a fixed order; ties in the delivery
 * and event queues broken by sequence numbers; no reads of the real clock or of unseeded randomness;
 * no iteration over hash-ordered collections where order matters.
 */
package dev.kiln.sim;

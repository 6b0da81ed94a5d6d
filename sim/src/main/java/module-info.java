/** The deterministic simulator: simulated L2 network and clock, seeded faults, invariant checkers. */
module kiln.sim {
    requires transitive kiln.net;
    exports dev.kiln.sim;
}

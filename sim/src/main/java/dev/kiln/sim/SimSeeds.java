package dev.kiln.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Seeds: how one printed master seed becomes every stream of randomness in a run, and which
 * seeds a test harness runs.
 *
 * <p>Every random stream (the fault plan, the network's draws, each node's entropy) is derived
 * from the master seed and a fixed label with {@link #derive}, so adding a node or a new stream
 * never perturbs the others.
 *
 * <h2>Which seeds run ({@link #seeds})</h2>
 * <ul>
 *   <li>{@code -Dkiln.sim.seed=N}: only seed N (replay).</li>
 *   <li>otherwise the fixed seeds given by the test, plus every seed listed in the
 *       class-path resource {@code regression-seeds.txt} (one per line, {@code #} comments),
 *       plus {@code -Dkiln.sim.seeds=K} fresh random seeds (default {@value #DEFAULT_RANDOM_SEEDS}),
 *       each printed before use with its replay command.</li>
 * </ul>
 * A seed that fails becomes a regression test by adding its number to
 * {@code sim/src/test/resources/regression-seeds.txt}.
 */
public final class SimSeeds {
    private SimSeeds() {}

    /** System property: replay exactly this seed. */
    public static final String SEED_PROPERTY = "kiln.sim.seed";
    /** System property: how many fresh random seeds to add to the fixed list. */
    public static final String COUNT_PROPERTY = "kiln.sim.seeds";
    /** Class-path resource listing regression seeds, one per line. */
    public static final String REGRESSION_RESOURCE = "regression-seeds.txt";
    public static final int DEFAULT_RANDOM_SEEDS = 3;

    /** The SplitMix64 finaliser: a bijective 64-bit mix. */
    public static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A seed for the stream {@code label} (any fixed number, e.g. a node index) of the master seed. */
    public static long derive(long masterSeed, long label) {
        return mix64(mix64(masterSeed) + 0x9e3779b97f4a7c15L * (label + 1));
    }

    /**
     * The one-line command that replays {@code seed} for the test class {@code testClass}, building the
     * upstream modules first ({@code -am}) and writing every frame of the replay to {@code sim/target/sim-pcap/}.
     */
    public static String replayHint(long seed, String testClass) {
        String test = testClass == null ? "" : " -Dtest=" + testClass;
        return "mvn -B -pl sim -am test" + test + " -Dkiln.sim.seed=" + seed + " -Dsurefire.failIfNoSpecifiedTests=false -Dkiln.sim.pcap=target/sim-pcap";
    }

    /**
     * The seeds a harness runs, as described in the class comment; random seeds are printed
     * before they are returned, so a crash mid-run still leaves the seed on the console.
     */
    public static List<Long> seeds(String testClass, long... fixed) {
        String one = System.getProperty(SEED_PROPERTY);
        if (one != null && !one.isBlank()) {
            long seed = parseSeed(one.trim(), "-D" + SEED_PROPERTY);
            System.out.println("sim seed " + seed + " (replay requested)");
            return List.of(seed);
        }
        LinkedHashSet<Long> out = new LinkedHashSet<>();
        for (long f : fixed) out.add(f);
        out.addAll(regressionSeeds());
        int k = DEFAULT_RANDOM_SEEDS;
        String count = System.getProperty(COUNT_PROPERTY);
        if (count != null && !count.isBlank()) {
            try {
                k = Integer.parseInt(count.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + COUNT_PROPERTY + "=" + count + " is not a number: give a count of random seeds, e.g. -D" + COUNT_PROPERTY + "=100");
            }
        }
        long base = System.nanoTime() ^ System.currentTimeMillis() * 0x9e3779b97f4a7c15L;
        for (int i = 0; i < k; i++) {
            long seed = mix64(base + i) & Long.MAX_VALUE;
            System.out.println("sim seed " + seed + " (replay: " + replayHint(seed, testClass) + ")");
            out.add(seed);
        }
        return new ArrayList<>(out);
    }

    /** The seeds in the class-path resource {@value #REGRESSION_RESOURCE}; empty if there is none. */
    public static List<Long> regressionSeeds() {
        List<Long> out = new ArrayList<>();
        ClassLoader cl = SimSeeds.class.getClassLoader();
        try (InputStream in = cl == null ? null : cl.getResourceAsStream(REGRESSION_RESOURCE)) {
            if (in == null) return out;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                int hash = line.indexOf('#');
                if (hash >= 0) line = line.substring(0, hash);
                line = line.trim();
                if (line.isEmpty()) continue;
                out.add(parseSeed(line, REGRESSION_RESOURCE + " line " + n));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + REGRESSION_RESOURCE + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static long parseSeed(String text, String where) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": '" + text + "' is not a seed; a seed is a decimal 64-bit number, e.g. 1234567");
        }
    }
}

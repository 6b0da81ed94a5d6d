package dev.kiln.interop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Differential fuzzing, small and deterministic: the catalog's queries with one to three random
 * mutations each (bit flips, byte stores, truncation, appended bytes, header counts), from a
 * seed. The seed is fixed so a run is repeatable; {@code -Dkiln.it.seed=N} picks another and
 * {@code -Dkiln.it.mutants=N} sets how many.
 */
final class Mutants {
    static final long DEFAULT_SEED = 0x6b696c6eL; // "kiln"
    static final int DEFAULT_COUNT = 120;

    private Mutants() {}

    static long seed() {
        return Long.getLong("kiln.it.seed", DEFAULT_SEED);
    }

    static int count() {
        return Integer.getInteger("kiln.it.mutants", DEFAULT_COUNT);
    }

    static List<Query> of(List<Query> base, long seed, int count) {
        Random rnd = new Random(seed);
        List<Query> parents = base.stream().filter(q -> q.wire().length >= 12).toList();
        List<Query> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Query parent = parents.get(rnd.nextInt(parents.size()));
            byte[] w = parent.withId(Query.nextId()).wire();
            StringBuilder how = new StringBuilder();
            int n = 1 + rnd.nextInt(3);
            for (int k = 0; k < n; k++) {
                if (k > 0) how.append(", ");
                w = mutate(w, rnd, how);
            }
            out.add(Query.raw("mutant " + i + " (seed " + seed + ") of \"" + parent.label() + "\": " + how, w));
        }
        return out;
    }

    private static byte[] mutate(byte[] w, Random rnd, StringBuilder how) {
        if (w.length == 0) {
            how.append("nothing left");
            return w;
        }
        switch (rnd.nextInt(6)) {
            case 0 -> {
                // keep the ID: a reply to a changed ID would not be matched
                int at = w.length > 2 ? 2 + rnd.nextInt(w.length - 2) : 0;
                int bit = rnd.nextInt(8);
                w[at] ^= (byte) (1 << bit);
                how.append("flip bit ").append(bit).append(" of byte ").append(at);
            }
            case 1 -> {
                int at = w.length > 2 ? 2 + rnd.nextInt(w.length - 2) : 0;
                int v = rnd.nextInt(256);
                w[at] = (byte) v;
                how.append("byte ").append(at).append(" = ").append(v);
            }
            case 2 -> {
                int len = 2 + rnd.nextInt(Math.max(1, w.length - 2));
                w = Arrays.copyOf(w, Math.min(len, w.length));
                how.append("cut to ").append(w.length).append(" bytes");
            }
            case 3 -> {
                int extra = 1 + rnd.nextInt(20);
                byte[] tail = new byte[extra];
                rnd.nextBytes(tail);
                w = QueryCatalog.concat(w, tail);
                how.append("append ").append(extra).append(" random bytes");
            }
            case 4 -> {
                if (w.length < 12) { how.append("(short: unchanged)"); break; }
                int field = rnd.nextInt(4);
                int v = rnd.nextInt(4);
                w[4 + 2 * field] = 0;
                w[5 + 2 * field] = (byte) v;
                how.append(new String[] {"QDCOUNT", "ANCOUNT", "NSCOUNT", "ARCOUNT"}[field]).append(" = ").append(v);
            }
            default -> {
                if (w.length < 4) { how.append("(short: unchanged)"); break; }
                // header flags, keeping QR clear most of the time so that most mutants get answers
                int flags = rnd.nextInt(0x10000) & ~(rnd.nextInt(4) == 0 ? 0 : 0x8000);
                w[2] = (byte) (flags >> 8);
                w[3] = (byte) flags;
                how.append("flags = 0x").append(Integer.toHexString(flags));
            }
        }
        return w;
    }
}

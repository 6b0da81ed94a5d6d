package dev.kiln.interop;

import java.util.ArrayList;
import java.util.List;

/**
 * One impairment, with {@code tc netem}'s meaning, applied by {@code netem_relay.py} to each
 * direction of a path on its own (see {@link NetemPath}).
 *
 * @param lossPct        each frame dropped with this probability (netem {@code loss P%})
 * @param delayMs        frames held this long (netem {@code delay Dms})
 * @param reorderPct     with a delay, frames sent at once instead (netem {@code reorder P% C%})
 * @param reorderCorrPct correlation of that choice, as netem computes it
 */
record NetemSpec(String label, double lossPct, double delayMs, double reorderPct, double reorderCorrPct) {
    static final NetemSpec LOSS_1 = new NetemSpec("loss 1%", 1, 0, 0, 0);
    static final NetemSpec LOSS_5 = new NetemSpec("loss 5%", 5, 0, 0, 0);
    static final NetemSpec REORDER = new NetemSpec("delay 1ms reorder 25% 50%", 0, 1, 25, 50);

    List<String> relayArgs() {
        List<String> a = new ArrayList<>();
        if (lossPct > 0) a.addAll(List.of("--loss", Double.toString(lossPct)));
        if (delayMs > 0) a.addAll(List.of("--delay-ms", Double.toString(delayMs)));
        if (reorderPct > 0) a.addAll(List.of("--reorder", Double.toString(reorderPct), "--reorder-corr", Double.toString(reorderCorrPct)));
        return a;
    }

    @Override
    public String toString() { return label; }
}

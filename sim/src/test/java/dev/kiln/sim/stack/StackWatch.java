package dev.kiln.sim.stack;

import dev.kiln.net.stack.KilnStack;
import dev.kiln.net.stack.StackConfig;
import dev.kiln.sim.Simulation;
import java.util.Map;
import java.util.TreeMap;

/** Registers a {@link KilnStack}'s bounded structures with a {@link Simulation}: no queue grows without bound. */
public final class StackWatch {
    private StackWatch() {}

    public static void watch(Simulation sim, String name, KilnStack s) {
        StackConfig c = s.config();
        sim.bounded(name + " arp pending packets", s::arpPendingPackets, c.arpPendingPacketsMax());
        sim.bounded(name + " arp cache entries", s::arpCacheSize, c.arpCacheEntriesMax());
        sim.bounded(name + " reassembly bytes", s::reassemblyBytesInUse, c.reassemblyBytesMax());
        sim.bounded(name + " reassembly datagrams", s::reassemblyDatagramsInUse, c.reassemblyDatagramsMax());
    }

    /** The non-zero counters, sorted, for a readable summary. */
    public static Map<String, Long> nonZero(Map<String, Long> m) {
        Map<String, Long> out = new TreeMap<>();
        m.forEach((k, v) -> {
            if (v != 0) out.put(k, v);
        });
        return out;
    }
}

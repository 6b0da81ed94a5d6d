package dev.kiln.build;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The per-build layout seed (issue 3 §3, placeholder). What HotSpot 25 lets a build place:
 *
 * <ul>
 *   <li>{@code -XX:SharedBaseAddress} (product flag): the address the AOT cache / CDS archive is
 *       <em>dumped</em> for. Chosen from the seed at the training run.</li>
 *   <li>{@code -XX:ArchiveRelocationMode} (diagnostic): 1, the default since JDK 20, maps the
 *       archive at an address the kernel picks (ASLR) and relocates its pointers at every boot, so
 *       the mapping base is already randomised per <em>boot</em>; 0 maps it at SharedBaseAddress
 *       (a per-<em>build</em> base, no relocation work) and relocates only if that fails. We keep 1.</li>
 *   <li>{@code -XX:HeapBaseMinAddress} (product flag): the lowest address for the Java heap; with
 *       compressed oops HotSpot reserves the heap at or above it, so the seed moves the heap base.</li>
 * </ul>
 *
 * Not randomisable from flags: the code cache, metaspace outside the archive, thread stacks and
 * native libraries (those follow the kernel's ASLR), and class/field layout inside the JVM.
 */
public record LayoutSeed(long seed) {
    /** 1 GiB steps keep the addresses aligned for every page and region size HotSpot uses. */
    private static final long GIB = 1L << 30;

    /** Archive base: 8..39 GiB, clear of the default heap placement below 32 GiB for small heaps. */
    public long sharedBaseAddress() {
        return (8 + new SplittableRandom(seed).nextLong(32)) * GIB;
    }

    /** Heap base minimum: 2..7 GiB (the default is 2 GiB), below the archive range. */
    public long heapBaseMinAddress() {
        SplittableRandom r = new SplittableRandom(seed);
        r.nextLong(32);
        return (2 + r.nextLong(6)) * GIB;
    }

    /** Flags for the training run that writes the AOT cache. */
    public List<String> dumpFlags() {
        return List.of("-XX:SharedBaseAddress=0x" + Long.toHexString(sharedBaseAddress()));
    }

    /** Flags for every boot of the image. */
    public List<String> runFlags() {
        return List.of("-XX:HeapBaseMinAddress=0x" + Long.toHexString(heapBaseMinAddress()));
    }
}

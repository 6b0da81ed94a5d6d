package dev.kiln.build;

import java.security.SecureRandom;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The per-build layout seed (issue 3 §3): the Java counterpart of MirageOS's fresh linker script
 * per build. Each build draws a seed ({@link #fresh()}, or takes {@code --seed N} to reproduce
 * one), and the seed decides where the JVM puts what HotSpot 25 lets a build place:
 *
 * <ul>
 *   <li><b>The AOT cache (CDS archive) and the compressed class space behind it.</b> The training
 *       run dumps the cache for {@code -XX:SharedBaseAddress} (a product flag) drawn from the
 *       seed, 8..39 GiB in 1 GiB steps, and every boot maps it there with
 *       {@code -XX:ArchiveRelocationMode=0} (a diagnostic flag): map at the recorded base, and
 *       relocate only if that address is taken. HotSpot's default, mode 1, maps the archive at a
 *       kernel-chosen address and patches every pointer in it at each boot instead: per-boot
 *       randomisation, which costs ≈ 9 ms of CPU per boot for this image (measured with
 *       {@code bench/boot}). An operator who prefers that trade adds
 *       {@code -XX:ArchiveRelocationMode=1} to {@code KILN_JAVA_OPTS} (the last flag wins).</li>
 *   <li><b>The Java heap.</b> {@code -XX:HeapBaseMinAddress} (product flag), 2..7 GiB: with
 *       compressed oops HotSpot reserves the heap at or just above it. Without it the heap sits
 *       at the same address in every run (HotSpot picks it from fixed candidates, not from
 *       ASLR), so this is a strict gain.</li>
 * </ul>
 *
 * Not placed by the seed (they follow the kernel's per-boot ASLR, or are not randomised at all):
 * the code cache, metaspace outside the archive, thread stacks, {@code libjvm.so} and the other
 * native libraries, the launcher's and the kernel's own layout, and class and field layout
 * inside the JVM (HotSpot computes it; no flag permutes it).
 */
public record LayoutSeed(long seed) {
    /** 1 GiB steps keep the addresses aligned for every page and region size HotSpot uses. */
    private static final long GIB = 1L << 30;

    /** A fresh seed from the operating system's entropy, for a build that was not given one. */
    public static long fresh() {
        return new SecureRandom().nextLong() >>> 1; // non-negative: prints the same signed or unsigned
    }

    /** Archive base: 8..39 GiB, clear of the heap range below and of 32 GiB compressed-oop heaps. */
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
        return List.of("-XX:HeapBaseMinAddress=0x" + Long.toHexString(heapBaseMinAddress()),
                "-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");
    }
}

package dev.kiln.build;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What goes into an appliance image. Build with {@link #of} and the {@code withXxx} methods.
 *
 * @param name          appliance name (file names, manifest)
 * @param classPath     the appliance's jars (or class directories, packed into jars), in class-path order
 * @param mainClass     the appliance's main class
 * @param bakedData     the baked data file (for DNS: the zone image, .kzone), copied to {@code data/}
 * @param dataOption    the appliance option the launcher passes the baked data with, e.g. {@code --zones}
 * @param target        {@code host} or {@code tap}; the launcher passes {@code --target TARGET}
 * @param heapMb        Java heap (-Xms = -Xmx), from the appliance descriptor
 * @param seed          layout seed (manifest; archive and heap base, see {@link LayoutSeed})
 * @param c1Only        add {@code -XX:TieredStopAtLevel=1} (faster boot, lower peak throughput)
 * @param aot           train an AOT cache ({@code app.aot}) on the host serving path
 * @param aotQueries    DNS queries sent during the training run
 * @param probeName     the name the training run (and boot probes) ask for, type SOA
 * @param jlinkCompress jlink {@code --compress} value; {@code zip-0} lets xz do the work
 * @param stripLibjvm   {@code strip --strip-unneeded} on libjvm.so
 * @param xzPreset      xz preset 0-9 for the .tar.xz; negative for no archive
 * @param xzExtreme     xz "extreme" (like {@code xz -9e})
 * @param shrink        remove the classes and members the appliance never uses (ProGuard, {@link Shrinker})
 * @param devices       the devices the descriptor declares, one line for the manifest (e.g. {@code net0=tap kiln0 192.0.2.2/24 via 192.0.2.1})
 * @param extraData     more baked data files, by the option that passes them (e.g. {@code --tls} → tls.ktls), copied to {@code data/}
 * @param probe         what the AOT training run sends: {@code dns} (queries for probeName), {@code http} or {@code https}
 *                      (HTTP requests; https also over TLS on {@code --tls-port})
 * @param jvmOptions    the appliance's own JVM options (descriptor {@code jvm-options=}): after Kiln's flags, before
 *                      {@code KILN_JAVA_OPTS}; in the training run, the manifest and the build id
 * @param jvmOptionsOrigin where they came from, for messages (e.g. {@code examples/www/appliance.properties:12})
 * @param probePaths    the paths an http(s) training run asks for besides its fixed mix: the baked site's files, so
 *                      the cache's profiles hold every size the site serves (empty: the fixed mix only)
 */
public record ImageSpec(String name, List<Path> classPath, String mainClass, Path bakedData, String dataOption,
                        String target, int heapMb, long seed, boolean c1Only, boolean aot, int aotQueries,
                        String probeName, String jlinkCompress, boolean stripLibjvm, int xzPreset, boolean xzExtreme,
                        boolean shrink, String devices, java.util.Map<String, Path> extraData, String probe,
                        List<String> jvmOptions, String jvmOptionsOrigin, List<String> probePaths) {
    /** Bounds on {@link #jvmOptions} (the descriptor's validator checks their kinds). */
    public static final int JVM_OPTIONS_MAX = 32, JVM_OPTION_CHARS_MAX = 200;

    public ImageSpec {
        Objects.requireNonNull(name, "name");
        devices = devices == null ? "" : devices;
        extraData = extraData == null ? java.util.Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extraData));
        probe = probe == null ? "dns" : probe;
        if (!java.util.List.of("dns", "http", "https").contains(probe)) throw new BuildException("unknown training probe '" + probe + "': use dns, http or https");
        classPath = List.copyOf(classPath);
        Objects.requireNonNull(mainClass, "mainClass");
        Objects.requireNonNull(bakedData, "bakedData");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) throw new BuildException("appliance name '" + name + "' must be letters, digits, '.', '_' or '-'");
        if (!target.equals("host") && !target.equals("tap")) throw new BuildException("unknown target '" + target + "': use host or tap");
        if (heapMb < 8 || heapMb > 65536) throw new BuildException("heap " + heapMb + " MB is out of range (8-65536 MB)");
        if (xzPreset > 9) throw new BuildException("xz preset " + xzPreset + " is out of range (0-9)");
        if (aotQueries < 1 || aotQueries > 1_000_000) throw new BuildException("training queries must be 1-1000000");
        jvmOptions = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
        jvmOptionsOrigin = jvmOptionsOrigin == null ? "jvm-options" : jvmOptionsOrigin;
        checkJvmOptions(jvmOptions, jvmOptionsOrigin);
        probePaths = probePaths == null ? List.of() : List.copyOf(probePaths);
        for (String path : probePaths) {
            if (!path.startsWith("/") || !path.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
                throw new BuildException("training path '" + path + "' must start with / and be printable ASCII without spaces");
            }
        }
    }

    /** The defaults: target host, 64 MB heap, seed 0, C2 on, AOT cache on, zip-0 + strip, xz -9e, shrunk. */
    public static ImageSpec of(String name, List<Path> classPath, String mainClass, Path bakedData) {
        return new ImageSpec(name, classPath, mainClass, bakedData, "--zones", "host", 64, 0, false, true, 500,
                "example.com.", "zip-0", true, 9, true, true, "", null, null, List.of(), null, List.of());
    }

    public ImageSpec withTarget(String t) {
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, t, heapMb, seed, c1Only, aot, aotQueries, probeName, jlinkCompress, stripLibjvm, xzPreset, xzExtreme, shrink, devices, extraData, probe, jvmOptions, jvmOptionsOrigin, probePaths);
    }

    public ImageSpec withHeapMb(int mb) {
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, target, mb, seed, c1Only, aot, aotQueries, probeName, jlinkCompress, stripLibjvm, xzPreset, xzExtreme, shrink, devices, extraData, probe, jvmOptions, jvmOptionsOrigin, probePaths);
    }

    public ImageSpec withSeed(long s) {
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, target, heapMb, s, c1Only, aot, aotQueries, probeName, jlinkCompress, stripLibjvm, xzPreset, xzExtreme, shrink, devices, extraData, probe, jvmOptions, jvmOptionsOrigin, probePaths);
    }

    public ImageSpec withC1Only(boolean c1) {
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, target, heapMb, seed, c1, aot, aotQueries, probeName, jlinkCompress, stripLibjvm, xzPreset, xzExtreme, shrink, devices, extraData, probe, jvmOptions, jvmOptionsOrigin, probePaths);
    }

    public ImageSpec withAot(boolean on, int queries) {
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, target, heapMb, seed, c1Only, on, queries, probeName, jlinkCompress, stripLibjvm, xzPreset, xzExtreme, shrink, devices, extraData, probe, jvmOptions, jvmOptionsOrigin, probePaths);
    }

    public ImageSpec withProbeName(String n) {
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, target, heapMb, seed, c1Only, aot, aotQueries, n, jlinkCompress, stripLibjvm, xzPreset, xzExtreme, shrink, devices, extraData, probe, jvmOptions, jvmOptionsOrigin, probePaths);
    }

    public ImageSpec withRuntime(String compress, boolean strip) {
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, target, heapMb, seed, c1Only, aot, aotQueries, probeName, compress, strip, xzPreset, xzExtreme, shrink, devices, extraData, probe, jvmOptions, jvmOptionsOrigin, probePaths);
    }

    /** @param preset 0-9, or negative for no .tar.xz */
    public ImageSpec withXz(int preset, boolean extreme) {
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, target, heapMb, seed, c1Only, aot, aotQueries, probeName, jlinkCompress, stripLibjvm, preset, extreme, shrink, devices, extraData, probe, jvmOptions, jvmOptionsOrigin, probePaths);
    }

    /** @param on shrink the application's jars with ProGuard (on by default) */
    public ImageSpec withShrink(boolean on) {
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, target, heapMb, seed, c1Only, aot, aotQueries, probeName, jlinkCompress, stripLibjvm, xzPreset, xzExtreme, on, devices, extraData, probe, jvmOptions, jvmOptionsOrigin, probePaths);
    }

    /** Adds a baked data file passed with {@code option} (e.g. {@code --tls}). */
    public ImageSpec withExtraData(String option, Path file) {
        java.util.Map<String, Path> m = new java.util.LinkedHashMap<>(extraData);
        m.put(option, file);
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, target, heapMb, seed, c1Only, aot, aotQueries, probeName, jlinkCompress, stripLibjvm, xzPreset, xzExtreme, shrink, devices, m, probe, jvmOptions, jvmOptionsOrigin, probePaths);
    }

    /** The primary baked data file and the option that passes it (e.g. {@code --site}). */
    public ImageSpec withData(String option, Path file) {
        return new ImageSpec(name, classPath, mainClass, file, option, target, heapMb, seed, c1Only, aot, aotQueries, probeName, jlinkCompress, stripLibjvm, xzPreset, xzExtreme, shrink, devices, extraData, probe, jvmOptions, jvmOptionsOrigin, probePaths);
    }

    /** What the training run sends: dns, http or https. */
    public ImageSpec withProbe(String kind) {
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, target, heapMb, seed, c1Only, aot, aotQueries, probeName, jlinkCompress, stripLibjvm, xzPreset, xzExtreme, shrink, devices, extraData, kind, jvmOptions, jvmOptionsOrigin, probePaths);
    }

    /** The site paths an http(s) training run asks for (see {@link #probePaths}). */
    public ImageSpec withProbePaths(List<String> paths) {
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, target, heapMb, seed, c1Only, aot, aotQueries, probeName, jlinkCompress, stripLibjvm, xzPreset, xzExtreme, shrink, devices, extraData, probe, jvmOptions, jvmOptionsOrigin, paths);
    }

    /**
     * The appliance's own JVM options, from {@code origin} (named when the image's JVM refuses one), e.g. the
     * descriptor's {@code jvm-options=} line as {@code FILE:LINE}.
     */
    public ImageSpec withJvmOptions(List<String> options, String origin) {
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, target, heapMb, seed, c1Only, aot, aotQueries, probeName, jlinkCompress, stripLibjvm, xzPreset, xzExtreme, shrink, devices, extraData, probe, options, origin, probePaths);
    }

    /**
     * Structure only (the launcher is a shell script): at most {@value #JVM_OPTIONS_MAX}, each one word of
     * printable ASCII without quotes or backslashes, starting with '-', at most {@value #JVM_OPTION_CHARS_MAX} long.
     */
    private static void checkJvmOptions(List<String> options, String origin) {
        if (options.size() > JVM_OPTIONS_MAX) throw new BuildException(origin + ": at most " + JVM_OPTIONS_MAX + " JVM options, not " + options.size());
        for (String o : options) {
            if (!o.matches("-[!#-&(-\\[\\]-~]{1," + (JVM_OPTION_CHARS_MAX - 1) + "}")) {
                throw new BuildException(origin + ": '" + o + "' is not a JVM option an image can carry: one word of printable"
                        + " characters starting with '-', without quotes or backslashes, at most " + JVM_OPTION_CHARS_MAX + " long");
            }
        }
    }

    public ImageSpec withDevices(String d) {
        return new ImageSpec(name, classPath, mainClass, bakedData, dataOption, target, heapMb, seed, c1Only, aot, aotQueries, probeName, jlinkCompress, stripLibjvm, xzPreset, xzExtreme, shrink, d, extraData, probe, jvmOptions, jvmOptionsOrigin, probePaths);
    }
}

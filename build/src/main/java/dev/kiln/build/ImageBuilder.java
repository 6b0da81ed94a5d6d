package dev.kiln.build;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Builds an appliance image directory and its {@code .tar.xz}:
 *
 * <pre>
 *   OUT/bin/appliance          launcher (JVM flags, the appliance's jvm-options, class path, baked data, target)
 *   OUT/runtime/               jlink runtime: the JDK modules jdeps found, stripped
 *   OUT/app/NN-*.jar           the application's class path, shrunk (ProGuard: only what the main class reaches)
 *   OUT/data/zones.kzone       the baked data
 *   OUT/app.aot                AOT cache from a training run (optional)
 *   OUT/manifest.properties    build id, target, main class, modules, sizes, layout seed
 *   OUT/aot.properties         how the AOT cache was trained (not reproducible, see Manifest)
 *   OUT.tar.xz                 all of the above under NAME/, reproducible
 * </pre>
 */
public final class ImageBuilder {
    private ImageBuilder() {}

    /** Builds {@code spec} into {@code out}, which must not exist yet; progress goes to {@code log}. */
    public static BuiltImage build(ImageSpec spec, Path out, PrintStream log) {
        try {
            return doBuild(spec, out.toAbsolutePath().normalize(), log);
        } catch (IOException e) {
            throw new BuildException("cannot build the image in " + out + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BuildException("interrupted while building " + out, e);
        }
    }

    private static BuiltImage doBuild(ImageSpec spec, Path out, PrintStream log) throws IOException, InterruptedException {
        for (Path p : spec.classPath()) {
            if (!Files.exists(p)) throw new BuildException("class-path entry " + p + " does not exist; build the appliance first (mvn install -DskipTests)");
        }
        if (!Files.isRegularFile(spec.bakedData())) {
            throw new BuildException("baked data " + spec.bakedData() + " does not exist; bake it first (./kiln bake --zone FILE -o " + spec.bakedData() + ")");
        }
        if (Files.exists(out)) throw new BuildException(out + " already exists; remove it or choose another output directory");
        Map<String, Long> stages = new LinkedHashMap<>();
        LayoutSeed layout = new LayoutSeed(spec.seed());
        long t = System.nanoTime();

        String buildId = buildId(spec);
        log.printf("building image %s (target %s, build %s) in %s%n", spec.name(), spec.target(), buildId.substring(0, 12), out);
        if (!spec.jvmOptions().isEmpty()) {
            JvmOptionsCheck.check(Path.of(System.getProperty("java.home")), spec, layout);
            t = stage(stages, "jvmopts", t, log, "the JVM accepts the appliance's options " + String.join(" ", spec.jvmOptions()));
        }
        Files.createDirectories(out);

        List<String> modules = ModuleDeps.compute(spec.classPath());
        t = stage(stages, "jdeps", t, log, "JDK modules: " + String.join(",", modules));

        RuntimeLinker.Linked rt = RuntimeLinker.link(modules, out.resolve("runtime"), spec.jlinkCompress(), spec.stripLibjvm());
        long runtimeBytes = dirBytes(out.resolve("runtime"));
        t = stage(stages, "jlink", t, log, String.format("runtime %,d bytes (libjvm.so %,d -> %,d)", runtimeBytes,
                rt.libjvmBytesBefore(), rt.libjvmBytesAfter()));

        Shrinker.Result shrunk = spec.shrink() ? Shrinker.packAndShrink(spec, rt.dir(), modules, out.resolve("app")) : null;
        List<String> jars = shrunk != null ? shrunk.jars() : AppPacker.pack(spec.classPath(), out.resolve("app"));
        long appBytes = dirBytes(out.resolve("app"));
        if (shrunk != null) {
            t = stage(stages, "shrink", t, log, String.format("%s: app %,d -> %,d bytes, %d -> %d classes", shrunk.tool(),
                    shrunk.bytesBefore(), shrunk.bytesAfter(), shrunk.classesBefore(), shrunk.classesAfter()));
        }
        String dataFile = spec.bakedData().getFileName().toString().endsWith(".kzone") ? "zones.kzone"
                : spec.bakedData().getFileName().toString();
        Files.createDirectories(out.resolve(LauncherScript.DATA_DIR));
        Files.copy(spec.bakedData(), out.resolve(LauncherScript.DATA_DIR).resolve(dataFile));
        long dataBytes = Files.size(spec.bakedData());
        for (Path extra : spec.extraData().values()) {
            if (!Files.isRegularFile(extra)) throw new BuildException("baked data " + extra + " does not exist; configure the appliance first (kiln build)");
            Files.copy(extra, out.resolve(LauncherScript.DATA_DIR).resolve(extra.getFileName().toString()));
            dataBytes += Files.size(extra);
        }
        Path launcher = out.resolve(LauncherScript.PATH);
        Files.createDirectories(launcher.getParent());
        Files.writeString(launcher, LauncherScript.render(spec, layout, jars, dataFile, buildId), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        t = stage(stages, "app", t, log, String.format("app %,d bytes in %d jars, data %,d bytes", appBytes, jars.size(), dataBytes));

        Map<String, String> m = new TreeMap<>();
        m.put("kiln.image.format", "1");
        m.put("name", spec.name());
        m.put("build.id", buildId);
        m.put("target", spec.target());
        m.put("main.class", spec.mainClass());
        m.put("jdk.version", Runtime.version().toString());
        m.put("jdk.vendor", System.getProperty("java.vendor", "?"));
        m.put("jdk.modules", String.join(",", modules));
        m.put("jlink.compress", spec.jlinkCompress());
        m.put("app.jars", String.join(",", jars));
        m.put("data.file", LauncherScript.DATA_DIR + "/" + dataFile);
        m.put("data.option", spec.dataOption());
        if (!spec.extraData().isEmpty()) m.put("data.extra", LauncherScript.extraData(spec));
        m.put("memory.heap.mb", String.valueOf(spec.heapMb()));
        m.put("devices", spec.devices().isEmpty() ? "(none declared)" : spec.devices());
        m.put("jvm.flags", String.join(" ", LauncherScript.allFlags(spec, layout)));
        m.put("jvm.options", spec.jvmOptions().isEmpty() ? "(none)" : String.join(" ", spec.jvmOptions()));
        m.put("aot.file", spec.aot() ? LauncherScript.AOT_FILE : "");
        m.put("layout.seed", Long.toUnsignedString(spec.seed()));
        m.put("layout.sharedBaseAddress", "0x" + Long.toHexString(layout.sharedBaseAddress()));
        m.put("layout.heapBaseMinAddress", "0x" + Long.toHexString(layout.heapBaseMinAddress()));
        m.put("layout.archiveRelocationMode", "0 (the AOT cache maps at layout.sharedBaseAddress, chosen per build; see LayoutSeed)");
        m.put("size.runtime.bytes", String.valueOf(runtimeBytes));
        m.put("size.runtime.libjvm.unstripped.bytes", String.valueOf(rt.libjvmBytesBefore()));
        m.put("size.runtime.libjvm.bytes", String.valueOf(rt.libjvmBytesAfter()));
        m.put("size.app.bytes", String.valueOf(appBytes));
        m.put("size.data.bytes", String.valueOf(dataBytes));
        m.put("shrink", shrunk == null ? "off" : shrunk.tool());
        if (shrunk != null) {
            m.put("size.app.unshrunk.bytes", String.valueOf(shrunk.bytesBefore()));
            m.put("app.classes.unshrunk", String.valueOf(shrunk.classesBefore()));
            m.put("app.classes", String.valueOf(shrunk.classesAfter()));
        }
        Manifest.write(out.resolve(Manifest.FILE), m, "Kiln appliance image manifest (reproducible; see aot.properties for the AOT cache)");

        long aotBytes = 0;
        if (spec.aot()) {
            AotTrainer.Trained tr = AotTrainer.train(out, spec, layout, log);
            aotBytes = tr.aotBytes();
            Map<String, String> a = new TreeMap<>();
            a.put("aot.file", LauncherScript.AOT_FILE);
            a.put("aot.bytes", String.valueOf(tr.aotBytes()));
            a.put("aot.training.queries", String.valueOf(tr.queriesSent()));
            a.put("aot.training.answered", String.valueOf(tr.answered()));
            a.put("aot.training.exit", String.valueOf(tr.exitStatus()));
            a.put("aot.training.path", tr.path());
            a.put("aot.training.probe", spec.probe());
            if (!spec.probe().equals("dns")) a.put("aot.training.site.paths", String.valueOf(spec.probePaths().size()));
            a.put("aot.dump.flags", String.join(" ", layout.dumpFlags()));
            a.put("aot.sha256", sha256(out.resolve(LauncherScript.AOT_FILE)));
            Manifest.write(out.resolve(Manifest.AOT_FILE), a, "AOT cache from a training run (not byte-reproducible)");
            t = stage(stages, "aot", t, log, String.format("AOT cache %,d bytes", aotBytes));
        }

        Path tarXz = null;
        long tarBytes = 0;
        if (spec.xzPreset() >= 0) {
            tarXz = out.resolveSibling(out.getFileName() + ".tar.xz");
            TarXz.write(out, spec.name(), tarXz, spec.xzPreset(), spec.xzExtreme(), rel -> false);
            tarBytes = Files.size(tarXz);
            t = stage(stages, "tar.xz", t, log, String.format("%s %,d bytes", tarXz.getFileName(), tarBytes));
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        sizes.put("runtime", runtimeBytes);
        sizes.put("app", appBytes);
        sizes.put("data", dataBytes);
        sizes.put("aot", aotBytes);
        sizes.put("image", dirBytes(out));
        sizes.put("tar.xz", tarBytes);
        return new BuiltImage(out, tarXz, buildId, modules, Map.copyOf(m), sizes, stages);
    }

    /**
     * Why an AOT training run for {@code target} cannot happen on this machine, or null if it can.
     * A tap image trains on the tap path, which needs root, {@code /dev/net/tun} and {@code ip};
     * an image whose main serves only the tap target cannot train elsewhere.
     */
    public static String aotTrainingUnavailable(String target) {
        return target.equals("tap") ? TrainingNetwork.unavailable() : null;
    }

    private static long stage(Map<String, Long> stages, String name, long t0, PrintStream log, String what) {
        long now = System.nanoTime();
        long ms = (now - t0) / 1_000_000;
        stages.put(name, ms);
        log.printf("  %-7s %6d ms  %s%n", name, ms, what);
        return now;
    }

    /** SHA-256 over everything that decides the image's bytes (except the AOT training run). */
    static String buildId(ImageSpec spec) throws IOException {
        MessageDigest md = sha();
        StringBuilder sb = new StringBuilder("kiln-image-1\n");
        sb.append(spec.name()).append('\n').append(spec.mainClass()).append('\n').append(spec.target()).append('\n')
                .append(spec.dataOption()).append('\n').append(spec.heapMb()).append('\n').append(spec.seed()).append('\n')
                .append(spec.c1Only()).append('\n').append(spec.aot()).append('\n').append(spec.aotQueries()).append('\n')
                .append(spec.probeName()).append('\n').append(spec.jlinkCompress()).append('\n').append(spec.stripLibjvm()).append('\n')
                .append(spec.xzPreset()).append(spec.xzExtreme()).append('\n')
                .append(spec.devices()).append('\n').append("shrink ").append(spec.shrink() ? "proguard " + Shrinker.version() : "off").append('\n')
                .append(Runtime.version()).append(' ').append(System.getProperty("java.vendor")).append('\n');
        for (Path p : spec.classPath()) sb.append("cp ").append(contentHash(p)).append('\n');
        sb.append("data ").append(sha256(spec.bakedData())).append('\n');
        for (var e : spec.extraData().entrySet()) sb.append("data ").append(e.getKey()).append(' ').append(sha256(e.getValue())).append('\n');
        if (!spec.probe().equals("dns")) sb.append("probe ").append(spec.probe()).append('\n');
        if (!spec.jvmOptions().isEmpty()) sb.append("jvm-options ").append(String.join("\u0000", spec.jvmOptions())).append('\n');
        md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(md.digest());
    }

    private static String contentHash(Path p) throws IOException {
        if (!Files.isDirectory(p)) return sha256(p);
        MessageDigest md = sha();
        List<Path> files;
        try (Stream<Path> s = Files.walk(p)) {
            files = s.filter(Files::isRegularFile).sorted((a, b) -> AppPacker.rel(p, a).compareTo(AppPacker.rel(p, b))).toList();
        }
        for (Path f : files) {
            md.update((AppPacker.rel(p, f) + "\n" + sha256(f) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Hex SHA-256 of a file. */
    public static String sha256(Path f) throws IOException {
        MessageDigest md = sha();
        try (InputStream in = Files.newInputStream(f)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest sha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no SHA-256 in this JDK", e);
        }
    }

    static long dirBytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        }
    }
}

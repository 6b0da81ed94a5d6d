package dev.kiln.cli;

import dev.kiln.build.BuiltImage;
import dev.kiln.build.ImageBuilder;
import dev.kiln.build.ImageSpec;
import dev.kiln.configure.Configure;
import dev.kiln.configure.Configured;
import dev.kiln.configure.Descriptor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kiln build [DIR]}: configure the appliance for a target, then build its image. */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Configure an appliance for a target (validate its descriptor, bake its zones, generate and compile its"
                + " main), then build its image: a minimal Java runtime, the app, the baked data and a launcher."
                + " Shows each stage with its time, and the sizes. Boot the result with kiln run OUT.")
final class BuildCommand implements java.util.concurrent.Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", defaultValue = ".", description = "The appliance directory (default: the current one).")
    Path dir;

    @Option(names = "--target", defaultValue = "tap", description = "tap (Kiln's own stack on a TAP device) or host (host sockets)."
            + " Default ${DEFAULT-VALUE}.")
    String target;

    @Option(names = {"-o", "--output"}, description = "The image directory (default DIR/target/image-TARGET); a previous"
            + " image there is replaced.")
    Path output;

    @Option(names = "--no-aot", description = "Skip the AOT cache (a training run: on the tap path in a throwaway namespace when root, else on the host path).")
    boolean noAot;

    @Option(names = "--archive", description = "Also write OUT.tar.xz (xz -9e: minutes for a 60 MB image).")
    boolean archive;

    @Option(names = "--seed", defaultValue = "0", description = "Layout seed recorded in the manifest (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        BuiltImage img = build(dir, target, output, !noAot, archive, seed);
        System.out.println("boot it: " + (target.equals("tap") ? "sudo " : "") + "./kiln run " + img.dir());
        return 0;
    }

    /** Configures {@code dir} for {@code target} and builds its image; prints stages with timings and the sizes. */
    static BuiltImage build(Path dir, String target, Path output, boolean withAot, boolean archive, long seed) {
        if (!target.equals("tap") && !target.equals("host")) throw new UserError("unknown target '" + target + "': use --target tap or --target host");
        long t0 = System.nanoTime();
        ApplianceDir app = ApplianceDir.open(dir);
        Descriptor d = app.descriptor();
        Path out = (output != null ? output : app.dir().resolve("target").resolve("image-" + target)).toAbsolutePath().normalize();
        Images.removePrevious(out);
        System.out.println("configuring " + d.name() + " for " + target + " (" + d.file() + "):");
        List<Path> cp = new ArrayList<>(app.classPath());
        Configured c = Configure.run(d, target, cp, app.workDir(target), System.out);
        var data = new java.util.ArrayList<>(c.data().entrySet());
        if (data.isEmpty()) throw new UserError(d.file() + ": an image carries baked data, and this appliance has none yet: add zones= or site=");
        cp.add(c.jar());
        boolean web = c.site() != null;
        String why = dev.kiln.build.ImageBuilder.aotTrainingUnavailable(target);
        boolean aot = withAot && why == null;
        if (withAot && !aot) System.out.println("  (no AOT cache: a tap image trains it on the tap path, which " + why + ")");
        ImageSpec spec = ImageSpec.of(d.name(), cp, c.mainClass(), data.getFirst().getValue()).withData(data.getFirst().getKey(), data.getFirst().getValue())
                .withTarget(target).withHeapMb(d.heapMb()).withSeed(seed).withAot(aot, 500)
                .withXz(archive ? 9 : -1, archive).withDevices(devices(d, target))
                .withJvmOptions(d.jvmOptions(), d.jvmOptions().isEmpty() ? null : d.where("jvm-options"));
        for (var e : data.subList(1, data.size())) spec = spec.withExtraData(e.getKey(), e.getValue());
        if (web) spec = spec.withProbe(c.tls() != null ? "https" : "http").withProbePaths(c.sitePaths());
        else spec = spec.withProbeName(c.origins().getFirst());
        BuiltImage img = ImageBuilder.build(spec, out, System.out);
        Map<String, Long> stages = new LinkedHashMap<>(c.stageMillis());
        stages.putAll(img.stageMillis());
        System.out.println("stages:");
        stages.forEach((k, v) -> System.out.printf("  %-9s %,8d ms%n", k, v));
        System.out.printf("  %-9s %,8d ms%n", "total", (System.nanoTime() - t0) / 1_000_000);
        System.out.println("sizes:");
        img.sizes().forEach((k, v) -> {
            if (v > 0) System.out.printf("  %-9s %,14d bytes%n", k, v);
        });
        System.out.println("image: " + img.dir() + (img.tarXz() != null ? " (and " + img.tarXz() + ")" : ""));
        return img;
    }

    /** The declared devices as the image's manifest line, e.g. {@code net0=tap kiln0 192.0.2.2/24 via 192.0.2.1}. */
    static String devices(Descriptor d, String target) {
        List<String> out = new ArrayList<>();
        for (var n : d.nets()) {
            out.add(n.id() + "=" + (target.equals("tap")
                    ? "tap " + n.tap() + " " + n.address() + (n.gateway() == null ? "" : " via " + n.gateway())
                    : "host " + n.listen()));
        }
        return String.join(", ", out);
    }
}
